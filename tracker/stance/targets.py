"""Find the targets a statement talks about and give each one canonical name.

Two sources of targets:

* an alias table (`TARGET_ENTRIES`): canonical name, kind and the ways news text refers to it (names, demonyms,
  capitals used as metonyms, common abbreviations). The store seeds its `target_aliases` table from
  `default_aliases()` and hands rows back to `TargetMatcher`, so users can extend the table without code;
* spaCy named entities (GPE, NORP, ORG, PERSON, LOC), normalised through the same table and, for people, to the
  fullest name seen in the document ("Trump" -> "Donald Trump").

Matching on the alias table is on token boundaries and longest-match-first, so "European allies" is one Europe
mention and "East China Sea" (a blocking phrase) is not China. Short or all-capital aliases ("US", "UN", "EU") must
match exactly; longer ones match in any case provided the text starts with a capital ("Turkey", not "turkey").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.lexicon import (
    AGENT_ROLES,
    CAMPAIGN_WORDS,
    GOVERNMENT_NOUNS,
    HONORIFIC_GENDERS,
    PARTY_WORDS,
    PERSON_BODY_NOUNS,
    PRONOUN_GENDERS,
    ROLE_NOUN_GENDERS,
    ROLE_NOUNS,
    TARGET_BLOCKING_PHRASES,
    TARGET_ENTRIES,
    TARGET_TITLES,
)
from tracker.types import Speaker, TextSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tracker.nlp.attribution.speakers import SpeakerResolver

TargetKind = str  # "country", "region", "organisation", "person", "group"


ENTITY_LABELS = {"GPE": "region", "LOC": "region", "NORP": "group", "ORG": "organisation", "PERSON": "person"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")


@dataclass(frozen=True)
class TargetAlias:
    """One row of the alias table: `alias` in text means target `canonical` of `kind`."""

    alias: str
    canonical: str
    kind: TargetKind


def default_aliases() -> list[TargetAlias]:
    """The built-in alias table, one row per (alias, canonical) pair, canonical names included."""
    rows: list[TargetAlias] = []
    for canonical, kind, aliases in TARGET_ENTRIES:
        seen: set[str] = set()
        for alias in (canonical, *aliases):
            if alias not in seen:
                seen.add(alias)
                rows.append(TargetAlias(alias, canonical, kind))
    return rows


def _strict(alias: str) -> bool:
    """Aliases that must match with exactly this case: short ones and abbreviations ("US", "UN", "EU", "PRC")."""
    letters = [c for c in alias if c.isalpha()]
    return len(alias) <= 3 or all(c.isupper() for c in letters)


class TargetMatcher:
    """Finds canonical targets in a span of a spaCy Doc from an alias table and the Doc's entities."""

    def __init__(
        self, aliases: Iterable[TargetAlias] | None = None, *, blocking: Iterable[str] = TARGET_BLOCKING_PHRASES
    ) -> None:
        rows = list(default_aliases() if aliases is None else aliases)
        self._exact: dict[str, TargetAlias] = {}
        self._folded: dict[str, TargetAlias] = {}
        phrases_seen: set[str] = set()
        for row in rows:
            # "the Kremlin" is matched as "Kremlin", so that "the" never hides a longer alias ("the UN Security ...").
            for form in {row.alias, _LEADING_THE.sub("", row.alias)}:
                phrases_seen.add(_LEADING_THE.sub("", row.alias))
                self._exact.setdefault(form, row)
                if not _strict(form):
                    self._folded.setdefault(form.casefold(), row)
        self._canonical_kind = {row.canonical: row.kind for row in rows}
        self._blocking = {phrase.casefold() for phrase in blocking}
        phrases = sorted(phrases_seen | set(blocking), key=len, reverse=True)
        alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]") for p in phrases)
        self._regex = re.compile(rf"(?<![\w.-])(?:{alternation})(?![\w-])", re.IGNORECASE)

    def lookup(self, text: str) -> TargetAlias | None:
        """The alias row for a surface form (case rules as in matching), ignoring "the" and a possessive 's."""
        text = " ".join(text.split()).replace("’", "'")
        candidates = [text]
        stripped = _POSSESSIVE.sub("", _LEADING_THE.sub("", text)).strip()
        if stripped != text:
            candidates.append(stripped)
        for candidate in candidates:
            if candidate in self._exact:
                return self._exact[candidate]
            row = self._folded.get(candidate.casefold())
            if row is not None and candidate[:1].isupper():
                return row
        return None

    def _scan(self, text: str, offset: int) -> list[tuple[TargetAlias | None, TextSpan]]:
        """Alias and blocking-phrase matches; a blocking phrase comes with row None."""
        found: list[tuple[TargetAlias | None, TextSpan]] = []
        for match in self._regex.finditer(text):
            surface = match.group(0)
            normal = " ".join(surface.split()).replace("’", "'")
            span = TextSpan(offset + match.start(), offset + match.end(), surface)
            if normal.casefold() in self._blocking:
                found.append((None, span))
                continue
            row = self.lookup(normal)
            if row is not None:
                found.append((row, span))
        return found

    def _doc_matches(self, doc: Doc, text: str) -> tuple[list[int], list[tuple[TargetAlias | None, TextSpan]]]:
        """`_scan` of the whole doc, once per doc and matcher: `find` runs over many overlapping ranges of it."""
        per_matcher = doc.user_data.setdefault(_SCAN_KEY, {})
        found = per_matcher.get(id(self))
        if found is None:
            matches = self._scan(text, 0)
            found = per_matcher[id(self)] = ([span.start for _, span in matches], matches)
        return found

    def person_names(self, doc: Doc) -> dict[str, str]:
        """Surname -> fullest name among the Doc's PERSON entities ("Trump" -> "Donald Trump"), and a given name
        that only one full name of the Doc starts with, and that is nobody's surname ("Hillary", "Bernie")."""
        cached = doc.user_data.get(_PEOPLE_KEY)
        if cached is not None:
            return cached
        names: dict[str, str] = {}
        given: dict[str, set[str]] = {}
        # The headline's title case runs words into names ("Double Standard Clinton"): a name the body gives
        # goes before one only the headline does.
        headline_end = next((t.i for t in doc if t.is_space and "\n" in t.text), len(doc))
        headline_only: set[str] = set()
        for ent in _entities(doc):
            if ent.label_ != "PERSON":
                continue
            name = _clean_person(ent)
            if not name:
                continue
            surname = name.split()[-1]
            known = names.get(surname, "")
            in_body = ent.start >= headline_end
            if len(name.split()) > len(known.split()) or (
                in_body and surname in headline_only and len(name.split()) == len(known.split())
            ):
                names[surname] = name
                headline_only.discard(surname)
                if not in_body:
                    headline_only.add(surname)
            if len(name.split()) > 1:
                given.setdefault(name.split()[0], set()).add(name)
        surnames = {full.split()[-1] for fulls in given.values() for full in fulls}
        for first, fulls in given.items():
            if len(fulls) == 1 and first not in surnames:
                names[first] = next(iter(fulls))
        doc.user_data[_PEOPLE_KEY] = names
        return names

    def find(
        self, doc: Doc, start_char: int, end_char: int, *, text: str | None = None
    ) -> list[tuple[str, str, TextSpan]]:
        """Targets mentioned between two character offsets of `doc.text`, one per canonical name (its first mention).

        Args:
            text: `doc.text`, when the caller has it (spaCy joins it anew on every access).

        Returns:
            `(canonical, kind, mention)` in text order.
        """
        text = doc.text if text is None else text
        starts, matches = self._doc_matches(doc, text)
        scanned = [
            m
            for m in matches[bisect_left(starts, start_char) : bisect_left(starts, end_char)]
            if m[1].end <= end_char and not _in_person_name(doc, m)
        ]
        hits: list[tuple[str, str, TextSpan]] = [(row.canonical, row.kind, span) for row, span in scanned if row]
        taken = [(span.start, span.end) for _, span in scanned]  # blocked phrases hide entities too
        people: dict[str, str] | None = None
        for ent in _entities(doc):
            if ent.label_ not in ENTITY_LABELS or ent.start_char < start_char or ent.end_char > end_char:
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in taken):
                continue
            row = self.lookup(ent.text)
            if row is not None:
                hits.append((row.canonical, row.kind, TextSpan(ent.start_char, ent.end_char, ent.text)))
                continue
            if people is None:
                people = self.person_names(doc)
            last_word = _POSSESSIVE.sub("", ent.text.replace("’", "'")).split()[-1:]
            if ent.label_ == "PERSON" or (last_word and last_word[0] in people and ent.label_ in ("ORG", "NORP")):
                name = _clean_person(ent)
                if not name:
                    continue
                canonical = people.get(name.split()[-1], name)
                hits.append((canonical, "person", TextSpan(ent.start_char, ent.end_char, ent.text)))
            else:
                name = _POSSESSIVE.sub("", _LEADING_THE.sub("", ent.text)).strip()
                if name and name.lower() == name:
                    continue  # lower-case "entities" are tagger noise
                if name:
                    kind = self._canonical_kind.get(name, ENTITY_LABELS[ent.label_])
                    hits.append((name, kind, TextSpan(ent.start_char, ent.end_char, ent.text)))
        hits.sort(key=lambda hit: hit[2].start)
        seen: set[str] = set()
        result = []
        for canonical, kind, span in hits:
            if _modifier_or_noise(doc, span, kind, known=canonical in self._canonical_kind):
                continue
            if canonical not in seen:
                seen.add(canonical)
                result.append((canonical, kind, span))
        return result


def _in_person_name(doc: Doc, match: tuple[TargetAlias | None, TextSpan]) -> bool:
    """Whether an alias match lies inside a longer PERSON entity: it is part of a name ("Mark Cuban", "Paris
    Hilton"), not a place."""
    row, span = match
    return row is not None and any(
        ent.label_ == "PERSON"
        and ent.start_char <= span.start
        and span.end <= ent.end_char
        and ent.end_char - ent.start_char > span.end - span.start
        for ent in _entities(doc)
    )


PLACE_KINDS = frozenset({"country", "region"})


def _role_domain(root: Token) -> bool:
    """A place or organisation named as the domain of a role ("the president of the United States", "Chicago's
    mayor", "secretary of State") modifies a person, as "American" does in "the American politician". A place as
    a setting ("a rally in Iowa") is left to the statement: the hand-labelled statements count it as a neutral
    target as often as not."""
    if root.dep_ == "poss" or (root.dep_ == "pobj" and root.head.lower_ == "of"):
        holder = root.head if root.dep_ == "poss" else root.head.head
        return holder.lower_ in ROLE_NOUNS  # not "Russia's aggression", "the collapse of Venezuela"
    return False


def _one_member(root: Token) -> bool:
    """A party member's word with a determiner ("the Republican's disrespect for women") or a nationality or
    religion with "a"/"an" ("as a Christian"), as a singular noun: one member, not the group."""
    if root.tag_ not in ("NN", "NNP"):
        return False
    articles = [c.lower_ for c in root.children if c.dep_ == "det"]
    if root.lower_ + "s" in PARTY_WORDS:  # a member's word ("Republican", "Democrat"), not the party's ("GOP")
        return bool(articles)
    return root.ent_type_ == "NORP" and any(a in ("a", "an") for a in articles)


def _affiliation(doc: Doc, tokens: Span) -> bool:
    """A parenthesised name right after a person's: their state or party ("Sen. Bernie Sanders (Vt.)",
    "Rep. Elijah E. Cummings (D-Md.)")."""
    opening = next((t for t in reversed(doc[max(0, tokens.start - 3) : tokens.start]) if t.text in "()"), None)
    closing = next((t for t in doc[tokens.end : tokens.end + 2] if t.text in "()"), None)
    return (
        opening is not None
        and opening.text == "("
        and closing is not None
        and closing.text == ")"
        and opening.i > 0
        and doc[opening.i - 1].ent_type_ == "PERSON"
    )


def _modifier_or_noise(doc: Doc, span: TextSpan, kind: str, *, known: bool) -> bool:
    """A mention that is no target of the statement: a place, party or nationality word modifying a noun or
    naming one member ("a Christian"), a place or organisation in a title ("NATO member Estonia", "secretary of
    State") or a person's affiliation ("Sanders (Vt.)"), a transcript label ("WALLACE:"), an adjective NER took
    for a name ("un-American"), or a short name NER made up ("Vt.", "Meh")."""
    tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return False
    root = tokens.root
    modifies = (
        root.dep_ in ("amod", "compound", "nmod")
        and root.head.pos_ in ("NOUN", "PROPN")
        and not (tokens.start <= root.head.i < tokens.end)
    )
    # "The Russian government" is Russia itself: a government stands for its country.
    governs = kind != "person" and root.head.lemma_.lower() in GOVERNMENT_NOUNS
    # "NATO allies" and "EPA rules" are about NATO and the EPA; "Republican nominee" is not about the party.
    if (
        modifies
        and not governs
        and (kind != "organisation" or root.dep_ == "amod" or span.text.casefold() in PARTY_WORDS)
    ):
        return True
    # ... but in "NATO member Estonia" the noun is a title of the named one.
    title = root.head
    if modifies and title.pos_ == "NOUN" and title.dep_ in ("compound", "appos") and title.head.pos_ == "PROPN":
        return True
    if kind != "person" and (_role_domain(root) or _one_member(root) or _affiliation(doc, tokens)):
        return True
    if known:
        return False
    words = [t for t in tokens if not t.is_punct]
    if words and all(t.pos_ == "ADJ" for t in words):
        return True
    surface = span.text.strip()
    letters = [c for c in surface if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and doc[tokens.end : tokens.end + 1].text == ":":
        return True
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    return len(tokens) == 1 and len(letters) <= 3 and not acronym


# How the words around a statement hang on its cue: where, when, how it was said; not what about ("said of RT").
_FRAME_DEPS = frozenset({"agent", "prep", "npadvmod"})
_TOPIC_PREPOSITIONS = frozenset({"of", "about"})


def in_frame(doc: Doc, content: TextSpan, cue: TextSpan | None, mention: TextSpan) -> bool:
    """A mention in the words that frame a statement, not in the statement: in a phrase without a verb that tells
    where, when or how it was said (a prepositional, agent or adverbial phrase hanging on the cue or on a word
    outside the content), beside a clause of the content ("The summit accomplished too little, he added on
    Twitter", "..., Flynn said Thursday morning on Fox News's show"). Not a phrase on what was said of ("said of
    RT"), nor a content that is only such a phrase."""
    tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if tokens is None or not len(tokens):
        return False

    def inside(token: Token) -> bool:
        in_cue = cue is not None and cue.start <= token.idx < cue.end
        return content.start <= token.idx < content.end and not in_cue

    phrase = tokens.root
    if len(tokens) > 1 and phrase.dep_ in ("case", "punct"):  # the parser hangs a possessive 's apart now and then
        phrase = tokens[:-1].root
    while phrase.head.i != phrase.i and inside(phrase.head):
        phrase = phrase.head
    if phrase.head.i == phrase.i or phrase.dep_ not in _FRAME_DEPS or phrase.lower_ in _TOPIC_PREPOSITIONS:
        return False
    first, last = phrase.left_edge.i, phrase.right_edge.i
    if any(doc[i].pos_ in ("VERB", "AUX") and inside(doc[i]) for i in range(first, last + 1)):
        return False
    words = doc.char_span(content.start, content.end, alignment_mode="contract")
    return words is not None and any(
        t.pos_ in ("VERB", "AUX") and inside(t) and not first <= t.i <= last for t in words
    )


_RESOLVER_KEY = "tracker_target_resolver"


def _resolver(doc: Doc) -> SpeakerResolver:
    """The doc's speaker resolver, built once per doc (it reads every entity and pronoun of the article)."""
    from tracker.nlp.attribution.speakers import SpeakerResolver

    resolver = doc.user_data.get(_RESOLVER_KEY)
    if resolver is None:
        resolver = doc.user_data[_RESOLVER_KEY] = SpeakerResolver(doc)
    return resolver


def unnamed_targets(
    doc: Doc,
    start_char: int,
    end_char: int,
    named: Sequence[tuple[str, str, TextSpan]],
    reported_speaker: Speaker | None = None,
    *,
    reported: bool = False,
) -> list[tuple[str, str, TextSpan]]:
    """Targets a statement refers to without naming them, resolved the way speakers are
    (tracker.nlp.attribution.speakers), in text order: people by pronoun ("she will put the Oval Office up for
    sale"), bodies by their leader ("her campaign", "the Obama administration") and people by a definite role
    ("the Democratic presidential nominee"). None already named in the statement, by full name or by a surname
    named alone, and no pronoun that a person of its gender named before it in the statement stands for.

    In reported speech (`reported`: indirect and mixed statements) a third-person pronoun of the speaker's gender
    is the speaker reported ("Sanders said he would help her": "he" is Sanders, "her" a target) and is skipped;
    when nothing shows a speaker's gender ("the GOP nominee suggested he may have been sabotaged"), the first such
    pronoun gives it. In the speaker's own words (direct speech) they are "I": a "he" resolved to them is the man
    mentioned last before it.
    """
    span = doc.char_span(start_char, end_char, alignment_mode="contract")
    if span is None or not len(span):
        return []
    found = []
    if any(t.lower_ in PRONOUN_GENDERS for t in span):
        found = _pronoun_people(span, named, _resolver(doc), reported_speaker, reported=reported)
    if any(_described_kind(t) is not None for t in span):
        found += _described(span, [*named, *found], _resolver(doc))
    return sorted(found, key=lambda hit: hit[2].start)


def _pronoun_people(
    span: Span,
    named: Sequence[tuple[str, str, TextSpan]],
    resolver: SpeakerResolver,
    reported_speaker: Speaker | None,
    *,
    reported: bool,
) -> list[tuple[str, str, TextSpan]]:
    """People the statement `span` refers to by pronoun, at their first pronoun (see `unnamed_targets`)."""
    doc = span.doc
    bound = _speaker_genders(resolver, reported_speaker) if reported else frozenset()
    taken = {canonical for canonical, _, _ in named}
    genders = {e.name: e.gender for e in resolver.entities.values() if e.kind == "person"}
    found = []
    for token in span:
        if token.lower_ not in PRONOUN_GENDERS or token.lower_ in ("himself", "herself"):
            continue
        if token.dep_ == "poss" and _described_kind(token.head) == "body":
            continue  # "her campaign" is the campaign's mention, not hers
        gender = PRONOUN_GENDERS[token.lower_]
        if bound is None:
            bound = frozenset({gender})
        if gender in bound:
            continue
        if _named_before(genders, named, token.idx, gender):
            continue
        person = resolver.resolve(doc[token.i : token.i + 1])
        if person is not None and not reported and _same_name(person, reported_speaker):
            # In the speaker's own words they are "I": "he" is someone else, the last man named before it.
            person = _last_other(resolver, token, gender, person.name)
        if person is None or person.kind != "person" or not _NAME_CHARS.fullmatch(person.name):
            continue
        if person.name in taken or person.name.split()[-1] in taken:  # "Machado" named, "she" = Alicia Machado
            continue
        taken.add(person.name)
        found.append((person.name, "person", TextSpan(token.idx, token.idx + len(token.text), token.text)))
    return found


def _same_name(person: Speaker, speaker: Speaker | None) -> bool:
    return speaker is not None and speaker.kind == "person" and person.name.split()[-1] == speaker.name.split()[-1]


def _last_other(resolver: SpeakerResolver, token: Token, gender: str, name: str) -> Speaker | None:
    """The person of `gender` (or of none known) the article mentions last before `token`, as subject or
    possessor of one (the mentions a pronoun picks up), other than `name`."""
    for position, entity, salient in reversed(resolver.events):
        if position >= token.i or not salient or entity.kind != "person" or entity.name == name:
            continue
        if entity.gender in (None, gender):
            return entity.speaker()
    return None


def _described_kind(token: Token) -> str | None:
    """Whether a noun may refer to an entity without naming it: "body" for a body named after its leader ("her
    campaign", "the Obama administration"), "role" for one person's role with "the" ("the Republican nominee");
    not a role said of someone ("Trump will be the nominee", "Scott, the congressman")."""
    lemma = token.lemma_.lower()
    if lemma in PERSON_BODY_NOUNS and token.pos_ == "NOUN":
        return "body"
    if (
        lemma not in ROLE_NOUNS
        or token.pos_ != "NOUN"
        or token.tag_ != "NN"
        or token.dep_ in ("attr", "appos", "oprd", "compound")
    ):
        return None
    if token.dep_ == "pobj" and token.head.lower_ == "as":
        return None  # "appoints him as the first black senator": said of him
    determiners = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
    return "role" if determiners == ["the"] else None  # "a judge" is someone new, "his lawyer" someone else


def _described(
    span: Span, taken: Sequence[tuple[str, str, TextSpan]], resolver: SpeakerResolver
) -> list[tuple[str, str, TextSpan]]:
    """Bodies and people the statement `span` refers to by description (see `unnamed_targets`), at the first
    description of each; none inside a mention already taken."""
    doc = span.doc
    names = {canonical for canonical, _, _ in taken}
    covered = [(mention.start, mention.end) for _, _, mention in taken]
    people = {e.name for e in resolver.entities.values() if e.kind == "person"}
    found = []
    for token in span:
        kind = _described_kind(token)
        if kind is None or any(s <= token.idx < e for s, e in covered) or token.i in resolver.token_entity:
            continue
        # The noun phrase up to its noun, without a leading "neither" or "and".
        lefts = [c.left_edge.i for c in token.lefts if c.dep_ not in ("preconj", "cc", "punct")]
        first = max(span.start, min([token.i, *lefts]))
        if kind == "body":
            target = _body_of(token, resolver)
        else:
            person = resolver.resolve(doc[first : token.i + 1])
            target = person.name if person is not None and person.kind == "person" else None
            if target is not None and (target not in people or not _NAME_CHARS.fullmatch(target)):
                target = None  # a description the resolver kept as such, or a made-up name
            if person is not None and token.lower_ not in AGENT_ROLES and _agent(person):
                target = None  # "the Republican nominee" is not the nominee's spokeswoman
            if target is not None and target.split()[-1] in names:
                target = None  # "Clinton ... the Democratic nominee": one target, named
        if target is None or target in names:
            continue
        names.add(target)
        mention = doc[first : token.i + 1]
        found.append(
            (
                target,
                "organisation" if kind == "body" else "person",
                TextSpan(mention.start_char, mention.end_char, mention.text),
            )
        )
    return found


def _agent(person: Speaker) -> bool:
    """Whether the article gives a person as acting for someone else ("spokeswoman Jessica Ditto")."""
    return any(w.lower().strip(",.") in AGENT_ROLES for role in person.roles for w in role.split())


def _body_of(token: Token, resolver: SpeakerResolver) -> str | None:
    """The canonical name of a body named after its leader, as the entity layer names a campaign: "her campaign"
    (she = Hillary Clinton) and "the Clinton camp" are "Clinton campaign", "the Obama administration" is "Obama
    administration". A body with a name of its own ("the Clinton Foundation") is an entity already; one owned by
    a name ("Trump's campaign") is left to that name, a target of the statement."""
    noun = "campaign" if token.lemma_.lower() in CAMPAIGN_WORDS else token.lemma_.lower()
    for child in token.children:
        leader = None
        if child.dep_ == "poss" and child.lower_ in ("his", "her"):
            leader = resolver.resolve(child.doc[child.i : child.i + 1])
        elif child.dep_ == "compound" and child.i in resolver.token_entity:
            leader = resolver.token_entity[child.i].speaker()
        if leader is not None and leader.kind == "person" and _NAME_CHARS.fullmatch(leader.name):
            return f"{leader.name.split()[-1]} {noun}"
    return None


_NAME_CHARS = re.compile(r"[^\W\d_][\w.'’ -]*")  # not a name a stray bracket makes ("W]e")


def _named_before(
    genders: dict[str, str | None], named: Sequence[tuple[str, str, TextSpan]], at: int, gender: str
) -> bool:
    """Whether the statement names, before character `at`, a person of `gender` (`genders`: the article's people):
    the pronoun there stands for them, already a target ("Donald Trump's tweets were unhinged, even for him")."""
    return any(kind == "person" and span.start < at and genders.get(name) == gender for name, kind, span in named)


def _speaker_genders(resolver: SpeakerResolver, speaker: Speaker | None) -> frozenset[str] | None:
    """The pronoun gender that denotes a reported speaker: a named person's, when the article shows it, or what
    an honorific or a role noun in the speaker's name says ("Mr. King", "the New York businessman"). None for a
    description of one holding a role whose gender nothing shows ("the GOP nominee"). Nothing is assumed of other
    descriptions: most are groups or documents ("officials", "the report"), which "he" is not."""
    words = speaker.name.lower().split() if speaker is not None else []
    if speaker is None or not words:
        return frozenset()
    if speaker.kind == "person":
        entity = next((e for e in resolver.entities.values() if e.name == speaker.name), None)
        if entity is not None and entity.gender is not None:
            return frozenset({entity.gender})
    elif speaker.kind != "description" or (words[-1] not in ROLE_NOUNS and words[-1] not in ROLE_NOUN_GENDERS):
        return frozenset()
    gender = HONORIFIC_GENDERS.get(words[0]) or ROLE_NOUN_GENDERS.get(words[-1])
    if gender is not None:
        return frozenset({gender})
    # "Hugh Hewitt pressed him on ...": a named speaker has a gender the article may show without stating it.
    return None if speaker.kind == "description" else frozenset()


_ENTS_KEY = "tracker_entities"
_PEOPLE_KEY = "tracker_person_names"
_SCAN_KEY = "tracker_target_matches"
#: `doc.user_data` keys of the per-doc caches above; whoever runs `find` over a doc drops them when done.
CACHE_KEYS = (_ENTS_KEY, _PEOPLE_KEY, _SCAN_KEY, _RESOLVER_KEY)


def _entities(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per doc: spaCy makes new Span objects on every access."""
    ents = doc.user_data.get(_ENTS_KEY)
    if ents is None:
        ents = doc.user_data[_ENTS_KEY] = tuple(doc.ents)
    return ents


def _clean_person(ent: Span) -> str:
    """A person's name without titles, "the" and a possessive: "President Donald Trump's" -> "Donald Trump"."""
    words = _POSSESSIVE.sub("", ent.text.replace("’", "'").strip(_QUOTE_MARKS + " ")).split()
    while words and words[0].lower().rstrip(",") in TARGET_TITLES:
        words = words[1:]
    return " ".join(words)


_QUOTE_MARKS = "'\"“”‘`"  # NER takes a closing quote into a name now and then ("George W. Bush ''")

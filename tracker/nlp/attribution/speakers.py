"""Speaker resolution: a source mention (name, surname, title, pronoun, description) -> one canonical entity.

The resolver reads one parsed article. It registers every PERSON / ORG / GPE / NORP entity in order; a person
is keyed by surname, named by the fullest form seen ("Hegseth" after "Pete Hegseth" is "Pete Hegseth"), and
collects roles from titles before the name ("U.S. Secretary of Defense Pete Hegseth") and appositives
("Hugh Hill, a doctor,"). A mention is then resolved:

- a named entity inside it -> that entity; a surname alone -> the namesake the article named first with it,
  unless one of the other gender's honorific ("Mrs. Clinton") or one named in full long after the first was
  last seen (a live blog's later item) fits better;
- he/she/him/her -> the person whose thing its clause describes ("Mr. Trump's appearance, in which he said"),
  else the nearest preceding person that spoke or was a subject (a definite role description as a subject,
  "the president", counts as a mention of its holder), never one named in the statement itself;
- they/we -> the nearest preceding group or organisation subject;
- who/which/that (relative) -> the noun it hangs on;
- a description ("the U.S. defense chief") -> the nearest preceding person whose roles are compatible
  (:data:`ROLE_GROUPS`, same country when both name one); an epithet with a name in it ("the New York
  businessman") -> the subject of the sentence before, else the story's main speaker; else the description;
- a role in the headline ("Retired General Says ...") or an indefinite one opening the story ("A New York
  judge has rejected ...") -> the story's main speaker, when one stands out;
- a body's noun ("the fund", "police", "a federal appeals court" in the lede) -> the organisation the article
  names with it, before it or, opening the story, after it; "police" -> the one force named by its place;
  "a panel of" a body -> the body;
- plural or coordinated mentions ("both nations", "officials") -> a group; coordinated roles under one
  determiner ("the former first lady and U.S. senator") -> one person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from spacy.attrs import LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from tracker.lexicon import (
    CAMPAIGN_WORDS,
    ENTITY_HEADLINE_VERBS,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    FORCE_NOUNS,
    HEADLINE_VERBS,
    HONORIFIC_GENDERS,
    NAME_TITLES,
    NEW_PERSON_ROLES,
    ORGANISATION_NOUNS,
    OUTLET_NOUNS,
    PANEL_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    PRONOUN_GENDERS,
    QUOTE_VERBS,
    RELATION_NOUNS,
    RELATIVE_PRONOUNS,
    ROLE_COUNTRIES,
    ROLE_GROUPS,
    ROLE_NOUN_GENDERS,
    ROLE_NOUNS,
    SPEAKER_TITLES,
)
from tracker.nlp.attribution.outlets import canonical_outlet
from tracker.types import Speaker, SpeakerKind

_hash = StringStore().add  # the 64-bit hash spaCy stores for a string

_GROUP_OF: dict[str, set[int]] = {}
for _gi, _group in enumerate(ROLE_GROUPS):
    for _w in _group:
        _GROUP_OF.setdefault(_w, set()).add(_gi)
_PRONOUN_HASHES = {_hash(word): g for word, g in PRONOUN_GENDERS.items()}
_POSSESSIVE = re.compile(r"\s*[’']s?$")
_HEADLINE_VERBS = HEADLINE_VERBS | ENTITY_HEADLINE_VERBS
HEADLINE_DOMINANCE = 1.5  # times as often the subject of a verb of saying as anyone: whom a headline's role means
NAMESAKE_GAP = 300  # tokens: about four paragraphs of news without the first namesake


@dataclass
class Entity:
    name: str
    kind: SpeakerKind
    key: str
    aliases: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=dict)  # "m"/"f" evidence from honorifics and pronouns

    @property
    def gender(self) -> str | None:
        m, f = self.votes.get("m", 0), self.votes.get("f", 0)
        return "m" if m > f else "f" if f > m else None

    def speaker(self) -> Speaker:
        aliases = tuple(sorted(a for a in self.aliases if a != self.name))
        return Speaker(name=self.name, kind=self.kind, aliases=aliases, roles=tuple(dict.fromkeys(self.roles)))

    def role_words(self) -> set[str]:
        return {w.lower().strip(",") for r in self.roles for w in re.split(r"[\s-]+", r) if w}


def _clean_name(span: Span) -> list[Token]:
    toks = [
        t for t in span if not (t.is_punct and t.text not in ".-") and t.dep_ != "case" and t.text not in ("’s", "'s")
    ]
    while toks and (toks[0].lower_ in SPEAKER_TITLES or toks[0].lower_ in ("the", "a", "an")):
        toks = toks[1:]
    if span.label_ == "PERSON":
        toks = toks[_title_prefix_length(toks) :]
    # A headline's subject ends at its verb, which NER often takes in: "Obama Says African-American ..."
    cut = next((i for i, t in enumerate(toks[1:], 1) if t.is_title and t.lower_ in _HEADLINE_VERBS), None)
    return toks[:cut] if cut else toks


def _title_prefix_length(tokens: list[Token]) -> int:
    """How many words of a person's name as NER took it are a place and a title before the name: 2 of
    "Charlotte Mayor Jennifer Roberts"; 0 of "Martin Luther King Jr." (a title word inside a name)."""
    for j, tok in enumerate(tokens[1:-2], 1):
        if tok.lower_ in NAME_TITLES and all(t.is_title or t.is_upper for t in tokens[:j]):
            rest = tokens[j + 1 :]
            if all(t.is_title for t in rest) and not any(t.lower_ in NAME_TITLES for t in rest):
                return j + 1
    return 0


def _text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return _POSSESSIVE.sub("", doc[tokens[0].i : tokens[-1].i + 1].text).strip()


def _countries(words: list[str]) -> set[str]:
    return {ROLE_COUNTRIES[w] for w in words if w in ROLE_COUNTRIES}


@lru_cache(maxsize=4096)
def _possessive_countries(role: str) -> frozenset[str]:
    """Countries a role starts with in the possessive: "Japan’s defense minister" -> {Japan}."""
    lowered = role.lower()
    return frozenset(c for k, c in ROLE_COUNTRIES.items() if lowered.startswith(k + "’") or lowered.startswith(k + "'"))


def _joined_people(doc: Doc) -> list[Span]:
    """The doc's entities, with two PERSON entities side by side made one: NER splits a name it reads as two
    ("Keith" + "Lamont Scott's")."""
    out: list[Span] = []
    for ent in doc.ents:
        if out and ent.label_ == "PERSON" and out[-1].label_ == "PERSON" and out[-1].end == ent.start:
            out[-1] = Span(doc, out[-1].start, ent.end, label="PERSON")
        else:
            out.append(ent)
    return out


def _conjoined_to(tok: Token, root: Token) -> bool:
    """Whether a conjunct is one of `root`'s ("Trump and Clinton"), not of a modifier of it ("Central and East")."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.i == root.i


def _first_name_gender(word: str) -> str | None:
    """The gender a first name tells ("Hillary" -> "f"), None when it tells none or both."""
    lowered = word.lower()
    if (lowered in FIRST_NAMES_F) == (lowered in FIRST_NAMES_M):
        return None
    return "f" if lowered in FIRST_NAMES_F else "m"


def _given_gender(name: str) -> str | None:
    """The gender a full name's first word tells ("Hillary Clinton" -> "f"), None when it tells none."""
    words = name.split()
    return _first_name_gender(words[0]) if len(words) > 1 else None


class SpeakerResolver:
    """Resolve source mentions of one parsed article to canonical speakers."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entities: dict[str, Entity] = {}
        self.token_entity: dict[int, Entity] = {}
        # (token index, entity, salient) for every registered mention, in text order
        self.events: list[tuple[int, Entity, bool]] = []
        self.speaker_events: list[tuple[int, Entity]] = []
        # Token ranges of what people said (see `note_speaker`), and of the statement being resolved: who is
        # named in someone's words is not whom a pronoun outside them stands for.
        self.contents: list[tuple[int, int]] = []
        self._said: tuple[tuple[int, int], ...] = ()
        # The headline is the first line: its title case makes NER read roles as names ("Retired General").
        self.headline_end = next((t.i for t in doc if t.is_space and "\n" in t.text), len(doc))
        self.lede = next((t.sent for t in doc[self.headline_end :] if not t.is_space), None)
        self._forces: dict[str, Entity | None] = {}  # noun -> the local force it stands for (`_local_force`)
        entities = _joined_people(doc)
        # The names the body gives people, by surname: a headline's title case runs words into a name ("The
        # Absurd Double Standard Clinton And Trump Face"), which the body then gives in full.
        self.body_names: dict[str, set[str]] = {}
        for ent in entities:
            if ent.label_ == "PERSON" and ent.start >= self.headline_end and (body := _clean_name(ent)):
                self.body_names.setdefault(body[-1].lower_, set()).add(_text(body))
        for ent in entities:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP"):
                self._register(ent)
        self._surname_mentions()
        self.events.sort(key=lambda event: event[0])
        self._gender_votes()
        self._description_mentions()  # after the votes: they count pronouns after names only

    def _surname_mentions(self) -> None:
        """A surname alone that NER left untagged ("Ham made it clear" after "Gen. Norman Ham") is a mention of
        the person the article named in full before it: a proper noun spelt as that surname, not part of a
        longer name ("Trump Tower") and not inside an entity of its own."""
        first: dict[int, int] = {}  # id(entity) -> where the article first names it in full
        for pos, entity, _ in self.events:
            if entity.kind == "person" and len(entity.name.split()) > 1:
                first.setdefault(id(entity), pos)
        if not first:
            return
        for tok in self.doc:
            if tok.i in self.token_entity or tok.pos_ != "PROPN" or not tok.is_title or tok.dep_ == "compound":
                continue
            person = self.entities.get("per:" + tok.lower_)
            if person is None or id(person) not in first or first[id(person)] >= tok.i:
                continue
            if person.name.split()[-1] != tok.text:
                continue
            if any(child.dep_ == "compound" for child in tok.children):
                continue  # "Norman Ham" split by the parser, or another name ending in the word
            self.token_entity[tok.i] = person
            salient = tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "poss" and tok.head.dep_ == "nsubj")
            self.events.append((tok.i, person, salient))

    def _description_mentions(self) -> None:
        """A definite role description as a subject ("The president appeared cowed", "the president's roots")
        mentions the person it describes, as resolution reads it: a pronoun after it stands for that person,
        not for someone named in between."""
        added = []
        for tok in self.doc:
            subjects = ("nsubj", "nsubjpass")
            salient = tok.dep_ in subjects or (tok.dep_ == "poss" and tok.head.dep_ in subjects)
            if not salient or tok.pos_ != "NOUN" or tok.tag_ != "NN" or tok.i in self.token_entity:
                continue
            if tok.lemma_.lower() not in ROLE_NOUNS:
                continue
            dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
            if dets != ["the"]:
                continue  # "a judge" is someone new, "his lawyer" someone else
            span = self.doc[tok.left_edge.i : tok.i + 1]
            words = [t.lower_ for t in span if t.dep_ not in ("det", "case")]
            found = self._compatible(tok.i, words, span)
            if found is None and _epithet(tok, span):
                # "The GOP candidate proposes ... He also wants ...": the story's main figure, when one stands out
                found = self._epithet_antecedent(tok, span) or self._headline_figure(tok)
            if found is not None:
                added.append((tok.i, found, True))
        if added:
            self.events = sorted([*self.events, *added], key=lambda event: event[0])

    def _gender_votes(self) -> None:
        """Honorifics ("Mr.", "Mrs.") and gendered role nouns ("widow", "spokesman") at each mention, a known first
        name (once: it is a hint about the name, not evidence at each mention) and subject pronouns right after
        a person decide a gender."""
        doc = self.doc
        hinted: set[int] = set()
        for pos, entity, _ in self.events:
            if entity.kind != "person":
                continue
            before = doc[pos - 1].lower_ if pos > 0 else ""
            first = doc[pos].lower_
            for word in (before, first):
                g = HONORIFIC_GENDERS.get(word)
                if g:
                    entity.votes[g] = entity.votes.get(g, 0) + 3
            if id(entity) not in hinted and (g := _given_gender(entity.name)):
                hinted.add(id(entity))
                entity.votes[g] = entity.votes.get(g, 0) + 2
        for entity in self.entities.values():
            if entity.kind == "person":
                for role in entity.roles:
                    for word in re.split(r"[\s/-]+", role.lower()):
                        if g := ROLE_NOUN_GENDERS.get(word):
                            entity.votes[g] = entity.votes.get(g, 0) + 3
        persons = [(pos, e) for pos, e, salient in self.events if e.kind == "person" and salient]
        if not persons:
            return
        lowers = cast(list[int], doc.to_array([LOWER]).reshape(-1).tolist())
        k = 0
        last: tuple[int, Entity] | None = None
        for i, h in enumerate(lowers):
            g = _PRONOUN_HASHES.get(h)
            if g is None:
                continue
            while k < len(persons) and persons[k][0] < i:
                last = persons[k]
                k += 1
            if last is not None and i - last[0] < 40 and doc[i].dep_ in ("nsubj", "nsubjpass"):
                last[1].votes[g] = last[1].votes.get(g, 0) + 1

    # ------------------------------------------------------------------ registry
    def _register(self, ent: Span) -> Entity | None:
        tokens = _clean_name(ent)
        if not tokens:
            return None
        if ent.label_ == "PERSON" and ent.end <= self.headline_end and tokens[-1].lower_ in ROLE_NOUNS:
            return None  # "Former DNC Chairman Calls for ...": a role, which resolution reads as one
        name = _text(tokens)
        if ent.label_ == "PERSON" and ent.end <= self.headline_end and len(tokens) > 1 and not _given_gender(name):
            full = self.body_names.get(tokens[-1].lower_, set())
            if full and name not in full and not any(n.endswith(" " + name) for n in full):
                tokens = tokens[-1:]  # "Standard Clinton" in the headline, "Hillary Clinton" in the body
        last = tokens[-1]
        person = self.entities.get("per:" + last.lower_)
        if ent.label_ == "ORG" and len(tokens) > 1 and person is not None and canonical_outlet(_text(tokens[:-1])):
            # "the editorial board of the Washington Post Trump said": NER ran an outlet into a person named before
            self._register(Span(self.doc, ent.start, last.i, label="ORG"))
            self.token_entity[last.i] = person
            self.events.append((last.i, person, last.dep_ in ("nsubj", "nsubjpass")))
            return person
        name = _text(tokens)
        if not name:
            return None
        entity: Entity | None
        # An outlet NER took for a person ("Bloomberg did a poll") is the outlet, unless the article named a
        # person of that surname (Michael Bloomberg).
        outlet_named = canonical_outlet(ent.text) and "per:" + tokens[-1].lower_ not in self.entities
        if ent.label_ == "PERSON" and not outlet_named:
            entity = self._person(tokens, name, ent.start)
        elif len(tokens) == 1 and "per:" + name.lower() in self.entities:
            entity = self.entities["per:" + name.lower()]  # "Nakatani" mis-tagged ORG after "Gen Nakatani"
        else:
            outlet = canonical_outlet(ent.text)
            kind: SpeakerKind = "group" if ent.label_ == "NORP" else "organisation"
            canon = outlet or name
            key = "org:" + canon.lower()
            entity = self.entities.get(key)
            if entity is None:
                entity = self.entities[key] = Entity(canon, kind, key)
        entity.aliases.add(name)
        for tok in ent:
            self.token_entity[tok.i] = entity
        root = ent.root
        salient = root.dep_ in ("nsubj", "nsubjpass") or (root.dep_ == "poss" and root.head.dep_ in ("nsubj",))
        self.events.append((ent.start, entity, salient))
        if ent.label_ == "PERSON" and entity.kind == "person":
            self._collect_roles(ent, entity)
        return entity

    def _person(self, tokens: list[Token], name: str, position: int) -> Entity:
        words = name.split()
        surname = words[-1].lower()
        key = "per:" + surname
        entity = self.entities.get(key)
        if entity is not None and len(words) == 1:
            return self._namesake_in_view(entity, surname, position)
        if entity is None and len(words) == 1:
            # a first name alone ("Hillary") -> the person with that first name
            for other in self.entities.values():
                if other.kind == "person" and other.name.split()[0].lower() == surname:
                    return other
        if entity is None:
            entity = self.entities[key] = Entity(name, "person", key)
        elif len(words) > len(entity.name.split()) and entity.name.split()[-1].lower() == surname:
            if len(entity.name.split()) == 1 and not self._other_gender(entity, words[0]):
                entity.name = name  # upgrade "Hegseth" to "Pete Hegseth"
            elif len(entity.name.split()) == 1:
                # "Mr. Obama" all along, then "Michelle Obama": she is someone else, and "Obama" stays his
                key = "per:" + name.lower()
                entity = self.entities.setdefault(key, Entity(name, "person", key))
            elif self._given_name_before(entity, words):
                entity.name = name  # "Guajardo Villarreal", then "Ildefonso Guajardo Villarreal"
            elif words[0].lower() != entity.name.split()[0].lower():
                # a different person with the same surname ("Bill Clinton" after "Hillary Clinton")
                key = "per:" + name.lower()
                entity = self.entities.setdefault(key, Entity(name, "person", key))
        elif len(words) > 1 and words[0].lower() != entity.name.split()[0].lower() and len(entity.name.split()) > 1:
            if self._given_name_before(Entity(name, "person", key), entity.name.split()):
                return entity  # "Mr. Guajardo Villarreal" after "Ildefonso Guajardo Villarreal"
            key = "per:" + name.lower()
            entity = self.entities.setdefault(key, Entity(name, "person", key))
            # The surname alone stays with the namesake named first, as news style has it: a story
            # about Ted Cruz that introduces Heidi Cruz calls her "Heidi", not "Cruz".
        return entity

    @staticmethod
    def _given_name_before(entity: Entity, words: list[str]) -> bool:
        """Whether `words` is `entity`'s name with a given name before it: a double surname named in full
        ("Ildefonso Guajardo Villarreal" after "Guajardo Villarreal"), not an epithet before a full name
        ("Crooked Hillary Clinton")."""
        known = entity.name.lower().split()
        added = [w.lower() for w in words[: len(words) - len(known)]]
        return (
            [w.lower() for w in words[len(added) :]] == known
            and known[0] not in FIRST_NAMES_F | FIRST_NAMES_M
            and all(w in FIRST_NAMES_F | FIRST_NAMES_M or w[:1].isupper() for w in words[: len(added)])
            and len(added) == 1
        )

    def _namesake_in_view(self, first: Entity, surname: str, position: int) -> Entity:
        """The person a surname alone stands for: the one the article named first with it ("Cruz" is Ted Cruz
        after Heidi Cruz is introduced), unless a namesake was named in full long after the first one was
        last mentioned (a live blog's item on Jeh Johnson, hours after one on Gary Johnson): then that one."""
        last_seen: dict[int, int] = {}
        introduced: dict[int, int] = {}
        for pos, entity, _ in self.events:
            if pos < position and entity.kind == "person" and entity.name.split()[-1].lower() == surname:
                last_seen[id(entity)] = pos
                introduced.setdefault(id(entity), pos)
        titled = self._honorific_at(position)
        if titled is not None:  # "Mrs. Clinton": never Bill, however recently he was named
            fitting = [
                e
                for e in self.entities.values()
                if (e is first or id(e) in introduced)
                and e.name.split()[-1].lower() == surname
                and _given_gender(e.name) in (titled, None)
            ]
            if len(fitting) == 1:
                return fitting[0]
        best = first
        for entity in self.entities.values():
            if entity is first or id(entity) not in introduced or entity.name.split()[-1].lower() != surname:
                continue
            if introduced[id(entity)] - last_seen.get(id(first), -1) > NAMESAKE_GAP and (
                best is first or introduced[id(entity)] > introduced[id(best)]
            ):
                best = entity
        return best

    def _other_gender(self, entity: Entity, given: str) -> bool:
        """Whether a first name is of the other gender than the honorifics ("Mr.", "Mrs.") the article gave the
        surname-only mentions of `entity` so far."""
        gender = _first_name_gender(given)
        if gender is None:
            return False
        titled = {g for pos, e, _ in self.events if e is entity and (g := self._honorific_at(pos))}
        return bool(titled) and gender not in titled

    def _honorific_at(self, position: int) -> str | None:
        """The gender of an honorific at a mention ("Mr. Obama", or "Mrs." taken into the entity)."""
        before = self.doc[position - 1].lower_ if position else ""
        return HONORIFIC_GENDERS.get(before) or HONORIFIC_GENDERS.get(self.doc[position].lower_)

    def _collect_roles(self, ent: Span, entity: Entity) -> None:
        doc = self.doc
        members = set(range(ent.start, ent.end))
        # titles to the left, inside the same noun phrase: "U.S. Secretary of Defense Pete Hegseth"
        i = ent.start
        while i > 0:
            tok = doc[i - 1]
            if tok.is_space or tok.dep_ in ("det", "mark", "cc", "punct") and tok.text not in ("-", "’s", "'s"):
                break
            if tok.pos_ in ("VERB", "AUX", "SCONJ", "PRON", "DET") or tok.lower_ in ("that", "and", "or"):
                break
            j, steps, ok = tok.i, 0, False
            while steps < 4 and doc[j].head.i != j:
                j = doc[j].head.i
                steps += 1
                if j in members:
                    ok = True
                    break
                if j >= ent.end:
                    break
            if not ok:
                break
            members.add(tok.i)
            i -= 1
        role = doc[i : ent.start].text.strip() if i < ent.start else ""
        if role and role.lower() not in ("mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms"):
            entity.roles.append(role)
        # leading titles inside the entity ("President Obama" tagged as one PERSON)
        lead = []
        for t in ent:
            if t.lower_ in SPEAKER_TITLES and t.lower_ not in ("mr.", "mrs.", "ms.", "mr", "mrs", "ms"):
                lead.append(t.text)
            else:
                break
        if not lead and (prefix := _title_prefix_length(list(ent))):
            lead = [t.text for t in ent[:prefix]]  # "Charlotte Mayor Jennifer Roberts"
        if lead and not role:
            entity.roles.append(" ".join(lead))
        # appositives: "Hugh Hill, a doctor," / "the doctor, Hugh Hill,"
        for child in ent.root.children:
            if child.dep_ == "appos" and child.ent_type_ != "PERSON":
                entity.roles.append(_strip_det(doc[child.left_edge.i : child.right_edge.i + 1]))
        if ent.root.dep_ == "appos" and ent.root.head.ent_type_ == "" and ent.root.head.pos_ == "NOUN":
            head = ent.root.head
            entity.roles.append(_strip_det(doc[head.left_edge.i : head.i + 1]))

    # ------------------------------------------------------------------ resolution
    def _in_other_content(self, pos: int, position: int) -> bool:
        """Whether token `pos` is inside words a person said (or the statement being resolved) that token
        `position` is not inside."""
        return any(s <= pos < e and not s <= position < e for s, e in (*self.contents, *self._said))

    def note_speaker(self, position: int, speaker: Speaker | None, content: tuple[int, int] | None = None) -> None:
        """Remember a resolved speaker at ``position`` (pronouns prefer recent speakers), and, for a person, the
        token range of what they said: someone named inside it ("Matthews said Pence's performance should
        boost ...") is not whom a later pronoun stands for; the one who said it is."""
        if speaker is None:
            return
        if content is not None and speaker.kind == "person":
            self.contents.append(content)
        for entity in self.entities.values():
            if entity.name == speaker.name:
                self.speaker_events.append((position, entity))
                return

    def resolve(self, mention: Span | None, said: Sequence[tuple[int, int]] = ()) -> Speaker | None:
        """The canonical speaker of a source mention, or None when nothing sensible is found; `said`, the token
        ranges of the statement's content (its pieces, when its attribution splits it), when known: a pronoun
        never stands for someone named in it ("“... if Donald Trump is elected ...,” he said", "“Coal isn't the
        villain,” he said")."""
        if mention is None or len(mention) == 0:
            return None
        self._said = tuple(said)
        try:
            entity = self._resolve_entity(mention)
        finally:
            self._said = ()
        if isinstance(entity, Entity):
            return entity.speaker()
        return entity

    def _resolve_entity(self, mention: Span) -> Entity | Speaker | None:
        doc = self.doc
        toks = [t for t in mention if not t.is_punct and not t.is_space]
        if not toks:
            return None
        root = mention.root
        if root.pos_ in ("VERB", "AUX") and root.i not in self.token_entity:  # "Trump" tagged a verb is Trump
            # A source span that runs into its verb ("The Clinton campaign released an ad"): its subject speaks.
            subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and c in toks), None)
            if subject is None:
                return None
            return self._resolve_entity(doc[subject.left_edge.i : subject.right_edge.i + 1])
        # coordinated people or nations: a group; "the Central and East European Coalition" is one name
        conj = [t for t in toks if t.dep_ == "conj" and _conjoined_to(t, root)]
        if conj and root.tag_ != "NNS" and self._one_holder(root, conj):
            return self._roles_of_one(mention, root, conj)
        if conj and root.tag_ != "NNS":
            names = []
            for t in [root, *conj]:
                e = self.token_entity.get(t.i)
                names.append(e.name if e else t.text)
            return Speaker(name=" and ".join(dict.fromkeys(names)), kind="group")
        # a named entity inside the mention: the one at the root, or a person the root titles
        if root.i in self.token_entity:
            return self.token_entity[root.i]
        for tok in toks:
            e = self.token_entity.get(tok.i)
            if (
                e is not None
                and e.kind == "person"
                and tok.dep_ != "poss"
                and (root.lower_ in SPEAKER_TITLES or root.pos_ == "PROPN")
            ):
                return e
        if root.pos_ == "NOUN":
            # "Trump's running mate, Indiana Gov. Mike Pence": the person in apposition speaks
            for child in root.children:
                found = self.token_entity.get(child.i)
                if child.dep_ == "appos" and found is not None and found.kind == "person":
                    return found
            if root.lemma_.lower() in PANEL_NOUNS:
                # "A three-judge panel of the U.S. Court of Appeals" rules for the court
                for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
                    for of_what in (c for c in prep.children if c.dep_ == "pobj"):
                        court = self.token_entity.get(of_what.i)
                        if court is not None and court.kind == "organisation":
                            return court
            for child in root.children:
                possessor = self.token_entity.get(child.i) if child.dep_ == "poss" else None
                if possessor is None and child.dep_ == "poss" and child.lower_ in ("his", "her"):
                    # "her campaign", "his program": the person the pronoun stands for, as for a name
                    possessor = self._recent(child.i, person=True, gender=PRONOUN_GENDERS[child.lower_])
                if possessor is None:
                    continue
                lemma = root.lemma_.lower()
                if lemma in CAMPAIGN_WORDS or lemma in ORGANISATION_NOUNS:
                    # "Clinton's campaign", "Trump's team": the organisation, not its namesake
                    short = possessor.name.split()[-1] if possessor.kind == "person" else possessor.name
                    noun = "campaign" if lemma in CAMPAIGN_WORDS else lemma
                    return Speaker(name=f"{short} {noun}", kind="organisation")
                if lemma in RELATION_NOUNS:
                    break  # "Trump's lawyer" is someone else, unnamed: a description
                return possessor  # "Hegseth’s praise", "Clinton's view": the possessor speaks
        outlet = canonical_outlet(mention.text)
        if outlet:
            return Entity(outlet, "organisation", "org:" + outlet.lower())
        low = root.lower_
        if len(toks) == 1 and low in PERSON_PRONOUNS:
            gender = PRONOUN_GENDERS.get(low)
            return self._owner_of_clause(root, gender) or self._recent(root.i, person=True, gender=gender)
        if len(toks) == 1 and low in PLURAL_PRONOUNS:
            return self._recent(root.i, person=False)
        if len(toks) == 1 and low == "it":
            return self._organisation_subject_before(root.i)
        if len(toks) == 1 and low in RELATIVE_PRONOUNS:
            head = root.head.head if root.head.dep_ == "relcl" else None
            if head is None:
                return None
            conj = [c for c in head.children if c.dep_ == "conj" and c.i < root.i]
            if conj:
                # "Mr. Kerry and Mr. Obama, who sent Mr. Xi a letter": the parse hangs the clause on the first
                # name; the one it follows, nearest, is who did it
                last = max(conj, key=lambda c: c.i)
                return self._resolve_entity(doc[last.left_edge.i : last.i + 1])
            return (
                self._resolve_entity(doc[head.left_edge.i : head.i + 1])
                if head.i not in self.token_entity
                else self.token_entity[head.i]
            )
        if root.pos_ == "PRON":
            return None
        words = [t.lower_ for t in toks if t.dep_ not in ("det", "poss", "case") and t.lower_ not in ("’s", "'s")]
        # Named only when the head is a name: "GOP nominee" and "New York businessman" are descriptions.
        named = (
            root.pos_ == "PROPN"
            or root.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or (root.lemma_.lower() in ORGANISATION_NOUNS and any(t.pos_ == "PROPN" for t in toks if t.i < root.i))
        )
        if not named and (body := self._organisation_by_head(mention)) is not None:
            return body
        if root.lower_ in FORCE_NOUNS and (force := self._local_force(root.lower_)) is not None:
            if _strip_det(mention).lower() in (root.lower_, force.name.lower()):
                return force  # "Tulsa police" and, after it, "police": one force
        if any(t.lower_ in ("both", "all") for t in toks):
            return Speaker(name=_strip_det(mention), kind="group")  # "both nations": the ones just named
        if root.tag_ in ("NNS", "NNPS"):
            # "experts", "officials": a description, not an entity; "the Democrats" is a group
            return Speaker(name=_strip_det(mention), kind="group" if named else "description")
        if root.pos_ in ("NOUN", "PROPN"):
            found = self._compatible(root.i, words, mention)
            headline_role = root.i < self.headline_end and root.lower_ in ROLE_NOUNS
            if found is None and (headline_role or self._lede_role(root, toks)):
                found = self._headline_figure(root)
            if found is None:
                found = self._epithet_antecedent(root, mention)
            if found is None and _epithet(root, mention):
                found = self._headline_figure(root)
            if found is not None:
                return found
            if headline_role:  # "Senator Says ...", of a story that quotes two senators alike: no one in particular
                return Speaker(name=_strip_det(mention), kind="description")
            if not named:  # "the city engineer", "a source": the quote keeps it, unlinked
                return Speaker(name=_strip_det(mention), kind="description")
            organisation = root.ent_type_ not in ("", "PERSON") or root.lemma_.lower() in ORGANISATION_NOUNS
            return Speaker(name=_strip_det(mention), kind="organisation" if organisation else "person")
        return None

    def _one_holder(self, root: Token, conj: list[Token]) -> bool:
        """Whether coordinated role nouns under one determiner name one person: "the former first lady and U.S.
        senator", not "the senator and the governor" (two determiners) nor "Clinton and Trump" (names)."""
        heads = [root, *conj]
        return all(
            t.lemma_.lower() in ROLE_NOUNS and t.tag_ == "NN" and t.i not in self.token_entity for t in heads
        ) and not any(c.dep_ == "det" for t in conj for c in t.children)

    def _roles_of_one(self, mention: Span, root: Token, conj: list[Token]) -> Entity | Speaker:
        """One person described by several roles: the person any one of them is compatible with, else the
        description of the first role (the one a store can match: "former first lady")."""
        doc = self.doc
        cut = min(c.left_edge.i for c in conj)
        while cut > mention.start + 1 and (doc[cut - 1].dep_ == "cc" or doc[cut - 1].is_punct):
            cut -= 1  # "the former secretary of state and current ... nominee": the first role ends at "and"
        parts = [doc[mention.start : cut], *(doc[c.left_edge.i : c.right_edge.i + 1] for c in conj)]
        for part in parts:
            words = [t.lower_ for t in part if t.dep_ not in ("det", "poss", "case", "cc")]
            found = self._compatible(part.root.i, words, part)
            if found is not None:
                return found
        return self._epithet_antecedent(root, mention) or Speaker(name=_strip_det(parts[0]), kind="description")

    def _owner_of_clause(self, pronoun: Token, gender: str | None) -> Entity | None:
        """The person whose thing a clause describes, for a pronoun subject in it: "Mr. Trump's RT appearance, in
        which he said ..." is Trump's, whoever was the subject before."""
        verb = pronoun.head
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or verb.dep_ != "relcl":
            return None
        for child in verb.head.children:
            owner = self.token_entity.get(child.i) if child.dep_ == "poss" else None
            if (
                owner is not None
                and owner.kind == "person"
                and not (gender and owner.gender and owner.gender != gender)
            ):
                return owner
        return None

    def _lede_role(self, root: Token, toks: list[Token]) -> bool:
        """Whether a mention is an indefinite role that opens the story ("A New York judge has rejected ...",
        "A former DNC chairman says ..."): news style names that person later, and they are its main speaker,
        as a role in the headline is."""
        return root.lower_ in ROLE_NOUNS and toks[0].lower_ in ("a", "an") and self._in_lede(root)

    def _headline_figure(self, role: Token) -> Entity | None:
        """A role in the headline ("Retired General: ...", "Lawmaker Urges ...") is the story's main speaker: the
        person the article names as the subject of a verb of saying most often, at least `HEADLINE_DOMINANCE`
        times as often as anyone else, unless the roles the article gives them are of another kind (a "general"
        is no senator)."""
        counts: dict[int, int] = {}
        people: dict[int, Entity] = {}
        for pos, entity, _ in self.events:
            name = self.doc[pos]
            while name.dep_ in ("compound", "flat") and name.head.i != name.i:  # "Don" of "Don Fowler"
                name = name.head
            saying = name.dep_ in ("nsubj", "nsubjpass") and name.head.lemma_.lower() in QUOTE_VERBS
            if entity.kind == "person" and pos >= self.headline_end and saying:
                counts[id(entity)] = counts.get(id(entity), 0) + 1
                people[id(entity)] = entity
        ranked = sorted(counts, key=lambda k: -counts[k])
        if not ranked or (len(ranked) > 1 and counts[ranked[0]] < HEADLINE_DOMINANCE * counts[ranked[1]]):
            return None
        figure = people[ranked[0]]
        known = set().union(*(_GROUP_OF.get(w, set()) for w in figure.role_words()))
        wanted = _GROUP_OF.get(role.lower_, set())
        if known and wanted and not known & wanted:
            return None
        return figure

    def _organisation_by_head(self, mention: Span) -> Entity | None:
        """A definite or bare common noun ("the fund", "the department", "police") is the nearest organisation
        before it whose name has that noun ("International Monetary Fund", "Charlotte-Mecklenburg Police
        Department"); "a court" or "another agency" is a new one, not one named before."""
        root = mention.root
        head = root.lemma_.lower()
        if root.pos_ != "NOUN":
            return None
        if any(t.dep_ == "poss" for t in mention):
            return None  # "her campaign", "Clinton's office": their owner decides
        opening = root.i < self.headline_end or self._in_lede(root)
        if any(t.dep_ == "det" and t.lower_ not in ("the", "this", "that") for t in mention):
            # "A federal appeals court ruled ..." opening a story is the court it names next; elsewhere "a
            # court" is a new one
            return self._named_after(root) if opening else None
        found = None
        for pos, entity, _ in self.events:
            if pos >= root.i:
                break
            if entity.kind != "organisation":
                continue
            if {head, root.lower_} & {w.lower() for w in re.split(r"[\s-]+", entity.name)}:
                found = entity
            elif head in OUTLET_NOUNS and canonical_outlet(entity.name):
                found = entity  # "the newspaper": the outlet named before it
        if found is None and head in FORCE_NOUNS:
            found = self._local_force(head)
        if found is None and opening:
            found = self._named_after(root)  # "Federal court rules against ..." in the headline
        return found

    def _named_after(self, root: Token) -> Entity | None:
        """The first organisation named after `root` whose name has its noun ("the U.S. Court of Appeals" for
        "a federal appeals court"), or None."""
        head = root.lemma_.lower()
        if head not in ORGANISATION_NOUNS:
            return None  # "Trump" tagged a noun in a headline is not the Trump Foundation
        return next(
            (
                entity
                for pos, entity, _ in self.events
                if pos > root.i
                and entity.kind == "organisation"
                and {head, root.lower_} & {w.lower() for w in re.split(r"[\s-]+", entity.name)}
            ),
            None,
        )

    def _in_lede(self, token: Token) -> bool:
        """Whether a token is in the story's first sentence after the headline."""
        return self.lede is not None and self.lede.start <= token.i < self.lede.end

    def _local_force(self, noun: str) -> Entity | None:
        """The one force a local story names by its place ("the Charlotte-Mecklenburg police chief", "Tulsa
        police said"): what its bare "police" stand for, wherever in the article the place is given. A story
        naming two places' police leaves them a description."""
        if noun not in self._forces:
            self._forces[noun] = self._force_named_by_place(noun)
        return self._forces[noun]

    def _force_named_by_place(self, noun: str) -> Entity | None:
        places = set()
        doc = self.doc
        for tok in doc:
            if tok.lower_ != noun:
                continue
            start = tok.i
            while start > 0 and (
                doc[start - 1].pos_ == "PROPN"
                or (doc[start - 1].text == "-" and start > 1 and doc[start - 2].pos_ == "PROPN")
            ):
                start -= 1
            if start < tok.i and doc[start].pos_ == "PROPN":
                places.add(doc[start : tok.i].text)
        if len(places) != 1:
            return None
        name = f"{places.pop()} {noun}"
        key = "org:" + name.lower()
        return self.entities.setdefault(key, Entity(name, "organisation", key))

    def _organisation_subject_before(self, position: int, sentences: int = 4) -> Entity | Speaker | None:
        """The source "it" ("It's denouncing ...", "unless it wants ...") is the nearest singular subject before it,
        within a few sentences, when that subject is an organisation ("Donald Trump's campaign is defending ...",
        "The FBI needs ..."). People ("he", "the GOP candidate") and what people said are passed over; a thing
        ("the report", "the letter") stops the search, as "it" is then that thing: no one."""
        doc = self.doc
        crossed = 0
        for i in range(position - 1, -1, -1):
            tok = doc[i]
            if tok.is_sent_start and i < position - 1:
                crossed += 1
            if crossed > sentences:
                break
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ in ("NNS", "NNPS"):
                continue
            if any(s <= i < e for s, e in self._said):
                continue
            if tok.pos_ == "PRON" or any(s <= i < e for s, e in self.contents):
                continue  # a pronoun ("he", "it" again, "who") or a name in someone's words
            entity = self.token_entity.get(i)
            found: Entity | Speaker | None = entity
            if entity is None:
                if tok.lemma_.lower() in ROLE_NOUNS or tok.lemma_.lower() in RELATION_NOUNS:
                    continue  # "the GOP candidate", "a spokesman": a person
                found = self._resolve_entity(doc[tok.left_edge.i : i + 1])
            if found is None:
                return None
            if found.kind == "organisation":
                return found
            if found.kind != "person":
                return None
        return None

    def _recent(self, position: int, *, person: bool, gender: str | None = None) -> Entity | None:
        best: tuple[int, Entity] | None = None
        for pos, entity, salient in self.events:
            if pos >= position:
                break
            if (entity.kind == "person") != person:
                continue
            if gender and entity.gender and entity.gender != gender:
                continue
            if person and salient and self._in_other_content(pos, position):
                continue
            if salient or not person:
                best = (pos, entity)
        for pos, entity in self.speaker_events:
            if gender and entity.gender and entity.gender != gender:
                continue
            if pos < position and (entity.kind == "person") == person and (best is None or pos >= best[0] - 3):
                if best is None or pos > best[0]:
                    best = (pos, entity)
        if best is None and person:
            for pos, entity, _ in self.events:
                if (
                    pos < position
                    and entity.kind == "person"
                    and not (gender and entity.gender and entity.gender != gender)
                ):
                    best = (pos, entity)
        return best[1] if best else None

    def _epithet_antecedent(self, root: Token, mention: Span) -> Entity | None:
        """The person an epithet varies the name of: "Trump, appearing at the forum, cited problems ... . “We
        need change,” the New York businessman said" is Trump, the subject of the sentence before. Only a
        definite role with a name in it ("New York", "GOP", "U.S.") is read so; a bare "the mayor" is more
        often someone new, and so is a local office or a tie to someone ("the Ohio mayor", "the Clinton
        spokesman")."""
        if not _epithet(root, mention):
            return None
        sentence = root.sent
        previous = sentence
        while previous.start > 0:
            previous = self.doc[previous.start - 1].sent
            if any(not t.is_space for t in previous):
                break
        if previous.start == sentence.start:
            return None
        # The subject of its main clause: "hours after Trump unleashed ..." speaks of someone else.
        subjects = [c for c in previous.root.children if c.dep_ in ("nsubj", "nsubjpass")]
        if len(subjects) != 1:
            return None
        subject = subjects[0]
        entity = self.token_entity.get(subject.i)
        if entity is None and subject.lower_ in PERSON_PRONOUNS:
            entity = self._recent(subject.i, person=True, gender=PRONOUN_GENDERS.get(subject.lower_))
        if entity is None:
            entity = next((e for pos, e, _ in self.events if pos == subject.i), None)  # a description of someone
        if entity is None or entity.kind != "person":
            return None
        gender = ROLE_NOUN_GENDERS.get(root.lower_)
        return None if gender and entity.gender and entity.gender != gender else entity

    def _compatible(self, position: int, words: list[str], mention: Span) -> Entity | None:
        groups = set()
        for w in words:
            groups |= _GROUP_OF.get(w, set())
        if not groups:
            return None
        countries = _countries([t.lower_ for t in mention]) | _countries(
            [mention.doc[t.i : t.i + 2].text.lower() for t in mention]
        )
        best: Entity | None = None
        for pos, entity, _ in self.events:
            if pos >= position:
                break
            if entity.kind != "person" or not entity.roles:
                continue
            role_words = entity.role_words()
            role_groups = set()
            for w in role_words:
                role_groups |= _GROUP_OF.get(w, set())
            if not groups <= role_groups and not (
                len(groups & role_groups) >= 1 and len(groups) >= 2 and groups & role_groups >= groups - {0}
            ):
                continue
            role_countries = _countries(sorted(role_words)) | _countries(
                [" ".join(r.lower().split()[:2]) for r in entity.roles]
            )
            for role in entity.roles:
                role_countries |= _possessive_countries(role)
            if countries and role_countries and not countries & role_countries:
                continue
            best = entity
        return best


def _epithet(root: Token, mention: Span) -> bool:
    """Whether a mention is a definite role with a name in it ("the New York businessman", "the GOP candidate"),
    as reporters vary a person's name; not a local office or a tie to someone ("the Ohio mayor", "the Clinton
    spokesman"), which bring in someone new."""
    words = [t for t in mention if not t.is_punct and not t.is_space]
    if not words or words[0].lower_ != "the" or root.tag_ != "NN":
        return False
    if root.lower_ not in ROLE_NOUNS or root.lower_ in NEW_PERSON_ROLES:
        return False
    return any(t.pos_ == "PROPN" or t.ent_type_ for t in words[1:])


def _strip_det(span: Span) -> str:
    toks = list(span)
    while toks and (toks[0].lower_ in ("the", "a", "an") or toks[0].is_punct):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if not toks:
        return span.text.strip()
    return span.doc[toks[0].i : toks[-1].i + 1].text

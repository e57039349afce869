"""Cross-article linking: the names articles give their speakers and targets -> one entity per real one.

Each article resolves its own mentions first (full name, surname, title, pronoun, description: see
`tracker.nlp.attribution.speakers`), and every quote and stance keeps the name its article settled on.
Linking then decides, over all those names in the store at once, which are one entity:

1. names that clean to the same key are one entity ("PENCE", "Pence"; "Donald J. Trump", "Donald Trump");
2. a full name that one slip of a letter in the given name separates from a name used at least
   `TYPO_RATIO` times as often is that name ("Donand Trump" -> "Donald Trump");
3. a single surname or given name ("Trump", "Hillary"), left so by an article that never gives the full
   name, joins the person with that surname or given name who is used most, when that person is used at
   least `DOMINANCE` times as often as the next candidate; otherwise it stays an entity of its own rather
   than merge two people;
4. corrections (merge, rename, alias add/remove, not-entity, import) are applied last, in the order made.

The outcome depends only on the set of names and their counts, never on the order in which articles were
ingested or on how many workers stored them, and `relink` is run at the end of every ingest, so it is the
same whatever the history.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import CursorResult, Table, and_, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from tracker.entities.names import (
    MAX_NAME_LENGTH,
    NOT_ENTITY_KINDS,
    PERSON,
    campaign_name,
    clean_name,
    edit_distance_at_most_one,
    given_name,
    is_single_name,
    issued_head,
    issuer_name,
    name_key,
    person_in_coordination,
    surname,
)
from tracker.lexicon import (
    ACRONYM_SKIPPED_WORDS,
    CAMPAIGN_WORDS,
    DESCRIPTION_OPENERS,
    GROUP_PRONOUNS,
    INDEFINITE_OPENERS,
    ISSUED_KINDS,
    ISSUED_NOUNS,
    ORGANISATION_HEADS,
    PRONOUN_GENDERS,
    ROLE_NOUNS,
    ROLE_PARTIES,
    ROLE_TENSES,
    ROLE_WORD_FORMS,
)
from tracker.store import models

TYPO_RATIO = 5
#: Articles giving a person a role word before the store is taken to know that person's roles.
ROLE_EVIDENCE = 3
_CAPITALISED_WORD = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$")
SINGLE_NAME_KINDS = frozenset({PERSON, "organisation", "group"})
DOMINANCE = 2
# How far before "the campaign" (in characters, about a paragraph or two) a campaign named is the one it means.
CAMPAIGN_REACH = 600
# Serialises relinking between ingest processes writing to one PostgreSQL database.
PG_RELINK_LOCK = 7_310_455_202


@dataclass(frozen=True)
class NameUse:
    """A name as stored on quotes or stances, with its kind and how many rows use it."""

    name: str
    kind: str
    count: int


@dataclass(frozen=True)
class Mention:
    """One quote's speaker as its article gives it, for the pass that reads each article: which names
    the article uses and where, and the roles it gives them ("Sen.", "Republican presidential nominee")."""

    article: str
    name: str
    kind: str
    position: int = -1  # where the mention starts in the article's text; -1 when not known
    roles: tuple[str, ...] = ()
    text: str = ""  # the mention as written: "the Vermont senator", "her campaign"


@dataclass(frozen=True)
class Correction:
    action: str  # merge / rename / alias-add / alias-remove / not-entity / import
    subject: str
    value: str | None = None
    kind: str | None = None
    wikidata_id: str | None = None


@dataclass
class Cluster:
    """An entity being formed: its display name, kind and the name keys that denote it."""

    key: str
    name: str
    kind: str
    count: int = 0
    members: set[str] = field(default_factory=set)  # name keys
    forms: Counter[str] = field(default_factory=Counter)  # cleaned spellings and their counts
    extra_aliases: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)  # keys of aliases a correction took away
    wikidata_id: str | None = None
    pinned: bool = False  # named by a correction or import: linking keeps its name

    def absorb(self, other: Cluster) -> None:
        self.count += other.count
        self.members |= other.members
        self.forms.update(other.forms)
        self.extra_aliases |= other.extra_aliases
        self.removed |= other.removed
        self.wikidata_id = self.wikidata_id or other.wikidata_id

    def aliases(self) -> list[str]:
        forms = set(self.forms) | self.extra_aliases
        if self.kind == PERSON and not is_single_name(self.name):
            forms.add(surname(self.name))
        own = name_key(self.name)
        # One spelling per key, the same in every process: the entity's name, else the most used, else the first.
        best: dict[str, str] = {own: self.name} if any(name_key(f) == own for f in forms) else {}
        for f in sorted(forms, key=lambda f: (-self.forms.get(f, 0), f)):
            if name_key(f) == own or name_key(f) not in self.removed:
                best.setdefault(name_key(f), f)
        return sorted(best.values(), key=name_key)


@dataclass
class Linking:
    """The outcome: each name key's cluster (None: not an entity), and the clusters."""

    owner: dict[str, Cluster | None]
    clusters: list[Cluster]
    # Descriptions that their article ties to one entity: (article, name key, position) -> the entity.
    in_article: dict[tuple[str, str, int], Cluster] = field(default_factory=dict)
    promoted: frozenset[str] = frozenset()  # surnames alone that attribution called descriptions ("Sanders")
    people: frozenset[str] = frozenset()  # name keys of the surnames and given names of people in the store
    forms: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # see `_entity_form`
    given: frozenset[str] = frozenset()  # name keys a correction gave an entity ("mayor" as an alias)

    def cluster_of(self, name: str, kind: str | None, article: str | None = None, position: int = -1) -> Cluster | None:
        """The entity of a name; given the article and where the mention starts, of a description there too."""
        form, form_kind = self.form_of(name, kind)
        key = name_key(clean_name(form, form_kind))
        if article is not None and (article, key, position) in self.in_article:
            return self.in_article[(article, key, position)]
        if form_kind in NOT_ENTITY_KINDS and name.strip() not in self.promoted and key not in self.given:
            return None  # "poll" is no entity, whoever is called "Poll", unless a correction made it a name
        return self.owner.get(key)

    def form_of(self, name: str, kind: str | None) -> tuple[str, str]:
        return self.forms.get((name, kind or PERSON)) or _entity_form(name, kind, self.people)

    def key_of(self, name: str, kind: str | None) -> str:
        return name_key(clean_name(*self.form_of(name, kind)))


def _acronym_letters(name: str) -> str | None:
    """The letters of a name written as an acronym ("IMF", "F.B.I."), or None for any other name."""
    letters = name.replace(".", "")
    return letters if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper() else None


def _initials(name: str) -> str:
    """The initials of a multi-word name, as its acronym has them: "Federal Bureau of Investigation" -> "FBI"."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in ACRONYM_SKIPPED_WORDS]
    return "".join(w[0].upper() for w in words) if len(words) > 1 else ""


def _display_form(forms: Counter[str]) -> str:
    """The most used spelling; on a tie the one with most capitals kept ("de Blasio" over "De blasio")."""
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def _entity_form(name: str, kind: str | None, people: AbstractSet[str] = frozenset()) -> tuple[str, str]:
    """The name and kind a stored speaker name stands for, before any linking: a campaign in any of its forms
    ("Trump team", "Sanders' camp") is "X campaign"; what an organisation issued ("IMF report", "a new ad from
    Donald Trump's campaign") is that organisation; a person in a coordination with a stray word ("Leonard
    E. Burman and professor") is that person. Anything else is itself."""
    kind = kind or PERSON
    if kind in NOT_ENTITY_KINDS or kind in ("organisation", "group"):
        campaign = campaign_name(name, people)
        if campaign:
            return campaign, "organisation"
    if kind in NOT_ENTITY_KINDS:
        issuer = issuer_name(name)
        if issuer:
            return issuer, "organisation"
    if kind == "group":
        person = person_in_coordination(name)
        if person:
            return person, PERSON
    return name, kind


def link_names(
    uses: Iterable[NameUse], corrections: Sequence[Correction] = (), mentions: Iterable[Mention] = ()
) -> Linking:
    """Decide the entity of every name (and, given `mentions`, of descriptions in their article); pure, so
    the same names always give the same entities."""
    by_key: dict[str, Cluster] = {}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    owner: dict[str, Cluster | None] = {}
    uses = list(uses)
    # A surname alone that attribution took for a description ("Sanders often questions ...") is a name
    # when some full name in the store has it; any other single word ("Police") stays a description.
    known_parts = {
        name_key(part)
        for u in uses
        if u.kind == PERSON and u.count >= DOMINANCE and not is_single_name(cleaned := clean_name(u.name, u.kind))
        for part in (surname(cleaned), given_name(cleaned))
        if part
    }
    entity_forms = {(u.name, u.kind or PERSON): _entity_form(u.name, u.kind, known_parts) for u in uses}
    forms = sorted((*entity_forms[(u.name, u.kind or PERSON)], u.count, u.name, u.kind) for u in uses)
    # ... and so is a name used as one ("Politifact") when the store uses it as a name often enough.
    known_names = {
        name_key(clean_name(name, kind))
        for name, kind, count, *_ in forms
        if kind not in NOT_ENTITY_KINDS and count >= DOMINANCE
    }
    promoted: set[str] = set()
    issued: dict[str, Counter[str]] = defaultdict(Counter)  # uses that came from a description's issuer
    for name, kind, count, raw, raw_kind in forms:
        if kind in NOT_ENTITY_KINDS and _CAPITALISED_WORD.match(name.strip()):
            if name_key(name.strip()) in known_parts:
                kind = PERSON
                promoted.add(name.strip())
            elif name_key(name.strip()) in known_names:
                promoted.add(name.strip())
                continue  # the name's own uses make its entity
        cleaned = clean_name(name, kind)
        key = name_key(cleaned)
        if not key:
            continue
        use = NameUse(cleaned, kind, count)
        if raw_kind in NOT_ENTITY_KINDS and kind not in NOT_ENTITY_KINDS and name != raw:
            issued[key][kind] += count
        if use.kind in NOT_ENTITY_KINDS:
            owner.setdefault(key, None)
            continue
        cluster = by_key.get(key)
        if cluster is None:
            cluster = by_key[key] = Cluster(key=key, name=cleaned, kind=use.kind, members={key})
        cluster.count += use.count
        cluster.forms[cleaned] += use.count
        kinds[key][use.kind] += use.count
    # Names that only ever came from what an organisation issued ("a Bloomberg poll") are organisations:
    # they never join a person of that surname (Michael Bloomberg).
    issued_only = {key for key, by in issued.items() if by == kinds[key]}
    for key, cluster in by_key.items():
        cluster.kind = min(kinds[key], key=lambda k: (-kinds[key][k], k))
        cluster.name = _display_form(cluster.forms)
    clusters = sorted(by_key.values(), key=lambda c: (-c.count, c.key))
    merged_into: dict[str, Cluster] = {}

    def merge(small: Cluster, big: Cluster) -> None:
        big.absorb(small)
        merged_into[small.key] = big

    # 2. one-letter slips in a given name
    full_people = [c for c in clusters if c.kind == PERSON and not is_single_name(c.name)]
    by_surname: dict[str, list[Cluster]] = defaultdict(list)
    for c in full_people:
        by_surname[name_key(surname(c.name))].append(c)
    for group in by_surname.values():
        for small in reversed(group):  # least used first
            if small.key in merged_into:
                continue
            for big in group:
                if big is small or big.key in merged_into or big.count < TYPO_RATIO * small.count:
                    continue
                a, b = name_key(given_name(small.name)), name_key(given_name(big.name))
                if min(len(a), len(b)) >= 4 and edit_distance_at_most_one(a, b):
                    merge(small, big)
                    break

    # 3. a surname or given name alone (of any kind but a place: NER often calls "Trump" an organisation),
    # and a full name inside a longer one that a headline made ("Rip Donald Trump")
    full_people = [c for c in full_people if c.key not in merged_into]
    by_full_key = {c.key: c for c in full_people}
    for longer in full_people:
        words = longer.key.split()
        for start in range(1, len(words) - 1):
            inner = by_full_key.get(" ".join(words[start:]))
            if inner is not None and inner.key not in merged_into and inner.count >= TYPO_RATIO * longer.count:
                merge(longer, inner)
                break
    full_people = [c for c in full_people if c.key not in merged_into]
    singles = [
        c for c in clusters if c.key not in merged_into and c.kind in SINGLE_NAME_KINDS and is_single_name(c.name)
    ]
    # The last word of a longer organisation name is its short form ("Times" for The New York Times), unless
    # it is a generic head ("Committee") that any number of organisations end in.
    full_organisations = [
        c
        for c in clusters
        if c.key not in merged_into
        and c.kind == "organisation"
        and len(c.name.split()) > 1
        and c.key.split()[-1] not in ORGANISATION_HEADS
    ]
    organisations = [
        c for c in clusters if c.key not in merged_into and c.kind == "organisation" and len(c.name.split()) > 1
    ]
    # Looked up by name key, in store order: comparing every single name with every full name grows with the
    # square of the store.
    by_part: dict[str, list[Cluster]] = defaultdict(list)  # a full name's surname and given name
    for c in full_people:
        for part in dict.fromkeys((name_key(surname(c.name)), name_key(given_name(c.name)))):
            by_part[part].append(c)
    by_last_word: dict[str, list[Cluster]] = defaultdict(list)
    for c in full_organisations:
        by_last_word[c.key.split()[-1]].append(c)
    by_initials: dict[str, list[Cluster]] = defaultdict(list)
    for c in organisations:
        by_initials[_initials(c.name)].append(c)
    for single in singles:
        candidates = list(by_part.get(single.key, ())) if single.key not in issued_only else []
        if single.kind == "organisation" and not candidates:
            candidates = list(by_last_word.get(single.key, ()))
        if single.kind == "organisation" and not candidates and (letters := _acronym_letters(single.name)):
            # "IMF", "F.B.I.": the one organisation in the store whose name has those initials
            initialled = by_initials.get(letters, [])
            if len(initialled) == 1:
                merge(single, initialled[0])
            continue
        if not candidates:
            continue
        candidates.sort(key=lambda c: (-c.count, c.key))
        best = candidates[0]
        if len(candidates) == 1 or best.count >= DOMINANCE * candidates[1].count:
            merge(single, best)

    # 4. an organisation's name of two words or more that ends exactly one longer name ("Supreme Court" of the
    # "U.S. Supreme Court", "Tax Policy Center" of the "Urban-Brookings Tax Policy Center"); not one that ends
    # several ("National Committee": the Democratic or the Republican one?)
    organisations = [c for c in organisations if c.key not in merged_into]
    for short in sorted(organisations, key=lambda c: (len(c.key.split()), c.key)):
        words = short.key.split()
        endings = [
            c
            for c in organisations
            if c is not short
            and c.key not in merged_into
            and c.key.split()[-len(words) :] == words
            and len(c.key.split()) > len(words)
        ]
        if len(endings) == 1 and short.key not in merged_into:
            merge(short, endings[0])

    live = {c.key: c for c in clusters if c.key not in merged_into}
    for cluster in live.values():
        for member in cluster.members:
            owner[member] = cluster
    given: set[str] = set()
    _apply_corrections(corrections, live, owner, given)
    for cluster in live.values():
        if not cluster.pinned and cluster.forms:
            # A full name over a surname alone ("Bill de Blasio" over "de Blasio", however often used).
            full = Counter(
                {
                    f: n
                    for f, n in cluster.forms.items()
                    if (not is_single_name(f) if cluster.kind == PERSON else len(f.split()) > 1)
                }
            )
            cluster.name = _display_form(full or cluster.forms)
    linking = Linking(
        owner,
        sorted(live.values(), key=lambda c: (-c.count, c.key)),
        promoted=frozenset(promoted),
        people=frozenset(known_parts),
        forms=entity_forms,
        given=frozenset(given),
    )
    refused = {name_key(c.subject) for c in corrections if c.action == "not-entity"}
    linking.in_article = _resolve_in_articles(linking, list(mentions), refused)
    return linking


# ------------------------------------------------------------------------------------- in-article pass


def _role_words(text: str) -> list[str]:
    """The words of a role or description in one form: "Sen." -> senator, "GOP" -> republican."""
    words = re.split(r"[\s/]+|(?<=\w)-(?=[A-Z])", text.replace("’", "'"))
    out = []
    for word in words:
        word = re.sub(r"'s$", "", word.strip(",;:()\"'")).lower()
        if word:
            out.extend(ROLE_WORD_FORMS.get(word, word).split())  # "S.C." -> south, carolina
    return out


@dataclass(frozen=True)
class _Description:
    head: str  # the role noun, in its one form ("senator")
    modifiers: tuple[str, ...]  # the other words, in their one form ("vermont", "republican")
    named: tuple[str, ...]  # the modifiers written with a capital ("vermont"): what tells holders apart


def _description(mention: Mention) -> _Description | None:
    """The role a description gives ("the Vermont senator" -> senator, Vermont), or None when it is not a
    definite one: "a judge" or "another official" introduces someone new, not a person named before."""
    # The mention as written shows its determiner; a name stands in when the mention is not stored, or when
    # attribution cut a description of several roles to its first ("the former secretary of state and
    # current Democratic presidential nominee" is stored as "former secretary of state").
    for written in dict.fromkeys([mention.text or mention.name, mention.name]):
        found = _role_of(written)
        if found is not None or written.split()[:1] and written.split()[0].lower() in INDEFINITE_OPENERS:
            return found
    return None


def _role_of(written: str) -> _Description | None:
    words = written.split()
    if words and words[0].lower() in INDEFINITE_OPENERS:
        return None
    opened = bool(words) and words[0].lower() in DESCRIPTION_OPENERS
    mention_opener = words[0] if opened else ""
    while words and words[0].lower() in DESCRIPTION_OPENERS:
        words = words[1:]
    if not words or len(words) > 5:
        return None
    lowered = [w.lower() for w in words]
    if "of" in lowered[1:-1]:
        # "former secretary of state": the role is the noun before "of", what follows says of what
        k = lowered.index("of")
        found = _role_of(" ".join(([mention_opener] if opened else []) + words[:k]))
        if found is None:
            return None
        rest = [w for w in words[k + 1 :] if w.lower() not in DESCRIPTION_OPENERS | INDEFINITE_OPENERS]
        # What the role is of must be known of the holder, capitals or not: state is not defense.
        tail = tuple(_role_words(" ".join(rest)))
        return _Description(found.head, found.modifiers + tail, found.named + tail)
    folded = _role_words(" ".join(words))
    if not folded or folded[-1] not in ROLE_NOUNS and folded[-1] not in CAMPAIGN_WORDS:
        return None
    # A capital that only opens the text ("Former DNC chairman" in a headline) says nothing.
    capitals = [w[:1].isupper() and (i > 0 or opened) for i, w in enumerate(words[:-1])]
    named = tuple(f for f, capital in zip(folded[:-1], capitals, strict=False) if capital)
    return _Description(folded[-1], tuple(folded[:-1]), named)


def _resolve_in_articles(
    linking: Linking, mentions: list[Mention], refused: set[str]
) -> dict[tuple[str, str, int], Cluster]:
    """Descriptions each article ties to one of its named speakers, from what the whole store knows of them.

    - A definite role description ("the Republican presidential nominee", "the Vermont senator") is the
      article's speaker whose roles, over every article in the store, include its head noun and the words it
      writes with a capital, and who is quoted in the article at least `DOMINANCE` times as often as any
      other such holder; a description naming one party is never someone known only in the other, and "the
      former chairman" never someone not known as a former one.
    - "The campaign", "her campaign" are the campaign of the nearest named speaker before it that has one in
      the store (a campaign itself, or a person whose "X campaign" is known), of the pronoun's gender when
      the store knows theirs from the pronouns that stand for them.
    Anything less certain stays a description: a wrong person is worse than none.
    """
    if not mentions:
        return {}
    # Roles over the whole store: in how many articles each entity was given each role word; and the
    # pronouns that stood for it, which tell its gender.
    profile: dict[int, Counter[str]] = defaultdict(Counter)
    genders: dict[int, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, int, str]] = set()
    quoted: dict[str, Counter[int]] = defaultdict(Counter)  # article -> entity -> its named quotes there
    named: dict[str, list[tuple[int, int]]] = defaultdict(list)  # article -> (position, entity), in text order
    clusters: dict[int, Cluster] = {}
    issued: dict[str, list[tuple[int, str, int]]] = defaultdict(list)  # article -> (position, noun, issuer)
    for m in mentions:
        cluster = linking.cluster_of(m.name, m.kind)
        if cluster is None:
            continue
        clusters[id(cluster)] = cluster
        quoted[m.article][id(cluster)] += 1
        gender = PRONOUN_GENDERS.get(m.text.strip().lower())
        if gender:
            genders[id(cluster)][gender] += 1
        elif m.text.strip().lower() not in GROUP_PRONOUNS:
            # Named where it stands: a pronoun is attribution's guess, not the article naming anyone.
            named[m.article].append((m.position, id(cluster)))
        if m.kind in NOT_ENTITY_KINDS and (head := issued_head(m.name)) and m.position >= 0:
            issued[m.article].append(
                (m.position, ISSUED_KINDS.get(head, head), id(cluster))
            )  # "a new ad from the Trump campaign"
        for role in m.roles:
            for word in _role_words(role):
                if (m.article, id(cluster), word) not in seen:
                    seen.add((m.article, id(cluster), word))
                    profile[id(cluster)][word] += 1
    for events in named.values():
        events.sort(key=lambda e: (e[0], clusters[e[1]].key))
    resolved: dict[tuple[str, str, int], Cluster] = {}
    for m in mentions:
        key = linking.key_of(m.name, m.kind)
        own = linking.cluster_of(m.name, m.kind)
        # A bare title NER took for a name ("Judge rejects ..." in a headline) is a description too.
        title = (
            own is not None and own.key == key and not own.pinned and key in ROLE_NOUNS and key not in linking.people
        )  # "Judge" alone, never merged into "Mark Judge"
        if (own is not None and not title) or key in refused:
            continue
        description = _description(m)
        if description is None:
            thing = _issued_again(m)
            if thing is not None:  # "The ad uses footage ...": the issuer of the ad the article just named
                found = None
                for position, head, i in sorted(issued[m.article], key=lambda e: (e[0], clusters[e[2]].key)):
                    if position < m.position and head == thing:
                        found = clusters[i]
                if found is not None:
                    resolved[(m.article, key, m.position)] = found
            continue
        if description.head in CAMPAIGN_WORDS:
            found = _campaign_before(m, named[m.article], clusters, genders, linking)
        else:
            here = quoted.get(m.article, Counter())
            people = sorted((i for i in here if clusters[i].kind == PERSON), key=lambda i: (-here[i], clusters[i].key))
            holders = [i for i in people if _holds(profile[i], description)]
            found = None
            if holders and (len(holders) == 1 or here[holders[0]] >= DOMINANCE * here[holders[1]]):
                found = clusters[holders[0]]
                # The article's main figure, whose roles the store hardly knows ("the Republican candidate"
                # in a story about Ben Carson, known as a neurosurgeon), may be the one meant: no one is.
                main = people[0]
                if (
                    here[main] >= DOMINANCE * here[holders[0]]
                    and not profile[main][description.head]
                    and max(profile[main].values(), default=0) < ROLE_EVIDENCE
                ):
                    found = None
        if found is not None:
            resolved[(m.article, key, m.position)] = found
    return resolved


def _issued_again(mention: Mention) -> str | None:
    """The kind of a definite description of something issued that the article named before: "the ad",
    "the clip", "this new report" -> "ad", "ad", "report"; None for any other mention."""
    words = mention.text.split()
    if len(words) < 2 or len(words) > 4 or words[0].lower() not in ("the", "this", "that"):
        return None
    head = words[-1].lower().strip(",")
    if head not in ISSUED_NOUNS or any(not w.islower() for w in words[1:-1]):
        return None
    return ISSUED_KINDS.get(head, head)


def _campaign_before(
    mention: Mention,
    events: list[tuple[int, int]],
    clusters: dict[int, Cluster],
    genders: dict[int, Counter[str]],
    linking: Linking,
) -> Cluster | None:
    if mention.position < 0:
        return None
    opener = (mention.text or mention.name).split()[0].lower()
    wanted = PRONOUN_GENDERS.get(opener)  # "her campaign"
    if wanted is None:
        # "A new ad from Donald Trump's campaign ... uses footage of Hillary Clinton asking ... The campaign
        # says": a campaign the passage just named is the one meant, before the person quoted since.
        for position, i in reversed(events):
            cluster = clusters[i]
            if mention.position - CAMPAIGN_REACH <= position < mention.position and cluster.key.endswith(" campaign"):
                if cluster.kind == "organisation":
                    return cluster
    for position, i in reversed(events):
        if position >= mention.position:
            continue
        cluster = clusters[i]
        if cluster.kind == "organisation" and cluster.key.endswith(" campaign"):
            return cluster if wanted is None else None
        if cluster.kind != PERSON:
            continue
        votes = genders.get(i, Counter())
        gender = max(votes, key=lambda g: (votes[g], g)) if votes else None
        if wanted and gender != wanted:
            continue  # "her campaign" is no campaign of a man's, nor of someone whose gender is not known
        # The nearest person is the one the campaign is about; with no campaign known, it is none we know.
        return linking.owner.get(name_key(f"{surname(cluster.name)} campaign"))
    return None


def _holds(profile: Counter[str], description: _Description) -> bool:
    """Whether an entity with these roles can be what the description says."""
    if not profile[description.head]:
        return False
    parties = {w for w in description.modifiers if w in ROLE_PARTIES}
    known = {w for w in profile if w in ROLE_PARTIES}
    if parties and known and not parties & known:
        return False
    # Every word written with a capital ("Vermont", "GOP") must be known of the holder.
    if not all(profile[w] for w in description.named):
        return False
    # "The former DNC chairman" is not the one known as the chairman now.
    return all(profile[w] for w in description.modifiers if w in ROLE_TENSES)


def _apply_corrections(
    corrections: Sequence[Correction],
    live: dict[str, Cluster],
    owner: dict[str, Cluster | None],
    given: set[str] | None = None,
) -> None:
    """Apply the corrections in order; `given` collects the name keys a correction gave an entity."""
    given = set() if given is None else given

    def find(name: str) -> Cluster | None:
        key = name_key(name)
        if key in live:
            return live[key]
        found = owner.get(key)
        if found is not None:
            return found
        for cluster in live.values():  # an alias given by a correction, or a surname
            if key in {name_key(a) for a in cluster.aliases()}:
                return cluster
        return None

    def move(key: str, to: Cluster | None) -> None:
        old = owner.get(key)
        if old is not None and old is not to:
            old.members.discard(key)
        owner[key] = to
        if to is not None:
            to.members.add(key)
            given.add(key)
        else:
            given.discard(key)

    def take(key: str, to: Cluster | None) -> None:
        """Move one name (with its uses) to `to`; a cluster left with no name at all is gone."""
        old = owner.get(key)
        if old is not None and old is not to:
            forms = Counter({f: n for f, n in old.forms.items() if name_key(f) == key})
            old.forms.subtract(forms)
            old.forms = +old.forms
            old.count -= sum(forms.values())
            if to is not None:
                to.forms.update(forms)
                to.count += sum(forms.values())
            if old.members <= {key} and not old.pinned and live.get(old.key) is old:
                del live[old.key]
        move(key, to)

    def pinned(name: str, kind: str) -> Cluster:
        key = name_key(name)
        cluster = live.get(key)
        if cluster is None:
            cluster = live[key] = Cluster(key=key, name=name, kind=kind)
        cluster.name, cluster.kind, cluster.pinned = name, kind, True
        return cluster

    for c in corrections:
        if c.action == "import":
            cluster = pinned(c.subject, c.kind or PERSON)
            cluster.wikidata_id = c.wikidata_id or cluster.wikidata_id
            for alias in [c.subject, *(a for a in (c.value or "").split("|") if a.strip())]:
                cluster.extra_aliases.add(alias.strip())
                other = live.get(name_key(alias))
                if other is not None and other is not cluster:
                    cluster.absorb(other)
                    for member in list(other.members):
                        move(member, cluster)
                    del live[other.key]
                take(name_key(alias), cluster)
            continue
        source = find(c.subject)
        if c.action == "not-entity":
            if source is not None:
                for member in list(source.members):
                    move(member, None)
                live.pop(source.key, None)
            move(name_key(c.subject), None)
        elif source is None:
            continue  # the name is not in the store (any more): nothing to correct
        elif c.action == "merge" and c.value:
            target = find(c.value)
            if target is None or target is source:
                continue
            target.absorb(source)
            for member in list(source.members):
                move(member, target)
            live.pop(source.key, None)
        elif c.action == "rename" and c.value:
            live.pop(source.key, None)
            existing = live.get(name_key(c.value))
            if existing is not None:
                existing.absorb(source)
                for member in list(source.members):
                    move(member, existing)
                source = existing
            source.key, source.name, source.pinned = name_key(c.value), c.value, True
            source.extra_aliases.add(c.value)
            live[source.key] = source
        elif c.action == "alias-add" and c.value:
            source.extra_aliases.add(c.value)
            source.removed.discard(name_key(c.value))
            take(name_key(c.value), source)
        elif c.action == "alias-remove" and c.value:
            key = name_key(c.value)
            source.extra_aliases = {a for a in source.extra_aliases if name_key(a) != key}
            source.removed.add(key)
            if owner.get(key) is source and key != source.key:
                alone = live.get(key)
                if alone is None or alone is source:
                    alone = live[key] = Cluster(key=key, name=c.value, kind=source.kind)
                take(key, alone)


# ---------------------------------------------------------------------------------------------- store


@dataclass
class RelinkSummary:
    entities: int
    quotes_changed: int
    stances_changed: int


def stored_corrections(session: Session) -> list[Correction]:
    rows = session.scalars(
        select(models.EntityCorrection)
        .where(models.EntityCorrection.undone.is_(False))
        .order_by(models.EntityCorrection.id)
    )
    return [Correction(r.action, r.subject, r.value, r.kind, r.wikidata_id) for r in rows]


@dataclass(frozen=True)
class _QuoteRow:
    id: int
    speaker_id: int | None
    mention: Mention


def _uses(session: Session) -> tuple[list[NameUse], list[_QuoteRow], list[tuple[str, str, int | None]]]:
    # One row per quote: descriptions are linked in their article, where they stand, so each quote is its own.
    quotes = [
        _QuoteRow(
            qid,
            speaker_id,
            Mention(
                str(article),
                name or "",
                kind or PERSON,
                -1 if start is None else start,
                tuple(roles.split("\n")) if roles else (),
                mention or "",
            ),
        )
        for qid, article, name, kind, speaker_id, roles, mention, start in session.execute(
            select(
                models.Quote.id,
                models.Quote.article_id,
                models.Quote.speaker_name,
                models.Quote.speaker_kind,
                models.Quote.speaker_id,
                models.Quote.speaker_roles,
                models.Quote.speaker_mention,
                models.Quote.speaker_mention_start,
            ).where(models.Quote.speaker_name.is_not(None))
        )
    ]
    stances = session.execute(
        select(models.Stance.target_name, models.Stance.target_kind, models.Stance.target_id, func.count()).group_by(
            models.Stance.target_name, models.Stance.target_kind, models.Stance.target_id
        )
    ).all()
    gazetteer = session.execute(
        select(models.Entity.name, models.Entity.kind).where(
            exists().where(models.TargetAlias.target_id == models.Entity.id)
        )
    ).all()
    counts: Counter[tuple[str, str]] = Counter()
    for row in quotes:
        counts[(row.mention.name, row.mention.kind)] += 1
    for name, kind, _, n in stances:
        counts[(name, kind or PERSON)] += n
    for name, kind in gazetteer:
        counts[(name, kind)] += 0
    uses = [NameUse(name, kind, n) for (name, kind), n in counts.items()]
    return uses, quotes, [(n, k, i) for n, k, i, _ in stances]


def relink(session: Session) -> RelinkSummary:
    """Link every stored name to its entity and update the rows whose entity changed; in `session`'s transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_RELINK_LOCK})
    uses, quotes, stance_groups = _uses(session)
    linking = link_names(uses, stored_corrections(session), [q.mention for q in quotes])
    entity_ids = _store_entities(session, linking.clusters)

    def entity_id(name: str, kind: str | None, article: str | None = None, position: int = -1) -> int | None:
        cluster = linking.cluster_of(name, kind, article, position)
        return entity_ids[cluster.key] if cluster is not None else None

    changes: dict[int | None, list[int]] = defaultdict(list)
    for q in quotes:
        wanted = entity_id(q.mention.name, q.mention.kind, q.mention.article, q.mention.position)
        if wanted != q.speaker_id:
            changes[wanted].append(q.id)
    quotes_changed = 0
    for wanted, ids in sorted(changes.items(), key=lambda item: (item[0] is None, item[0] or 0)):
        for chunk in _chunks(sorted(ids)):
            statement = update(models.Quote).where(models.Quote.id.in_(chunk)).values(speaker_id=wanted)
            # Session.execute is typed to return a Result; for an UPDATE it is a CursorResult, which counts rows
            quotes_changed += cast(CursorResult[Any], session.execute(statement)).rowcount
    stances_changed = 0
    for name, kind, current in stance_groups:
        wanted = entity_id(name, kind)
        if wanted == current:
            continue
        condition = and_(
            models.Stance.target_name == name,
            models.Stance.target_kind == kind,
            _same(models.Stance.target_id, current),
        )
        statement = update(models.Stance).where(condition).values(target_id=wanted)
        stances_changed += cast(CursorResult[Any], session.execute(statement)).rowcount
    _store_roles(session, linking, entity_ids)
    _delete_orphans(session, {c.key for c in linking.clusters if c.pinned})
    return RelinkSummary(len(linking.clusters), quotes_changed, stances_changed)


def _same(column: Any, value: Any) -> Any:
    return column.is_(None) if value is None else column == value


def _store_entities(session: Session, clusters: Sequence[Cluster]) -> dict[str, int]:
    from tracker.store.writer import insert_ignoring_duplicates, upsert_named

    ids = upsert_named(
        session,
        models.Entity,
        [{"name": c.name, "key": c.key, "kind": c.kind, "wikidata_id": c.wikidata_id} for c in clusters],
    )
    stored = {
        row.key: row
        for chunk in _chunks([c.key for c in clusters])
        for row in session.execute(
            select(models.Entity.key, models.Entity.name, models.Entity.kind, models.Entity.wikidata_id).where(
                models.Entity.key.in_(chunk)
            )
        )
    }
    for c in clusters:
        row = stored[c.key]
        if (row.name, row.kind, row.wikidata_id) != (c.name, c.kind, c.wikidata_id):
            session.execute(
                update(models.Entity)
                .where(models.Entity.id == ids[c.key])
                .values(name=c.name, kind=c.kind, wikidata_id=c.wikidata_id)
            )
    aliases: Table = models.EntityAlias.__table__  # type: ignore[assignment]
    for chunk in _chunks(list(ids.values())):
        session.execute(delete(aliases).where(aliases.c.entity_id.in_(chunk)))
    insert_ignoring_duplicates(
        session,
        models.EntityAlias,
        [
            {"entity_id": ids[c.key], "alias": a[:MAX_NAME_LENGTH], "key": name_key(a[:MAX_NAME_LENGTH])}
            for c in clusters
            for a in c.aliases()
        ],
        ["entity_id", "key"],
    )
    return ids


def _store_roles(session: Session, linking: Linking, entity_ids: dict[str, int]) -> None:
    from tracker.store.writer import insert_ignoring_duplicates

    roles: dict[int, dict[str, None]] = defaultdict(dict)
    rows = session.execute(
        select(models.Quote.speaker_name, models.Quote.speaker_kind, models.Quote.speaker_roles)
        .where(models.Quote.speaker_roles.is_not(None))
        .distinct()
    ).all()
    # In one order whatever the order the rows were stored in, so roles list the same way after any history.
    for name, kind, joined in sorted(rows, key=lambda r: (r[0] or "", r[1] or "", r[2] or "")):
        if name is None or joined is None:
            continue
        cluster = linking.cluster_of(name, kind)
        if cluster is not None:
            for role in joined.split("\n"):
                roles[entity_ids[cluster.key]][role[:MAX_NAME_LENGTH]] = None
    table: Table = models.EntityRole.__table__  # type: ignore[assignment]
    session.execute(delete(table))
    insert_ignoring_duplicates(
        session,
        models.EntityRole,
        [{"entity_id": entity_id, "role": role} for entity_id in sorted(roles) for role in roles[entity_id]],
        ["entity_id", "role"],
    )


def _delete_orphans(session: Session, keep: set[str]) -> None:
    """Entities no quote, stance or gazetteer alias points to any more (corrections' entities stay)."""
    entities: Table = models.Entity.__table__  # type: ignore[assignment]
    unused = select(entities.c.id).where(
        ~exists().where(models.Quote.speaker_id == entities.c.id),
        ~exists().where(models.Stance.target_id == entities.c.id),
        ~exists().where(models.TargetAlias.target_id == entities.c.id),
    )
    if keep:
        unused = unused.where(entities.c.key.not_in(sorted(keep)))
    if session.get_bind().dialect.name == "postgresql":
        # A row another ingest has just linked a quote to is locked by it: leave that one for later.
        unused = unused.with_for_update(skip_locked=True)
    session.execute(delete(entities).where(entities.c.id.in_(unused)))


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

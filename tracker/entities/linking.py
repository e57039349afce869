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

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, exists, func, select, text, update
from sqlalchemy.orm import Session

from tracker.entities.names import (
    MAX_NAME_LENGTH,
    NOT_ENTITY_KINDS,
    PERSON,
    clean_name,
    edit_distance_at_most_one,
    given_name,
    is_single_name,
    name_key,
    surname,
)
from tracker.store import models

TYPO_RATIO = 5
SINGLE_NAME_KINDS = frozenset({PERSON, "organisation", "group"})
DOMINANCE = 2
# Serialises relinking between ingest processes writing to one PostgreSQL database.
PG_RELINK_LOCK = 7_310_455_202


@dataclass(frozen=True)
class NameUse:
    """A name as stored on quotes or stances, with its kind and how many rows use it."""

    name: str
    kind: str
    count: int


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

    def cluster_of(self, name: str, kind: str | None) -> Cluster | None:
        return self.owner.get(name_key(clean_name(name, kind)))


def _display_form(forms: Counter[str]) -> str:
    """The most used spelling; on a tie the one with most capitals kept ("de Blasio" over "De blasio")."""
    return min(forms, key=lambda f: (-forms[f], -len(f), f))


def link_names(uses: Iterable[NameUse], corrections: Sequence[Correction] = ()) -> Linking:
    """Decide the entity of every name; pure, so the same names always give the same entities."""
    by_key: dict[str, Cluster] = {}
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    owner: dict[str, Cluster | None] = {}
    for use in sorted(uses, key=lambda u: (u.name, u.kind)):
        cleaned = clean_name(use.name, use.kind)
        key = name_key(cleaned)
        if not key:
            continue
        if use.kind in NOT_ENTITY_KINDS:
            owner.setdefault(key, None)
            continue
        cluster = by_key.get(key)
        if cluster is None:
            cluster = by_key[key] = Cluster(key=key, name=cleaned, kind=use.kind, members={key})
        cluster.count += use.count
        cluster.forms[cleaned] += use.count
        kinds[key][use.kind] += use.count
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
    singles = [c for c in clusters if c.key not in merged_into and c.kind in SINGLE_NAME_KINDS and is_single_name(c.name)]
    for single in singles:
        candidates = [
            c
            for c in full_people
            if name_key(surname(c.name)) == single.key or name_key(given_name(c.name)) == single.key
        ]
        if not candidates:
            continue
        candidates.sort(key=lambda c: (-c.count, c.key))
        best = candidates[0]
        if len(candidates) == 1 or best.count >= DOMINANCE * candidates[1].count:
            merge(single, best)

    live = {c.key: c for c in clusters if c.key not in merged_into}
    for cluster in live.values():
        for member in cluster.members:
            owner[member] = cluster
    _apply_corrections(corrections, live, owner)
    for cluster in live.values():
        if not cluster.pinned and cluster.forms:
            # A full name over a surname alone ("Bill de Blasio" over "de Blasio", however often used).
            full = Counter({f: n for f, n in cluster.forms.items()
                            if (not is_single_name(f) if cluster.kind == PERSON else len(f.split()) > 1)})
            cluster.name = _display_form(full or cluster.forms)
    return Linking(owner, sorted(live.values(), key=lambda c: (-c.count, c.key)))


def _apply_corrections(
    corrections: Sequence[Correction], live: dict[str, Cluster], owner: dict[str, Cluster | None]
) -> None:
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
        select(models.EntityCorrection).where(models.EntityCorrection.undone.is_(False)).order_by(models.EntityCorrection.id)
    )
    return [Correction(r.action, r.subject, r.value, r.kind, r.wikidata_id) for r in rows]


def _uses(session: Session) -> tuple[list[NameUse], list[tuple[str, str, int | None]], list[tuple[str, str, int]]]:
    quotes = session.execute(
        select(models.Quote.speaker_name, models.Quote.speaker_kind, models.Quote.speaker_id, func.count())
        .where(models.Quote.speaker_name.is_not(None))
        .group_by(models.Quote.speaker_name, models.Quote.speaker_kind, models.Quote.speaker_id)
    ).all()
    stances = session.execute(
        select(models.Stance.target_name, models.Stance.target_kind, models.Stance.target_id, func.count())
        .group_by(models.Stance.target_name, models.Stance.target_kind, models.Stance.target_id)
    ).all()
    gazetteer = session.execute(
        select(models.Entity.name, models.Entity.kind).where(
            exists().where(models.TargetAlias.target_id == models.Entity.id)
        )
    ).all()
    counts: Counter[tuple[str, str]] = Counter()
    for name, kind, _, n in [*quotes, *stances]:
        counts[(name, kind or PERSON)] += n
    for name, kind in gazetteer:
        counts[(name, kind)] += 0
    uses = [NameUse(name, kind, n) for (name, kind), n in counts.items()]
    return uses, [(n, k, i) for n, k, i, _ in quotes], [(n, k, i) for n, k, i, _ in stances]


def relink(session: Session) -> RelinkSummary:
    """Link every stored name to its entity and update the rows whose entity changed; in `session`'s transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_RELINK_LOCK})
    uses, quote_groups, stance_groups = _uses(session)
    linking = link_names(uses, stored_corrections(session))
    entity_ids = _store_entities(session, linking.clusters)

    def entity_id(name: str, kind: str | None) -> int | None:
        cluster = linking.cluster_of(name, kind)
        return entity_ids[cluster.key] if cluster is not None else None

    quotes_changed = 0
    for name, kind, current in quote_groups:
        wanted = entity_id(name, kind)
        if wanted != current:
            condition = and_(models.Quote.speaker_name == name, _same(models.Quote.speaker_kind, kind),
                             _same(models.Quote.speaker_id, current))
            quotes_changed += session.execute(update(models.Quote).where(condition).values(speaker_id=wanted)).rowcount
    stances_changed = 0
    for name, kind, current in stance_groups:
        wanted = entity_id(name, kind)
        if wanted == current:
            continue
        condition = and_(models.Stance.target_name == name, models.Stance.target_kind == kind,
                         _same(models.Stance.target_id, current))
        statement = update(models.Stance).where(condition).values(target_id=wanted)
        stances_changed += session.execute(statement).rowcount
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
    for name, kind, joined in sorted(rows, key=lambda r: (r[0], r[1] or "", r[2])):
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
    unused = (
        select(entities.c.id)
        .where(
            ~exists().where(models.Quote.speaker_id == entities.c.id),
            ~exists().where(models.Stance.target_id == entities.c.id),
            ~exists().where(models.TargetAlias.target_id == entities.c.id),
        )
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

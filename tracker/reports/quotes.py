"""Quotes and speakers as rows for the CLI, filtered the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from tracker.entities.names import NAMED_KINDS
from tracker.reports.entities import match_entity
from tracker.reports.search import parse as parse_search
from tracker.reports.search import to_fts5, to_tsquery
from tracker.store import models

KIND_ORDER = case({"direct": 0, "mixed": 1, "indirect": 2}, value=models.Quote.kind, else_=3)


@dataclass
class QuoteFilter:
    speaker: str | None = None
    article: str | None = None
    outlet: str | None = None
    since: date | None = None
    until: date | None = None
    kind: str | None = None
    contains: str | None = None
    limit: int | None = None
    speaker_id: int | None = None  # set from `speaker` by match_entity when left out


def text_search(session: Session, query: str) -> ColumnElement[bool]:
    """A condition on quotes: the text matches `query` (tracker.reports.search), through the full-text
    index, with stemming: "deplorable" also finds "deplorables".

    Raises:
        SearchSyntaxError: the query cannot be read (an unclosed quote, OR with nothing after it).
    """
    tree = parse_search(query)
    if session.get_bind().dialect.name == "postgresql":
        params: dict[str, str] = {}
        tsquery = to_tsquery(tree, params)
        # The expression the GIN index of migration 0002 is built on, so the index is used.
        return text(f"to_tsvector('english', quotes.text) @@ {tsquery}").bindparams(**params)  # type: ignore[return-value]
    matching: Select = (  # type: ignore[type-arg]
        select(literal_column("rowid"))
        .select_from(text("quotes_fts"))
        .where(text("quotes_fts MATCH :fts").bindparams(fts=to_fts5(tree)))
    )
    return models.Quote.id.in_(matching)


def outlet_ids(session: Session, name: str) -> list[int]:
    """Ids of the stored outlets `name` means: the same outlet under any known alias ("AP", "The
    Associated Press"), and publishers stored as a web address ("www.politico.com" for "Politico")."""
    from tracker.nlp.attribution.outlets import same_outlet

    # Outlets are few (publishers and the sources they credit), so each stored name is compared here.
    return [
        outlet_id
        for outlet_id, stored in session.execute(select(models.Outlet.id, models.Outlet.name))
        if same_outlet(stored, name)
    ]


def quotes_query(session: Session, flt: QuoteFilter) -> Select:  # type: ignore[type-arg]
    credited = aliased(models.Outlet)
    query = (
        select(
            models.Quote,
            models.Article.external_id,
            models.Article.published,
            models.Outlet.name.label("outlet"),
            credited.name.label("credited"),
            models.Entity.name.label("speaker"),
        )
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
        .outerjoin(credited, credited.id == models.Quote.credited_outlet_id)
        .outerjoin(models.Entity, models.Entity.id == models.Quote.speaker_id)
    )
    conditions: list[ColumnElement[bool]] = []
    if flt.speaker or flt.speaker_id is not None:
        speaker_id = (
            flt.speaker_id
            if flt.speaker_id is not None
            else match_entity(session, flt.speaker or "", "speaker").entity_id
        )
        conditions.append(models.Quote.speaker_id == speaker_id)
    if flt.article:
        conditions.append(models.Article.external_id == flt.article)
    if flt.outlet:
        ids = outlet_ids(session, flt.outlet)
        conditions.append(or_(models.Article.outlet_id.in_(ids), models.Quote.credited_outlet_id.in_(ids)))
    if flt.since:
        conditions.append(models.Article.published >= flt.since)
    if flt.until:
        conditions.append(models.Article.published <= flt.until)
    if flt.kind:
        conditions.append(models.Quote.kind == flt.kind)
    if flt.contains:
        conditions.append(text_search(session, flt.contains))
    query = query.where(*conditions).order_by(
        models.Article.published.desc().nulls_last(), models.Article.id, KIND_ORDER, models.Quote.content_start
    )
    return query.limit(flt.limit) if flt.limit else query


def count_quotes(session: Session, flt: QuoteFilter) -> int:
    """How many quotes `flt` selects, its limit aside."""
    query = quotes_query(session, replace(flt, limit=None)).order_by(None).subquery()
    return session.scalar(select(func.count()).select_from(query)) or 0


def _span(value: str | None, start: int | None, end: int | None) -> dict[str, Any] | None:
    return None if value is None else {"text": value, "start": start, "end": end}


def iter_quotes(session: Session, flt: QuoteFilter) -> Iterator[dict[str, Any]]:
    """Quotes as plain dicts, in the shape of `tracker quotes --format jsonl`."""
    for quote, article, published, outlet, credited, speaker in session.execute(quotes_query(session, flt)):
        yield {
            "id": quote.id,
            "article": article,
            "outlet": outlet,
            "published": published,
            "event_date": quote.event_date,
            "kind": quote.kind,
            "text": quote.text,
            "start": quote.content_start,
            "end": quote.content_end,
            "pieces": [{"start": start, "end": end} for start, end in quote.pieces] if quote.pieces else None,
            "speaker": speaker,
            "speaker_mention": _span(quote.speaker_mention, quote.speaker_mention_start, quote.speaker_mention_end),
            "cue": _span(quote.cue, quote.cue_start, quote.cue_end),
            "credited_source": credited,
        }


def iter_speakers(session: Session, name: str | None = None, *, every_kind: bool = False) -> Iterator[dict[str, Any]]:
    """Speakers with their aliases, roles, quote counts and first/last article dates, most quoted first.

    People, organisations and places by default; `every_kind` adds groups, and the descriptions
    ("officials", "a source") that quotes keep as their speaker's name without linking to an entity.
    """
    quotes = func.count(models.Quote.id)
    query = (
        select(
            models.Entity.id,
            models.Entity.name,
            models.Entity.kind,
            quotes,
            func.min(models.Article.published),
            func.max(models.Article.published),
        )
        .join(models.Quote, models.Quote.speaker_id == models.Entity.id)
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .group_by(models.Entity.id, models.Entity.name, models.Entity.kind)
        .order_by(quotes.desc(), models.Entity.name)
    )
    if name:
        query = query.where(models.Entity.id == match_entity(session, name, "speaker").entity_id)
    elif not every_kind:
        query = query.where(models.Entity.kind.in_(sorted(NAMED_KINDS)))
    rows = session.execute(query).all()
    ids = [row[0] for row in rows]
    aliases: dict[int, list[str]] = defaultdict(list)
    roles: dict[int, list[str]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for speaker_id, alias in session.execute(
            select(models.EntityAlias.entity_id, models.EntityAlias.alias)
            .where(models.EntityAlias.entity_id.in_(chunk))
            .order_by(models.EntityAlias.key)
        ):
            aliases[speaker_id].append(alias)
        for speaker_id, role in session.execute(
            select(models.EntityRole.entity_id, models.EntityRole.role)
            .where(models.EntityRole.entity_id.in_(chunk))
            .order_by(models.EntityRole.id)
        ):
            roles[speaker_id].append(role)
    for speaker_id, speaker_name, kind, count, first, last in rows:
        yield {
            "id": speaker_id,
            "name": speaker_name,
            "kind": kind,
            "aliases": [a for a in aliases[speaker_id] if a != speaker_name],
            "roles": roles[speaker_id],
            "quotes": count,
            "first": first,
            "last": last,
        }
    if every_kind and not name:
        yield from _descriptions(session)


def _descriptions(session: Session) -> Iterator[dict[str, Any]]:
    quotes = func.count(models.Quote.id)
    query = (
        select(
            models.Quote.speaker_name, quotes, func.min(models.Article.published), func.max(models.Article.published)
        )
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .where(models.Quote.speaker_id.is_(None), models.Quote.speaker_name.is_not(None))
        .group_by(models.Quote.speaker_name)
        .order_by(quotes.desc(), models.Quote.speaker_name)
    )
    for speaker_name, count, first, last in session.execute(query):
        yield {
            "id": None,
            "name": speaker_name,
            "kind": "description",
            "aliases": [],
            "roles": [],
            "quotes": count,
            "first": first,
            "last": last,
        }

"""Quotes and speakers as rows for the CLI, filtered the same way on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, or_, select, text
from sqlalchemy.orm import Session, aliased

from tracker.store import models
from tracker.store.writer import name_key

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


def speaker_ids_matching(session: Session, name: str) -> list[int]:
    """Speakers known by `name` (any alias, any case); failing that, by aliases containing it."""
    key = name_key(name)
    exact = select(models.SpeakerAlias.speaker_id).where(models.SpeakerAlias.key == key)
    by_name = select(models.Speaker.id).where(models.Speaker.key == key)
    ids = sorted(set(session.scalars(exact.union(by_name))))
    if ids:
        return ids
    pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    partial = select(models.SpeakerAlias.speaker_id).where(models.SpeakerAlias.key.like(pattern, escape="\\"))
    return sorted(set(session.scalars(partial)))


def text_search(session: Session, phrase: str) -> ColumnElement[bool]:
    """A condition on quotes: the text contains `phrase`, through the full-text index."""
    if session.get_bind().dialect.name == "postgresql":
        condition = text("to_tsvector('english', quotes.text) @@ phraseto_tsquery('english', :phrase)")
        return condition.bindparams(phrase=phrase)  # type: ignore[return-value]
    # FTS5 phrase syntax: double quotes, with embedded quotes doubled.
    fts_query = '"' + phrase.replace('"', '""') + '"'
    matching: Select = (  # type: ignore[type-arg]
        select(literal_column("rowid"))
        .select_from(text("quotes_fts"))
        .where(text("quotes_fts MATCH :fts").bindparams(fts=fts_query))
    )
    return models.Quote.id.in_(matching)


def quotes_query(session: Session, flt: QuoteFilter) -> Select:  # type: ignore[type-arg]
    credited = aliased(models.Outlet)
    query = (
        select(
            models.Quote,
            models.Article.external_id,
            models.Article.published,
            models.Outlet.name.label("outlet"),
            credited.name.label("credited"),
            models.Speaker.name.label("speaker"),
        )
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
        .outerjoin(credited, credited.id == models.Quote.credited_outlet_id)
        .outerjoin(models.Speaker, models.Speaker.id == models.Quote.speaker_id)
    )
    conditions: list[ColumnElement[bool]] = []
    if flt.speaker:
        conditions.append(models.Quote.speaker_id.in_(speaker_ids_matching(session, flt.speaker)))
    if flt.article:
        conditions.append(models.Article.external_id == flt.article)
    if flt.outlet:
        key = name_key(flt.outlet)
        conditions.append(or_(models.Outlet.key == key, credited.key == key))
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
            "speaker": speaker,
            "speaker_mention": _span(quote.speaker_mention, quote.speaker_mention_start, quote.speaker_mention_end),
            "cue": _span(quote.cue, quote.cue_start, quote.cue_end),
            "credited_source": credited,
        }


def iter_speakers(session: Session, name: str | None = None) -> Iterator[dict[str, Any]]:
    """Speakers with their aliases, roles, quote counts and first/last article dates."""
    query = (
        select(
            models.Speaker.id,
            models.Speaker.name,
            models.Speaker.kind,
            func.count(models.Quote.id),
            func.min(models.Article.published),
            func.max(models.Article.published),
        )
        .outerjoin(models.Quote, models.Quote.speaker_id == models.Speaker.id)
        .outerjoin(models.Article, models.Article.id == models.Quote.article_id)
        .group_by(models.Speaker.id, models.Speaker.name, models.Speaker.kind)
        .order_by(func.count(models.Quote.id).desc(), models.Speaker.name)
    )
    if name:
        query = query.where(models.Speaker.id.in_(speaker_ids_matching(session, name)))
    rows = session.execute(query).all()
    ids = [row[0] for row in rows]
    aliases: dict[int, list[str]] = defaultdict(list)
    roles: dict[int, list[str]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        for speaker_id, alias in session.execute(
            select(models.SpeakerAlias.speaker_id, models.SpeakerAlias.alias)
            .where(models.SpeakerAlias.speaker_id.in_(chunk))
            .order_by(models.SpeakerAlias.id)
        ):
            aliases[speaker_id].append(alias)
        for speaker_id, role in session.execute(
            select(models.SpeakerRole.speaker_id, models.SpeakerRole.role)
            .where(models.SpeakerRole.speaker_id.in_(chunk))
            .order_by(models.SpeakerRole.id)
        ):
            roles[speaker_id].append(role)
    for speaker_id, speaker_name, kind, count, first, last in rows:
        yield {
            "id": speaker_id,
            "name": speaker_name,
            "kind": kind,
            "aliases": aliases[speaker_id],
            "roles": roles[speaker_id],
            "quotes": count,
            "first": first,
            "last": last,
        }

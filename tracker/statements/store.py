"""Keep `statements` and `quotes.statement_id` current: regroup every speaker whose reports changed.

Run at the end of each ingest, after linking (a statement is one speaker's). A speaker is regrouped whole,
from all their stored quotes, so the statements are a function of the store and not of the ingest order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, select, text, update
from sqlalchemy.orm import Session

from tracker.statements.grouping import Report, compared_words, group_reports
from tracker.store import models

# Serialises regrouping between ingest processes writing to one PostgreSQL database.
PG_REGROUP_LOCK = 7_310_455_203


@dataclass
class RegroupSummary:
    speakers: int
    statements: int


def _dirty_speakers(session: Session) -> list[int]:
    """Speakers with a quote in no statement, or in a statement whose reports changed since it was made."""
    quotes = models.Quote
    counts = (
        select(quotes.statement_id, func.count().label("n"))
        .where(quotes.statement_id.is_not(None))
        .group_by(quotes.statement_id)
        .subquery()
    )
    stale = (
        select(models.Statement.id)
        .outerjoin(counts, counts.c.statement_id == models.Statement.id)
        .where(func.coalesce(counts.c.n, 0) != models.Statement.reports)
    )
    moved = (
        select(quotes.statement_id)
        .join(models.Statement, models.Statement.id == quotes.statement_id)
        .where(func.coalesce(quotes.speaker_id, -1) != func.coalesce(models.Statement.speaker_id, -1))
    )
    speakers = set(
        session.scalars(
            select(quotes.speaker_id).where(
                quotes.speaker_id.is_not(None),
                (quotes.statement_id.is_(None)) | quotes.statement_id.in_(stale) | quotes.statement_id.in_(moved),
            )
        )
    )
    speakers |= {
        s for s in session.scalars(select(models.Statement.speaker_id).where(models.Statement.id.in_(stale))) if s
    }
    return sorted(s for s in speakers if s is not None)


def regroup(session: Session) -> RegroupSummary:
    """Regroup the speakers whose reports changed; in `session`'s transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_REGROUP_LOCK})
    speakers = _dirty_speakers(session)
    made = 0
    for speaker_id in speakers:
        made += _regroup_speaker(session, speaker_id)
    # Statements no quote points to any more (their speaker's quotes went, or were relinked elsewhere).
    used = select(models.Quote.statement_id).where(models.Quote.statement_id.is_not(None))
    session.execute(delete(models.Statement).where(models.Statement.id.not_in(used)))
    # Quotes of no speaker are in no statement.
    session.execute(
        update(models.Quote)
        .where(models.Quote.speaker_id.is_(None), models.Quote.statement_id.is_not(None))
        .values(statement_id=None)
    )
    return RegroupSummary(len(speakers), made)


def _regroup_speaker(session: Session, speaker_id: int) -> int:
    rows = session.execute(
        select(
            models.Quote.id,
            models.Quote.text,
            models.Quote.kind,
            models.Quote.content_start,
            models.Quote.content_end,
            models.Article.external_id,
            models.Article.published,
            func.coalesce(models.Quote.credited_outlet_id, models.Article.outlet_id),
            models.Quote.statement_id,
        )
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .where(models.Quote.speaker_id == speaker_id)
    ).all()
    facts = {row[0]: row for row in rows}
    reports = [
        Report(qid, body, kind, ((published.isoformat() if published else "9999"), article, start), published)
        for qid, body, kind, start, _, article, published, _, _ in rows
    ]
    groups = group_reports(reports)
    statements: Table = models.Statement.__table__  # type: ignore[assignment]
    quotes: Table = models.Quote.__table__  # type: ignore[assignment]
    keys = [_key(group, facts) for group in groups]
    existing = (
        dict(session.execute(select(statements.c.key, statements.c.id).where(statements.c.key.in_(keys))).all())
        if keys
        else {}
    )
    # A statement's writes, batched per speaker: its new statements in one INSERT (ids in the order of
    # `groups`, as one INSERT each would give), the ones it keeps in one UPDATE, its quotes that move in one.
    summaries = [_summary(group, facts) | {"speaker_id": speaker_id} for group in groups]
    new = [{"key": key, **values} for key, values in zip(keys, summaries, strict=True) if key not in existing]
    kept = [
        {"statement": existing[key], **{f"new_{name}": value for name, value in values.items()}}
        for key, values in zip(keys, summaries, strict=True)
        if key in existing
    ]
    if new:
        made = session.execute(
            statements.insert().returning(statements.c.id, sort_by_parameter_order=True), new
        ).scalars()
        existing.update(zip((row["key"] for row in new), made, strict=True))
    if kept:
        session.execute(
            update(statements)
            .where(statements.c.id == bindparam("statement"))
            .values({name: bindparam(f"new_{name}") for name in summaries[0]}),
            kept,
        )
    # Only quotes that move: each write also rewrites the quote's row.
    moves = [
        {"quote": quote_id, "statement": existing[key]}
        for key, group in zip(keys, groups, strict=True)
        for quote_id in sorted(r.id for r in group)
        if facts[quote_id][8] != existing[key]
    ]
    if moves:
        session.execute(
            update(quotes).where(quotes.c.id == bindparam("quote")).values(statement_id=bindparam("statement")),
            moves,
        )
    return len(groups)


def _key(group: list[Report], facts: Mapping[int, tuple[Any, ...]]) -> str:
    """The key of a statement: "ARTICLE:START-END" of its first report by publication date, article and
    offsets. A quote's offsets are unique in its article, so two statements never share a key (two quotes can
    start at one word: "the Republican nominee" and "the Republican nominee “makes you want to retch.”"), and
    the same reports give the same key in any ingest order."""
    first = min(group, key=lambda r: (r.order, facts[r.id][4]))
    return f"{first.order[1]}:{first.order[2]}-{facts[first.id][4]}"


def _summary(group: list[Report], facts: Mapping[int, tuple[Any, ...]]) -> dict[str, object]:
    published = [facts[r.id][6] for r in group if facts[r.id][6] is not None]
    longest = max((compared_words(r) for r in group), key=len)
    return {
        "reports": len(group),
        "articles": len({facts[r.id][5] for r in group}),
        "outlets": len({facts[r.id][7] for r in group if facts[r.id][7] is not None}),
        "first_published": min(published) if published else None,
        "altered": any(not _inside(compared_words(r), longest) for r in group),
    }


def _inside(report: tuple[str, ...], longest: tuple[str, ...]) -> bool:
    """True when the report's words match the longest report's in one run, whatever either adds at its
    edges: a copy or a partial quote cut elsewhere, not words changed, added or dropped inside."""
    from difflib import SequenceMatcher

    blocks = [b for b in SequenceMatcher(a=report, b=longest, autojunk=False).get_matching_blocks() if b.size]
    return len(blocks) <= 1

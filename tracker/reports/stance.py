"""Stance timelines: per target and period, how many quotes, their mean stance, and the strongest one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from tracker.entities.names import name_key
from tracker.reports.entities import match_entity
from tracker.store import models

PERIODS = ("day", "week", "month", "year")
#: Reports leave out stances below this calibrated confidence unless told otherwise (--min-confidence 0): a label
#: the model gives less than an even chance of being right is no evidence (`tracker eval-stance` shows the
#: trade-off on hand-labelled statements).
DEFAULT_MIN_CONFIDENCE = 0.5


def period_start(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def period_label(start: date, by: str) -> str:
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return start.strftime("%Y-%m")
    if by == "year":
        return str(start.year)
    return start.isoformat()


@dataclass
class StanceFilter:
    speaker: str | None = None
    targets: Sequence[str] = ()
    since: date | None = None
    until: date | None = None
    # Entities already chosen (tracker.reports.entities.match_entity); else matched from the names above.
    speaker_id: int | None = None
    target_ids: Sequence[int] = ()
    # "statements": a line reported by ten outlets counts once; "reports": each copy counts.
    count: str = "statements"
    min_confidence: float | None = None  # stances below it are left out


def _stance_rows(session: Session, flt: StanceFilter) -> list[Any]:
    said_on = func.coalesce(models.Quote.event_date, models.Article.published).label("said_on")
    query = (
        select(
            models.Entity.name,
            models.Stance.score,
            models.Stance.label,
            models.Quote.id,
            models.Quote.text,
            said_on,
            models.Quote.statement_id,
        )
        .join(models.Quote, models.Quote.id == models.Stance.quote_id)
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .join(models.Entity, models.Entity.id == models.Stance.target_id)
    )
    conditions: list[ColumnElement[bool]] = []
    if flt.speaker_id is not None or flt.speaker:
        speaker_id = (
            flt.speaker_id
            if flt.speaker_id is not None
            else match_entity(session, flt.speaker or "", "speaker").entity_id
        )
        conditions.append(models.Quote.speaker_id == speaker_id)
    if flt.target_ids or flt.targets:
        ids = list(flt.target_ids) or [match_entity(session, name, "target").entity_id for name in flt.targets]
        conditions.append(models.Stance.target_id.in_(sorted(set(ids))))
    if flt.since:
        conditions.append(said_on >= flt.since)
    if flt.until:
        conditions.append(said_on <= flt.until)
    if flt.min_confidence is not None:
        # Rows stored before confidence was calibrated have none: they are kept, as they were reported.
        conditions.append(or_(models.Stance.confidence.is_(None), models.Stance.confidence >= flt.min_confidence))
    ordered = query.where(*conditions).order_by(said_on.nulls_last(), models.Quote.id)
    # Two names in one quote can be one entity ("Hillary", "Hillary Clinton"): count the quote once; and
    # unless asked for reports, one statement's copies once, by its first report.
    rows: dict[tuple[str, Any], Any] = {}
    for row in session.execute(ordered):
        copy = row.statement_id if flt.count == "statements" and row.statement_id is not None else ("quote", row.id)
        rows.setdefault((row.name, copy), row)
    return list(rows.values())


def stance_timeline(session: Session, flt: StanceFilter, by: str = "month") -> list[dict[str, Any]]:
    """One row per (target, period), oldest period first, targets in the order asked for."""
    groups: dict[tuple[str, date], list[Any]] = defaultdict(list)
    undated: dict[str, list[Any]] = defaultdict(list)
    for row in _stance_rows(session, flt):
        if row.said_on is None:
            undated[row.name].append(row)
        else:
            groups[(row.name, period_start(row.said_on, by))].append(row)
    order = {name_key(t): i for i, t in enumerate(flt.targets)}
    result = []
    for (target, start), rows in sorted(
        groups.items(), key=lambda item: (order.get(name_key(item[0][0]), len(order)), item[0])
    ):
        result.append(_summarise(target, period_label(start, by), start, rows))
    for target, rows in undated.items():
        result.append(_summarise(target, None, None, rows))
    return result


def _summarise(target: str, label: str | None, start: date | None, rows: list[Any]) -> dict[str, Any]:
    strongest = max(rows, key=lambda r: (abs(r.score), -r.id))
    mean = sum(r.score for r in rows) / len(rows)
    return {
        "target": target,
        "period": label,
        "period_start": start,
        "quotes": len({r.id for r in rows}),
        "mean_stance": round(mean, 3),
        "stance": "positive" if mean > 0.15 else "negative" if mean < -0.15 else "neutral",
        "evidence_quote_id": strongest.id,
        "evidence": strongest.text,
    }


def speaker_targets(
    session: Session,
    speaker: str | None,
    limit: int | None = None,
    *,
    speaker_id: int | None = None,
    count: str = "statements",
    min_confidence: float | None = None,
) -> list[dict[str, Any]]:
    """What a speaker talks about: per target, quote count, mean stance and the label counts."""
    flt = StanceFilter(speaker=speaker, speaker_id=speaker_id, count=count, min_confidence=min_confidence)
    by_target: dict[str, list[Any]] = defaultdict(list)
    for row in _stance_rows(session, flt):
        by_target[row.name].append(row)
    rows = []
    for target, items in by_target.items():
        labels = [r.label for r in items]
        rows.append(
            {
                "target": target,
                "quotes": len({r.id for r in items}),
                "mean_stance": round(sum(r.score for r in items) / len(items), 3),
                "positive": labels.count("positive"),
                "neutral": labels.count("neutral"),
                "negative": labels.count("negative"),
            }
        )
    rows.sort(key=lambda r: (-r["quotes"], r["target"]))
    return rows[:limit] if limit else rows

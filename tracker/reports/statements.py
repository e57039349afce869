"""Statements as reports: one row per utterance, every report of one, and which reports changed the words."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tracker.errors import UnknownName
from tracker.reports.quotes import QuoteFilter, iter_quotes
from tracker.statements.grouping import word_diff
from tracker.store import models

DISTINCT_COLUMNS = (
    "statement_id",
    "first_published",
    "speaker",
    "kind",
    "text",
    "reports",
    "articles",
    "outlets",
    "altered",
)
REPORT_COLUMNS = ("id", "published", "outlet", "credited_source", "article", "kind", "text", "changes")


def iter_distinct(session: Session, flt: QuoteFilter, *, altered: bool = False) -> Iterator[dict[str, Any]]:
    """One row per statement among the quotes `flt` selects, in their order, with the statement's first
    report as its text; `altered` keeps only statements whose reports disagree beyond punctuation."""
    quotes = QuoteFilter(**{**flt.__dict__, "limit": None})
    seen: set[Any] = set()
    emitted = 0
    for row in iter_quotes(session, quotes):
        statement_id = session.scalar(select(models.Quote.statement_id).where(models.Quote.id == row["id"]))
        key = statement_id if statement_id is not None else ("quote", row["id"])
        if key in seen:
            continue
        seen.add(key)
        statement = session.get(models.Statement, statement_id) if statement_id is not None else None
        if altered and not (statement is not None and statement.altered):
            continue
        first = _reports(session, statement_id)[0] if statement is not None else row
        yield {
            "statement_id": statement_id,
            "first_published": statement.first_published if statement else row["published"],
            "speaker": row["speaker"],
            "kind": first["kind"],
            "text": first["text"],
            "reports": statement.reports if statement else 1,
            "articles": statement.articles if statement else 1,
            "outlets": statement.outlets if statement else int(bool(row["credited_source"] or row["outlet"])),
            "altered": bool(statement.altered) if statement else False,
        }
        emitted += 1
        if flt.limit and emitted >= flt.limit:
            return


def _reports(session: Session, statement_id: int | None) -> list[dict[str, Any]]:
    credited = aliased(models.Outlet)
    query = (
        select(
            models.Quote.id,
            models.Quote.kind,
            models.Quote.text,
            models.Article.external_id,
            models.Article.published,
            models.Outlet.name,
            credited.name,
        )
        .join(models.Article, models.Article.id == models.Quote.article_id)
        .outerjoin(models.Outlet, models.Outlet.id == models.Article.outlet_id)
        .outerjoin(credited, credited.id == models.Quote.credited_outlet_id)
        .where(models.Quote.statement_id == statement_id)
        .order_by(models.Article.published.nulls_last(), models.Article.external_id, models.Quote.content_start)
    )
    return [
        {
            "id": qid,
            "kind": kind,
            "text": text,
            "article": article,
            "published": published,
            "outlet": outlet,
            "credited_source": credit,
        }
        for qid, kind, text, article, published, outlet, credit in session.execute(query)
    ]


def iter_same_as(session: Session, quote_id: int) -> Iterator[dict[str, Any]]:
    """Every report of the statement quote `quote_id` belongs to, first report first, each with the words it
    changes from the first report (`changes`: "-dropped" and "+added" runs of words)."""
    found = session.execute(select(models.Quote.statement_id).where(models.Quote.id == quote_id)).first()
    if found is None:
        raise UnknownName(f"no quote {quote_id}; `tracker quotes` lists them with their ids")
    statement_id = found[0]
    if statement_id is None:
        reports = [r for r in _single(session, quote_id)]
    else:
        reports = _reports(session, statement_id)
    first = reports[0]["text"]
    for report in reports:
        changes = word_diff(first, report["text"])
        yield {**report, "changes": " ".join(f"{sign}[{words}]" for sign, words in changes)}


def _single(session: Session, quote_id: int) -> list[dict[str, Any]]:
    row = session.get(models.Quote, quote_id)
    assert row is not None
    article = session.get(models.Article, row.article_id)
    outlet = session.get(models.Outlet, article.outlet_id) if article and article.outlet_id else None
    credit = session.get(models.Outlet, row.credited_outlet_id) if row.credited_outlet_id else None
    return [
        {
            "id": row.id,
            "kind": row.kind,
            "text": row.text,
            "article": article.external_id if article else None,
            "published": article.published if article else None,
            "outlet": outlet.name if outlet else None,
            "credited_source": credit.name if credit else None,
        }
    ]

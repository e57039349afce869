"""Regrouping in the store (tracker/statements/store.py): statements kept by key, quotes moved in place."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.entities.linking import relink
from tracker.statements.store import regroup
from tracker.store import models
from tracker.store.engine import open_database
from tracker.store.writer import ArticleWriter
from tracker.types import Article, Attribution, Speaker, TextSpan

LINE = "We will build the wall and Mexico will pay for it"
ROE = Speaker("Jane Roe", "person")


def _write(session: Session, external_id: str, published: date, *lines: str) -> None:
    text = " ".join(f"“{line},” Roe said." for line in lines)
    attributions = []
    for line in lines:
        at = text.index(line)
        content = TextSpan(at, at + len(line), line)
        cue = text.index("said", content.end)
        mention = TextSpan(cue - 4, cue - 1, "Roe")
        attributions.append(Attribution("direct", content, TextSpan(cue, cue + 4, "said"), mention, ROE))
    writer = ArticleWriter(session, extractor_version="test")
    writer.write(Article(external_id, text, outlet="Example News", published=published), attributions)
    writer.commit()
    relink(session)
    regroup(session)
    session.commit()


def _statements(session: Session) -> list[tuple[int, str, int, int, date | None]]:
    rows = session.execute(
        select(
            models.Statement.id,
            models.Statement.key,
            models.Statement.reports,
            models.Statement.articles,
            models.Statement.first_published,
        ).order_by(models.Statement.id)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_later_report_updates_its_statement_in_place_and_new_ones_follow(db: str) -> None:
    engine = open_database(db)
    with Session(engine) as session:
        _write(session, "a", date(2024, 1, 1), LINE)
        ((kept, key, reports, articles, first_published),) = _statements(session)
        assert (key, reports, articles, first_published) == ("a:1-50", 1, 1, date(2024, 1, 1))
        # A later report of the line and a new line: the statement keeps its key and id, its summary counts
        # the new report; the new line's statement comes after it.
        _write(session, "b", date(2024, 1, 2), "Our country is being run by stupid people", LINE)
        assert _statements(session) == [
            (kept, "a:1-50", 2, 2, date(2024, 1, 1)),
            (kept + 1, "b:1-42", 1, 1, date(2024, 1, 2)),
        ]
        placed = session.execute(
            select(models.Article.external_id, models.Quote.content_start, models.Statement.key)
            .join(models.Article, models.Article.id == models.Quote.article_id)
            .join(models.Statement, models.Statement.id == models.Quote.statement_id)
            .order_by(models.Article.external_id, models.Quote.content_start)
        ).all()
        assert [tuple(row) for row in placed] == [("a", 1, "a:1-50"), ("b", 1, "b:1-42"), ("b", 56, "a:1-50")]

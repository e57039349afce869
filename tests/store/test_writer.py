"""The writer: idempotent upserts, one savepoint per article, no duplicates on re-write."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.entities.linking import relink
from tracker.store import models
from tracker.store.engine import open_database
from tracker.store.writer import ArticleWriter
from tracker.types import Article, Attribution, Speaker, TargetStance, TextSpan

TEXT = "“We will win,” Jane Roe said. Roe said China was a partner."


def _article(external_id: str = "a1", text: str = TEXT) -> Article:
    return Article(external_id=external_id, text=text, outlet="Example News", published=date(2024, 1, 2))


def _attributions() -> list[Attribution]:
    jane = Speaker("Jane Roe", "person", aliases=("Roe", "Jane Roe"), roles=("senator",))
    china = TargetStance("China", "country", TextSpan(39, 44, "China"), "positive", 0.8)
    return [
        Attribution(
            "direct",
            TextSpan(1, 12, "We will win"),
            TextSpan(24, 28, "said"),
            TextSpan(15, 23, "Jane Roe"),
            jane,
            "Reuters",
        ),
        Attribution(
            "indirect",
            TextSpan(39, 58, "China was a partner"),
            TextSpan(34, 38, "said"),
            TextSpan(30, 33, "Roe"),
            jane,
            "Reuters",
            [china],
            date(2024, 1, 1),
        ),
    ]


def _counts(session: Session) -> dict[str, int]:
    """Row counts, speakers through the views SQL users have always queried."""
    relink(session)  # as ingest does after writing
    tables = ("articles", "quotes", "speakers", "speaker_aliases", "speaker_roles", "outlets", "stances")
    return {t: session.scalar(text(f"SELECT COUNT(*) FROM {t}")) or 0 for t in tables}


def test_write_stores_everything_once(db: str) -> None:
    engine = open_database(db)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        assert writer.write(_article(), _attributions()).status == "new"
        writer.commit()
        first = _counts(session)
        assert first == {
            "articles": 1,
            "quotes": 2,
            "speakers": 1,
            "speaker_aliases": 2,
            "speaker_roles": 1,
            "outlets": 2,
            "stances": 1,
        }
        # Writing the same article again (as --reprocess does) replaces its rows, duplicates nothing.
        assert writer.write(_article(), _attributions()).status == "updated"
        writer.commit()
        assert _counts(session) == first
        quote = session.scalars(select(models.Quote).order_by(models.Quote.content_start)).first()
        assert quote is not None and TEXT[quote.content_start : quote.content_end] == quote.text
        article = session.scalars(select(models.Article)).one()
        assert article.credited_outlet_id is not None


def test_same_speaker_in_two_articles_is_one_row(db: str) -> None:
    engine = open_database(db)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        writer.write(_article("a1"), _attributions())
        writer.write(_article("a2", TEXT + " "), _attributions())
        writer.commit()
        relink(session)
        assert session.scalar(text("SELECT COUNT(*) FROM speakers")) == 1
        assert session.scalar(select(func.count()).select_from(models.Quote)) == 4


def test_a_failing_article_leaves_nothing_behind(db: str) -> None:
    engine = open_database(db)
    broken = _attributions()
    broken[1].kind = None  # type: ignore[assignment]  # violates NOT NULL on quotes.kind
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        writer.write(_article("good"), _attributions())
        with pytest.raises(IntegrityError):
            writer.write(_article("bad", TEXT + "!"), broken)
        writer.commit()
        assert session.scalars(select(models.Article.external_id)).all() == ["good"]
        assert session.scalar(select(func.count()).select_from(models.Quote)) == 2


def test_two_statements_of_one_speaker_that_start_at_one_word_are_kept_apart(db: str) -> None:
    from tracker.statements.store import regroup

    text_ = "Hollande said the Republican nominee “makes you want to retch.”"
    hollande = Speaker("François Hollande", "person")
    engine = open_database(db)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        # Two quotes starting at one word: the description alone, and the mixed quote about it.
        writer.write(
            _article("hollande", text_),
            [
                Attribution(
                    "indirect",
                    TextSpan(14, 36, "the Republican nominee"),
                    TextSpan(9, 13, "said"),
                    TextSpan(0, 8, "Hollande"),
                    hollande,
                ),
                Attribution(
                    "mixed",
                    TextSpan(14, 63, text_[14:63]),
                    TextSpan(9, 13, "said"),
                    TextSpan(0, 8, "Hollande"),
                    hollande,
                ),
            ],
        )
        writer.commit()
        relink(session)
        regroup(session)
        session.commit()
        keys = session.scalars(select(models.Statement.key).order_by(models.Statement.key)).all()
        assert keys == ["hollande:14-36", "hollande:14-63"]


def test_a_split_quote_keeps_its_pieces(db: str) -> None:
    body = "“We will act,” Jane Roe said, “and soon.”"
    pieces = (TextSpan(1, 13, "We will act,"), TextSpan(31, 40, "and soon."))
    split = Attribution("direct", TextSpan(1, 40, body[1:40]), TextSpan(24, 28, "said"), pieces=pieces)
    whole = Attribution("indirect", TextSpan(15, 23, "Jane Roe"))
    engine = open_database(db)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        writer.write(_article(text=body), [split, whole])
        writer.commit()
        rows = {q.kind: (q.text, q.pieces) for q in session.scalars(select(models.Quote))}
    assert rows == {"direct": ("We will act, and soon.", [[1, 13], [31, 40]]), "indirect": ("Jane Roe", None)}

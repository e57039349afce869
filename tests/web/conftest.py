"""Fixtures for the review app: small stores written without the NLP pipeline, and a client over them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date

import pytest
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from tracker.entities.linking import relink
from tracker.store.engine import open_database
from tracker.store.writer import ArticleWriter
from tracker.types import Article, Attribution, Speaker, TargetStance, TextSpan
from tracker.web.app import create_app
from tracker.web.database import readonly_engine


def span(text: str, piece: str, start: int = 0) -> TextSpan:
    """The span of the first `piece` in `text` at or after `start`."""
    at = text.index(piece, start)
    return TextSpan(at, at + len(piece), piece)


def write_store(db: str, items: Sequence[tuple[Article, Sequence[Attribution]]]) -> None:
    """Store articles and attributions the way ingest does (writer, then relink), without parsing anything."""
    engine = open_database(db)
    with Session(engine) as session:
        writer = ArticleWriter(session, extractor_version="test")
        for article, attributions in items:
            writer.write(article, attributions)
        writer.commit()
        relink(session)
        session.commit()
    engine.dispose()


# An article built to break a careless page: markup, an attribute break-out and script URLs in every field
# that a page shows, including the id that goes into links.
HOSTILE_TEXT = (
    'Officials met on Monday. "<script>alert(1)</script> is what we said," <b>Eve</b> said.\n'
    'She added that "><img src=x onerror=alert(2)> was javascript:alert(3) and nothing more.'
)
HOSTILE_ID = '"><script>alert(4)</script>'
HOSTILE_TITLE = '<script>alert(5)</script>"><img src=x onerror=alert(6)>'
HOSTILE_URL = "javascript:alert(7)"
HOSTILE_SPEAKER = 'Eve"><img src=x onerror=alert(8)><script>alert(9)</script>'
HOSTILE_TARGET = "Acme <svg onload=alert(10)> Corp"


def hostile_article() -> tuple[Article, list[Attribution]]:
    text = HOSTILE_TEXT
    eve = Speaker(HOSTILE_SPEAKER, "organisation", aliases=(HOSTILE_SPEAKER,))
    first = Attribution(
        "direct",
        span(text, "<script>alert(1)</script> is what we said,"),
        span(text, "said", text.index("</b>")),
        span(text, "<b>Eve</b>"),
        eve,
        "<i>Wire</i>",
        [TargetStance(HOSTILE_TARGET, "organisation", span(text, "<script>"), "negative", -0.6)],
        date(2024, 3, 4),
    )
    second = Attribution(
        "indirect",
        span(text, '"><img src=x onerror=alert(2)> was javascript:alert(3) and nothing more'),
        span(text, "added"),
        span(text, "She"),
        eve,
        None,
        [TargetStance(HOSTILE_TARGET, "organisation", span(text, "javascript:alert(3)"), "positive", 0.4)],
    )
    article = Article(
        external_id=HOSTILE_ID,
        text=text,
        title=HOSTILE_TITLE,
        outlet="<script>alert(11)</script> Times",
        published=date(2024, 3, 5),
        url=HOSTILE_URL,
    )
    return article, [first, second]


SAMPLE_TEXT = "“We will win,” Jane Roe said.\nRoe said China was a partner."


def sample_articles() -> list[tuple[Article, list[Attribution]]]:
    text = SAMPLE_TEXT
    jane = Speaker("Jane Roe", "person", aliases=("Roe", "Jane Roe"), roles=("senator",))
    china = TargetStance("China", "country", span(text, "China"), "positive", 0.8)
    attributions = [
        Attribution("direct", span(text, "We will win"), span(text, "said"), span(text, "Jane Roe"), jane, "Reuters"),
        Attribution(
            "indirect",
            span(text, "China was a partner"),
            span(text, "said", text.index("\n")),
            span(text, "Roe", text.index("\n")),
            jane,
            "Reuters",
            [china],
            date(2024, 1, 1),
        ),
    ]
    other = "Nobody was quoted here."
    return [
        (
            Article(
                "a1",
                text,
                title="Roe on winning",
                outlet="Example News",
                published=date(2024, 1, 2),
                url="https://news.example/a1",
            ),
            attributions,
        ),
        (Article("a2", other, title="Quiet day", outlet="Example News", published=date(2023, 12, 1)), []),
    ]


@pytest.fixture
def sample_db(db: str) -> str:
    write_store(db, sample_articles())
    return db


@pytest.fixture
def hostile_db(db: str) -> str:
    write_store(db, [hostile_article(), *sample_articles()])
    return db


@pytest.fixture
def make_client() -> Iterator[Callable[[str], TestClient]]:
    """`make_client(db)`: a TestClient of the app over `db`, opened read-only as `tracker serve` opens it."""
    engines = []

    def make(db: str) -> TestClient:
        engine = readonly_engine(db)
        engines.append(engine)
        # Errors are pages, not exceptions: a test sees what a browser would.
        return TestClient(create_app(engine), raise_server_exceptions=False)

    yield make
    for engine in engines:
        engine.dispose()

"""Relinking in the store: descriptions are linked in their article, where they stand, on every backend.

The quotes are written as an ingest leaves them (name, kind, roles and the mention as the article gives it),
so the test needs no pipeline: "the Vermont senator" in a story quoting Bernie Sanders, whom another story
calls "Vermont Sen. Bernie Sanders", and "The campaign" after a Clinton quote.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.entities.linking import relink
from tracker.store import models
from tracker.store.engine import open_database

# (article, text, [(speaker name, kind, roles, mention)]) with each mention found in the text
ARTICLES: list[tuple[str, str, list[tuple[str, str, str | None, str]]]] = [
    (
        "primary-night",
        "Vermont Sen. Bernie Sanders told supporters in Concord that the race was far from over. "
        "\u201cWe are going all the way,\u201d Sanders said.",
        [
            ("Bernie Sanders", "person", "Vermont Sen.", "Vermont Sen. Bernie Sanders"),
            ("Bernie Sanders", "person", None, "Sanders"),
        ],
    ),
    (
        "sanders-rally",
        "Bernie Sanders drew a crowd of 8,000 in Madison. \u201cThe system is rigged,\u201d Sanders said. "
        "Hillary Clinton called him a friend. \u201cWe will unite,\u201d Clinton said. "
        "The Vermont senator said he would stay in the race until the convention. "
        "The campaign said it had raised $20 million in March.",
        [
            ("Bernie Sanders", "person", None, "Sanders"),
            ("Hillary Clinton", "person", "Democratic presidential candidate", "Clinton"),
            ("Vermont senator", "description", None, "The Vermont senator"),
            ("campaign", "description", None, "The campaign"),
        ],
    ),
    (
        "clinton-ads",
        "The Clinton campaign released a new ad on Monday. \u201cShe is ready,\u201d the Clinton campaign said.",
        [("Clinton campaign", "organisation", None, "the Clinton campaign")],
    ),
]


def _store(url: str, order: Sequence[int]) -> None:
    with Session(open_database(url)) as session, session.begin():
        for index in order:
            external_id, text, quotes = ARTICLES[index]
            article = models.Article(
                external_id=external_id, text=text, content_hash=external_id, extractor_version="test"
            )
            session.add(article)
            session.flush()
            for number, (name, kind, roles, mention) in enumerate(quotes):
                start = text.index(mention)
                session.add(
                    models.Quote(
                        article_id=article.id,
                        speaker_name=name,
                        speaker_kind=kind,
                        speaker_roles=roles,
                        kind="indirect",
                        text=f"statement {number}",
                        content_start=number,
                        content_end=number + 1,
                        speaker_mention=mention,
                        speaker_mention_start=start,
                        speaker_mention_end=start + len(mention),
                        extractor_version="test",
                    )
                )
            session.flush()
            relink(session)  # at the end of every ingest, as `tracker.ingest.link` does


def _speakers(url: str) -> dict[tuple[str, str], str | None]:
    with Session(open_database(url)) as session:
        rows = session.execute(
            select(models.Article.external_id, models.Quote.speaker_mention, models.Entity.name)
            .join(models.Article, models.Quote.article_id == models.Article.id)
            .outerjoin(models.Entity, models.Quote.speaker_id == models.Entity.id)
        ).all()
    return {(article, mention): name for article, mention, name in rows}


EXPECTED = {
    ("primary-night", "Vermont Sen. Bernie Sanders"): "Bernie Sanders",
    ("primary-night", "Sanders"): "Bernie Sanders",
    ("sanders-rally", "Sanders"): "Bernie Sanders",
    ("sanders-rally", "Clinton"): "Hillary Clinton",
    ("sanders-rally", "The Vermont senator"): "Bernie Sanders",
    ("sanders-rally", "The campaign"): "Clinton campaign",  # the campaign of the person just quoted
    ("clinton-ads", "the Clinton campaign"): "Clinton campaign",
}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0)], ids=["in-order", "reversed"])
def test_descriptions_link_in_their_article_whatever_the_order_of_ingest(db: str, order: Sequence[int]) -> None:
    _store(db, order)
    assert _speakers(db) == EXPECTED


def test_a_description_elsewhere_stays_unlinked(db: str) -> None:
    # Without the story that calls Sanders a Vermont senator, nothing says who "the Vermont senator" is;
    # without the Clinton campaign in the store, "The campaign" is no one's.
    _store(db, [1])
    speakers = _speakers(db)
    assert speakers[("sanders-rally", "The Vermont senator")] is None
    assert speakers[("sanders-rally", "The campaign")] is None
    _store(db, [0, 2])  # later ingests link them
    assert _speakers(db) == EXPECTED

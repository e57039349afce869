"""Credited sources are other news organisations: not the publisher itself, not an agency in the story."""

from __future__ import annotations

import pytest

from tracker.nlp.attribution.outlets import canonical_outlet, claim_credit, credited_source, same_outlet


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Agencies, reviews and networks in a story are no newsrooms.
        ("the International Atomic Energy Agency", None),
        ("The Environmental Protection Agency", None),
        ("the Nuclear Posture Review", None),
        ("the Haqqani Network", None),
        ("Princeton University Press", None),
        ("the Fake News", None),
        ("a count by The Associated Press", None),
        # A news agency, a masthead after a sentence's first word, publishers' own spellings.
        ("Xinhua News Agency", "Xinhua"),
        ("As Breitbart News", "Breitbart"),
        ("The Dallas Morning News", "The Dallas Morning News"),
        ("wash-post", "The Washington Post"),
        ("huff-post", "HuffPost"),
        ("https://www.politico.com/story/2016/01/x", "Politico"),
        ("www.washingtonpost.com", "The Washington Post"),
        ("abcnews.go.com", "ABC News"),
        ("bbc.co.uk", "BBC"),
    ],
)
def test_canonical_outlet_is_a_news_organisation(name: str, expected: str | None) -> None:
    assert canonical_outlet(name) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran has enriched uranium to 60 percent, according to the International Atomic Energy Agency.",
        "The International Atomic Energy Agency reported that Iran had enriched uranium.",
        "The troops will stay, according to the Nuclear Posture Review.",
    ],
)
def test_an_agency_in_the_story_is_not_credited(sentence: str) -> None:
    assert claim_credit(sentence) is None


@pytest.mark.parametrize(
    ("credited", "publisher", "expected"),
    [
        ("Politico", "politico.com", None),
        ("Politico", "www.politico.com", None),
        ("Associated Press", "AP", None),
        ("HuffPost", "huff-post", None),
        ("The New York Times", "nyt", None),
        ("Reuters", "politico.com", "Reuters"),
        ("Reuters", None, "Reuters"),
        (None, "politico.com", None),
    ],
)
def test_the_publisher_is_not_its_own_credited_source(
    credited: str | None, publisher: str | None, expected: str | None
) -> None:
    assert credited_source(credited, publisher) == expected


def test_same_outlet() -> None:
    assert same_outlet("AP", "The Associated Press")
    assert same_outlet("Riverton Ledger", "riverton ledger")
    assert not same_outlet("Reuters", "Associated Press")


@pytest.mark.slow
def test_extraction_credits_neither_the_publisher_nor_an_agency(attribution_nlp) -> None:  # type: ignore[no-untyped-def]
    from tracker.nlp.pipeline import make_doc
    from tracker.types import Article

    text = (
        "Iran has enriched uranium to 60 percent, according to the International Atomic Energy Agency.\n"
        "Politico reported last week that the White House was weighing new sanctions.\n"
        "The minister told Reuters that the talks had gone well."
    )
    doc = attribution_nlp(make_doc(attribution_nlp, Article("p1", text, outlet="politico.com")))
    credited = {a.content.text: a.credited_source for a in doc._.attributions}
    assert credited, "the three claims are attributions"
    assert not {"Politico", "International Atomic Energy Agency", "The International Atomic Energy Agency"} & set(
        credited.values()
    )
    told = [source for content, source in credited.items() if "talks had gone well" in content]
    assert told == ["Reuters"]

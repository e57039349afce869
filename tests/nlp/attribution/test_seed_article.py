"""Golden test: the seed article (Hegseth in Tokyo, Reuters) comes out right."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

_NAME = "hegseth-tokyo-2025-03-30.txt"
_CANDIDATES = (Path(__file__).parents[3] / "seeds" / _NAME, Path("/work/shared/seeds/000_21ee71a2755e3a13.txt"))
SEED = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])

# (expected content, kind or None for any, speaker name(s), speaker kind, mention text or None). A prediction
# matches an expected content the way the PolNeAR scorer matches (trimmed overlap >= half the longer).
EXPECTED = [
    (
        "“Japan is our indispensable partner in deterring Communist China’s military aggression, including through "
        "the Taiwan Strait,”",
        "direct",
        {"Pete Hegseth"},
        "person",
        "the U.S. defense chief",
    ),
    ("“the cornerstone of peace and security in the Indo-Pacific region,”", "direct", {"Pete Hegseth"}, "person", "he"),
    (
        "that President Donald Trump’s administration would continue to work closely with its key Asian ally",
        "indirect",
        {"Pete Hegseth"},
        "person",
        "he",
    ),
    ("Japan an indispensable partner in countering Chinese aggression", "indirect", {"Pete Hegseth"}, "person", None),
    (
        "they should not assume that the U.S. presence there would last forever",
        "indirect",
        {"Pete Hegseth"},
        "person",
        None,
    ),
    (
        "Hegseth and Nakatani agreed to accelerate plans for joint production of AMRAAM air-to-air missiles and "
        "explore potential collaboration in manufacturing SM-6 air defense missile systems to address ammunition "
        "shortages",
        "indirect",
        {"Gen Nakatani"},
        "person",
        "Nakatani",
    ),
    (
        "he had asked his Japanese counterpart to grant greater access to Japan’s strategic southwestern islands, "
        "located along the edge of the disputed East China Sea near Taiwan",
        "indirect",
        {"Pete Hegseth"},
        "person",
        "Hegseth",
    ),
    (
        "that Pete Hegseth had ordered the U.S. military to prioritize deterring China from seizing Taiwan and "
        "strengthening national defense by “accepting risk” in Europe and other parts of the world",
        "mixed",
        {"The Washington Post"},
        "organisation",
        "The Washington Post",
    ),
    ("“greatest strategic challenge.”", None, {"both nations", "the U.S. and Japan"}, "group", None),
]


def _match(text: str, expected: str, attributions):  # type: ignore[no-untyped-def]
    from tracker.evaluation.polnear import _trimmed, match_units

    start = text.index(expected)
    gold = [_trimmed(text, [(start, start + len(expected))])]
    pred = [_trimmed(text, [(a.content.start, a.content.end)]) for a in attributions]
    pairs = match_units(gold, pred)
    return attributions[pairs[0]] if pairs else None


@pytest.fixture(scope="module")
def seed(attribution_nlp):  # type: ignore[no-untyped-def]
    """The seed read and processed exactly as `tracker ingest` does (header stripped, metadata on the doc)."""
    from tracker.nlp.pipeline import make_doc
    from tracker.sources.text import read_text

    article = next(iter(read_text(SEED.read_text(encoding="utf-8"), str(SEED), {})))
    doc = attribution_nlp(make_doc(attribution_nlp, article))
    return article.text, list(doc._.attributions)


@pytest.mark.parametrize(
    ("expected", "kind", "names", "speaker_kind", "mention"), EXPECTED, ids=[e[0].strip("“")[:30] for e in EXPECTED]
)
def test_seed_attribution(seed, expected, kind, names, speaker_kind, mention) -> None:  # type: ignore[no-untyped-def]
    text, attributions = seed
    a = _match(text, expected, attributions)
    assert a is not None, [x.content.text for x in attributions]
    if kind is not None:
        assert a.kind == kind
    assert a.speaker is not None
    assert a.speaker.name.lower() in {n.lower() for n in names}
    assert a.speaker.kind == speaker_kind
    if mention is not None:
        assert a.speaker_mention is not None and a.speaker_mention.text == mention


def test_seed_credits(seed) -> None:  # type: ignore[no-untyped-def]
    _, attributions = seed
    for a in attributions:
        expected = "The Washington Post" if "had ordered the U.S. military" in a.content.text else "Reuters"
        assert a.credited_source == expected, a.content.text


def test_seed_speaker_roles(seed) -> None:  # type: ignore[no-untyped-def]
    _, attributions = seed
    hegseth = next(a.speaker for a in attributions if a.speaker and a.speaker.name == "Pete Hegseth")
    assert "U.S. Secretary of Defense" in hegseth.roles


def test_seed_nothing_from_navigation(seed) -> None:  # type: ignore[no-untyped-def]
    text, attributions = seed
    cut = text.index("Read also")
    assert [a.content.text for a in attributions if a.content.end > cut] == []


def test_seed_offsets(seed) -> None:  # type: ignore[no-untyped-def]
    text, attributions = seed
    for a in attributions:
        assert text[a.content.start : a.content.end] == a.content.text
        if a.speaker_mention:
            assert text[a.speaker_mention.start : a.speaker_mention.end] == a.speaker_mention.text


def test_seed_framing_goes_on_the_statement_it_frames(seed) -> None:  # type: ignore[no-untyped-def]
    """ "… contrasts with the criticism he directed at European allies in February, telling them they should not
    assume …": Hegseth negative toward Europe, on what he said in February. The journalist's framing ("Hegseth’s
    praise for Japan contrasts with …") is narration: no statement of its own."""
    _, attributions = seed
    [telling] = [a for a in attributions if a.content.text.startswith("they should not assume")]
    assert telling.speaker is not None and telling.speaker.name == "Pete Hegseth"
    assert telling.event_date == date(2025, 2, 1)
    [europe] = [t for t in telling.targets if t.target == "Europe"]
    assert (europe.label, europe.mention.text, europe.target_kind) == ("negative", "European allies", "region")
    assert europe.score < 0
    assert not [a.content.text for a in attributions if "praise" in a.content.text or "contrasts" in a.content.text]


@pytest.mark.parametrize(
    ("start", "said_on"),
    [
        ("Japan an indispensable partner", date(2025, 3, 30)),  # "on Sunday", the day it was published
        ("a major upgrade to the U.S. military command", date(2024, 7, 1)),  # "In July" before publication
        ("Hegseth and Nakatani agreed", date(2025, 3, 30)),  # no date: the publication date
    ],
)
def test_seed_event_dates(seed, start: str, said_on: date) -> None:  # type: ignore[no-untyped-def]
    _, attributions = seed
    [a] = [a for a in attributions if a.content.text.startswith(start)]
    assert a.event_date == said_on


def test_seed_no_statement_under_two_words(seed) -> None:  # type: ignore[no-untyped-def]
    _, attributions = seed
    assert [a.content.text for a in attributions if len(a.content.text.split()) < 2] == []

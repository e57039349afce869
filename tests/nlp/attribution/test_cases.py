"""The cases of issue 16, through the trained pipeline: real-looking sentences and what a careful reader extracts.

Each statement case names a content (exactly, as stored) and its speaker; each non-statement case names words
that must not be stored as a statement. A known miss is an ``xfail`` with its reason.
"""

from __future__ import annotations

from datetime import date

import pytest

pytestmark = pytest.mark.slow

PENCE = (
    "Vice presidential candidate Mike Pence appeared on the program on Monday.\n\n"
    "MATTHEWS: What would you do about it?\n\n"
    "PENCE: Well, look, I think the American people are tired of this."
)
HEGSETH = (
    "Hegseth met Nakatani in Tokyo. Hegseth’s praise for Japan contrasts with the criticism he directed at "
    "European allies in February, telling them they should not assume that the U.S. presence there would last "
    "forever."
)

# (text, content as stored, speaker name, speaker mention or None for any)
STATEMENTS = [
    # A source at the end of the sentence reports all that comes before it.
    pytest.param(
        "The Riverton public library will open on Sundays from June, the city announced on Friday.",
        "The Riverton public library will open on Sundays from June",
        "city",
        "the city",
        id="city-announced",
    ),
    pytest.param(
        "Every Riverton primary school will serve free breakfasts from September, according to the school district.",
        "Every Riverton primary school will serve free breakfasts from September",
        "school district",
        "the school district",
        id="according-at-the-end",
    ),
    pytest.param(
        "According to the city engineer, Lena Park, work will start in July and take about five months.",
        "work will start in July and take about five months.",
        "Lena Park",
        "the city engineer, Lena Park",
        id="according-appositive",
    ),
    pytest.param(
        "But a campaign operative decided to change course to avoid treatment by doctors who could leak "
        "details to reporters, a source said.",
        "a campaign operative decided to change course to avoid treatment by doctors who could leak details "
        "to reporters",
        "source",
        "a source",
        id="a-source-said",
    ),
    pytest.param(
        "The company will close its Ohio plant, The Post has learned.",
        "The company will close its Ohio plant",
        "Post",
        "The Post",
        id="the-post-has-learned",
    ),
    pytest.param(
        "In addition, the campaign plans to make more detailed medical records available soon, a spokesman "
        "announced Monday morning.",
        "In addition, the campaign plans to make more detailed medical records available soon",
        "spokesman",
        "a spokesman",
        id="spokesman-announced-monday",
    ),
    # Speaker-colon transcripts.
    pytest.param(
        PENCE, "Well, look, I think the American people are tired of this", "PENCE", "PENCE", id="transcript-label"
    ),
    # Credits inside a dash, a parenthesis or a pair of commas report the sentence around them.
    pytest.param(
        "“We will not back down,” Mayor Dana Whitfield said. The council — the mayor told reporters — will "
        "meet again next week.",
        "The council — the mayor told reporters — will meet again next week",
        "Dana Whitfield",
        "the mayor",
        id="dash-credit-inside",
    ),
    pytest.param(
        "The tariffs will take effect in March (the White House said on Monday) and cover steel and aluminum.",
        "The tariffs will take effect in March (the White House said on Monday) and cover steel and aluminum",
        "White House",
        "the White House",
        id="parenthesis-credit",
    ),
    pytest.param(
        "The committee, officials said, will release its report next week.",
        "The committee, officials said, will release its report next week",
        "officials",
        "officials",
        id="comma-credit",
    ),
    pytest.param(
        "Union members voted to accept the offer. “This is the best deal we could get.” — Maria Santos, union leader",
        "This is the best deal we could get.",
        "Maria Santos",
        "Maria Santos",
        id="dash-after-quote",
    ),
    # "Said Ellis:" names its speaker.
    pytest.param(
        "Experts say her plans would make the tax code more complicated. Said Ellis: “I don’t get the sense "
        "she’s the least bit interested in tax reform.”",
        "I don’t get the sense she’s the least bit interested in tax reform.",
        "Ellis",
        "Ellis",
        id="said-ellis",
    ),
    # Crowd chants are the crowd's, not the speaker's before them.
    pytest.param(
        "Trump took the stage in Tampa. “Lock her up! Lock her up!” the crowd chanted.",
        "Lock her up! Lock her up!",
        "crowd",
        "the crowd",
        id="chant-crowd-after",
    ),
    pytest.param(
        "“We are going to win big,” Trump said, as the crowd chanted “U-S-A! U-S-A!”",
        "U-S-A! U-S-A!",
        "crowd",
        "the crowd",
        id="chant-as-the-crowd-chanted",
    ),
    pytest.param(
        "“We will win this state,” Trump told the rally. “U-S-A! U-S-A!” chanted his supporters.",
        "U-S-A! U-S-A!",
        "his supporters",
        "his supporters",
        id="chant-inverted",
    ),
    # A whole quoted word is a statement, however short.
    pytest.param(
        "Mayor Dana Whitfield was asked about the plan. “Nonsense,” she said.",
        "Nonsense",
        "Dana Whitfield",
        "she",
        id="one-quoted-word",
    ),
    # The statement that a narrated framing sentence does hold.
    pytest.param(
        HEGSETH,
        "they should not assume that the U.S. presence there would last forever",
        "Hegseth",
        None,
        id="framing-sentence-statement",
    ),
    pytest.param(
        "Councillor Omar Haddad said the city should have acted two years ago, when engineers first warned "
        "about corrosion.",
        "the city should have acted two years ago, when engineers first warned about corrosion",
        "Omar Haddad",
        "Councillor Omar Haddad",
        id="haddad-when-clause",
    ),
]

# (text, words that are no statement)
NOT_STATEMENTS = [
    pytest.param(
        "Councillor Omar Haddad said the city should have acted two years ago, when engineers first warned "
        "about corrosion.",
        "corrosion",
        id="a-topic-is-no-statement",
    ),
    pytest.param(HEGSETH, "praise for Japan", id="framing-praise"),
    pytest.param(HEGSETH, "Japan contrasts with the criticism", id="framing-contrasts"),
    pytest.param(
        "The Riverton public library will open on Sundays from June, the city announced on Friday.",
        "Friday",
        id="a-time-is-no-statement",
    ),
    pytest.param("Asked about the plan, the senator denied it.", "it", id="a-pronoun-is-no-statement"),
    # the speaker's quote and the crowd's are two statements, not one
    pytest.param(
        "“We will win this state,” Trump told the rally. “U-S-A! U-S-A!” chanted his supporters.",
        "“We will win this state,” Trump told the rally",
        id="chant-not-merged",
    ),
]


def _found(attributions, content: str):  # type: ignore[no-untyped-def]
    return next((a for a in attributions if a.content.text == content), None)


@pytest.mark.parametrize(("text", "content", "speaker", "mention"), STATEMENTS)
def test_statement(extract, text: str, content: str, speaker: str, mention: str | None) -> None:  # type: ignore[no-untyped-def]
    attributions = extract(text)
    found = _found(attributions, content)
    assert found is not None, [a.content.text for a in attributions]
    assert found.speaker is not None and speaker.lower() in found.speaker.name.lower(), found.speaker
    if mention is not None:
        assert found.speaker_mention is not None and found.speaker_mention.text == mention


@pytest.mark.parametrize(("text", "words"), NOT_STATEMENTS)
def test_not_a_statement(extract, text: str, words: str) -> None:  # type: ignore[no-untyped-def]
    contents = [a.content.text for a in extract(text)]
    assert not [c for c in contents if c == words or c.startswith(words)], contents


def test_a_chant_after_a_speaker_is_not_theirs(extract) -> None:  # type: ignore[no-untyped-def]
    text = "“We will win this state,” Trump told the rally.\n\n“U-S-A! U-S-A!”\n\nThe chants went on for a minute."
    chant = _found(extract(text), "U-S-A! U-S-A!")
    assert chant is not None and chant.speaker is None


def test_no_statement_under_two_words_unless_a_whole_quote(extract) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Asked about the plan, the senator denied it. “Nonsense,” she said. The city announced it on Friday. "
        "Engineers warned about corrosion."
    )
    short = [a for a in extract(text) if len(a.content.text.split()) < 2]
    assert [(a.content.text, a.kind) for a in short] == [("Nonsense", "direct")]


@pytest.mark.parametrize(
    ("text", "content", "said_on"),
    [
        (
            "The Riverton public library will open on Sundays from June, the city announced on Friday.",
            "The Riverton public library will open on Sundays from June",
            date(2024, 5, 31),
        ),
        # the dates of what was said are not when it was said
        (
            "Every Riverton primary school will serve free breakfasts from September, according to the school district.",
            "Every Riverton primary school will serve free breakfasts from September",
            date(2024, 6, 1),
        ),
        (
            "According to the city engineer, Lena Park, work will start in July and take about five months.",
            "work will start in July and take about five months.",
            date(2024, 6, 1),
        ),
    ],
)
def test_event_date(attribution_nlp, text: str, content: str, said_on: date) -> None:  # type: ignore[no-untyped-def]
    doc = attribution_nlp.make_doc(text)
    doc._.published = date(2024, 6, 1)  # a Saturday
    found = _found(attribution_nlp(doc)._.attributions, content)
    assert found is not None and found.event_date == said_on

"""Quote-mark pairing, kinds, and direct quotes in every style through the pipeline."""

from __future__ import annotations

import pytest

from tracker.nlp.attribution.quotes import classify, find_quoted, quote_mask


def _stretches(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will,” he said.", ["We will,"]),
        ('"We will," he said.', ["We will,"]),
        ("He said ‘maybe’ twice.", ["maybe"]),
        ("« Nous verrons », a-t-il dit.", [" Nous verrons "]),
        ("“We will,” he said, “and soon.”", ["We will,", "and soon."]),
        ('He said "yes" and "no".', ["yes", "no"]),
        # two apostrophes stand for a double quote in some archives
        ("''I had to step back,'' she said.", ["I had to step back,"]),
        # a paragraph that continues a quote reopens it; only the last one closes
        ("“First paragraph.\n“Second paragraph.”", ["First paragraph.", "Second paragraph."]),
        # apostrophes are not quote marks
        ("Japan’s minister said it’s fine.", []),
        # inner single quotes stay inside the outer stretch
        ("“He said ‘no’ to me,” she said.", ["He said ‘no’ to me,"]),
        # unbalanced marks never raise: a stray closer is ignored, an open quote ends with its paragraph
        ("It ended” there. “It goes on", ["It goes on"]),
        ("”Wrong-way opener.” ― Sonya Herridge", ["Wrong-way opener."]),
    ],
)
def test_find_quoted(text: str, expected: list[str]) -> None:
    assert _stretches(text) == expected


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("“Japan is our partner,” he said.", "“Japan is our partner,”", "direct"),
        ("The paper wrote that Clinton “is dogged by questions.”", "that Clinton “is dogged by questions.”", "mixed"),
        ("He said he had asked for access.", "he had asked for access", "indirect"),
    ],
)
def test_classify(text: str, span: str, expected: str) -> None:
    start = text.index(span)
    assert classify(text, start, start + len(span), quote_mask(text)) == expected


def _direct(attributions):  # type: ignore[no-untyped-def]
    return [
        (a.content.text.strip('“”"‘’ ,.'), a.speaker.name if a.speaker else None)
        for a in attributions
        if a.kind == "direct"
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ("“We need more ships in the region,” Pete Hegseth said on Sunday.", "We need more ships", "Pete Hegseth"),
        ('"We need more ships in the region," Pete Hegseth said on Sunday.', "We need more ships", "Pete Hegseth"),
        ("Pete Hegseth said: “We need more ships in the region.”", "We need more ships", "Pete Hegseth"),
        ("“We need more ships in the region,” said Pete Hegseth.", "We need more ships", "Pete Hegseth"),
        # split by the attribution: one quote
        ("“We will act,” Pete Hegseth said, “and we will act soon.”", "and we will act soon", "Pete Hegseth"),
        # multi-sentence quote
        ("“We need more ships. We need them now,” said Pete Hegseth.", "We need them now", "Pete Hegseth"),
        # credited after a dash
        ("“Our alliance is strong and will stay strong.” — Gen Nakatani", "Our alliance is strong", "Gen Nakatani"),
        # paragraphs that continue a quote
        (
            "Pete Hegseth addressed the troops on Sunday.\n“We need more ships in the region.\n“And we need them now.”\n",
            "We need more ships",
            None,
        ),
    ],
)
def test_direct_quotes(extract, text: str, quote: str, speaker: str | None) -> None:  # type: ignore[no-untyped-def]
    found = [(q, s) for q, s in _direct(extract(text)) if quote in q]
    assert found, _direct(extract(text))
    if speaker is not None:
        assert found[0][1] == speaker


@pytest.mark.slow
def test_paragraph_continuation_is_one_quote(extract) -> None:  # type: ignore[no-untyped-def]
    text = "Pete Hegseth addressed the troops on Sunday.\n“We need more ships in the region.\n“And we need them now.”\n"
    quotes = [a for a in extract(text) if "ships" in a.content.text]
    assert len(quotes) == 1 and quotes[0].kind == "direct"
    assert quotes[0].content.text.endswith("need them now.")  # the words, without the closing mark


@pytest.mark.slow
def test_split_quote_is_one_attribution(extract) -> None:  # type: ignore[no-untyped-def]
    text = "“We will act,” Pete Hegseth said, “and we will act soon.”"
    quotes = [a for a in extract(text) if "We will act" in a.content.text]
    assert len(quotes) == 1
    assert "act soon" in quotes[0].content.text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "said", "pieces"),
    [
        (
            "“We certainly can't afford to do this anymore,” Trump said. “It's a disaster for our country.”",
            "We certainly can't afford to do this anymore, It's a disaster for our country.",
            ["We certainly can't afford to do this anymore,", "It's a disaster for our country."],
        ),
        (
            "“We will act,” Pete Hegseth said, “and we will act soon.”",
            "We will act, and we will act soon.",
            ["We will act,", "and we will act soon."],
        ),
    ],
)
def test_a_split_quote_is_stored_as_its_quoted_pieces(  # type: ignore[no-untyped-def]
    extract, text: str, said: str, pieces: list[str]
) -> None:
    [quote] = [a for a in extract(text) if a.kind == "direct"]
    assert quote.text == said  # the attribution between the pieces is no part of what was said
    assert [p.text for p in quote.pieces] == pieces
    assert all(text[p.start : p.end] == p.text for p in quote.pieces)
    assert (quote.content.start, quote.content.end) == (quote.pieces[0].start, quote.pieces[-1].end)


@pytest.mark.slow
def test_reported_speech_a_credit_splits_is_stored_without_the_credit(extract) -> None:  # type: ignore[no-untyped-def]
    text = "The latest test, North Korea said, was its biggest yet."
    [statement] = extract(text)
    assert (statement.kind, statement.text) == ("indirect", "The latest test was its biggest yet")
    assert [p.text for p in statement.pieces] == ["The latest test", "was its biggest yet"]
    assert all(text[p.start : p.end] == p.text for p in statement.pieces)


@pytest.mark.slow
def test_a_quote_in_one_piece_has_no_pieces(extract) -> None:  # type: ignore[no-untyped-def]
    [quote] = extract("“Japan is our partner,” the minister said.")
    assert (quote.text, quote.pieces) == ("Japan is our partner", ())


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "“Unbalanced quote that never closes, said nobody.\nNext paragraph here.",
        "” stray closer ” and ‘ stray single opener.",
        "“\n”\n“",
    ],
)
def test_unbalanced_marks_never_abort(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(extract(text), list)


def test_component_without_parse_warns_and_yields_nothing() -> None:
    import spacy

    import tracker.nlp.attribution  # noqa: F401  registers the factory

    nlp = spacy.blank("en")
    nlp.add_pipe("tracker_attribution")
    with pytest.warns(UserWarning, match="dependency parse"):
        doc = nlp("“We will,” he said.")
    assert doc._.attributions == [] and list(doc.spans["quotes"]) == []

"""Indirect (reported) speech and mixed quotes: content is the whole attributed clause."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _find(attributions, needle: str):  # type: ignore[no-untyped-def]
    for a in attributions:
        if needle in a.content.text:
            return a
    return None


@pytest.mark.parametrize(
    ("text", "content", "speaker", "kind"),
    [
        (
            "Pete Hegseth said he had asked his Japanese counterpart to grant greater access to the islands.",
            "he had asked his Japanese counterpart",
            "Pete Hegseth",
            "indirect",
        ),
        (
            "Pete Hegseth said on Sunday that the alliance would continue to grow.",
            "the alliance would continue to grow",
            "Pete Hegseth",
            "indirect",
        ),
        (
            "According to Gen Nakatani, the two ministers agreed to accelerate plans for joint production.",
            "the two ministers agreed to accelerate plans",
            "Gen Nakatani",
            "indirect",
        ),
        (
            "The Washington Post reported that Pete Hegseth had ordered the military to prioritize Taiwan.",
            "Pete Hegseth had ordered the military",
            "The Washington Post",
            "indirect",
        ),
        (
            "Senator Lindsey Graham warned that the party was losing young voters.",
            "the party was losing young voters",
            "Lindsey Graham",
            "indirect",
        ),
        (
            "Sources said the campaign had avoided the hospital.",
            "the campaign had avoided the hospital",
            "Sources",
            "indirect",
        ),
        (
            "Pete Hegseth on Sunday called Japan an indispensable partner in countering Chinese aggression.",
            "Japan an indispensable partner",
            "Pete Hegseth",
            "indirect",
        ),
        (
            "Pete Hegseth criticized European allies in February, telling them they should not assume that the "
            "U.S. presence there would last forever.",
            "they should not assume",
            "Pete Hegseth",
            "indirect",
        ),
        # mixed: reported speech quoting some words; content is the whole clause
        (
            "The New York Post wrote that Hillary Clinton “is dogged by questions about her health.”",
            "is dogged by questions",
            "The New York Post",
            "mixed",
        ),
        (
            "Hillary Clinton said that the news was “very troubling” for the campaign.",
            "the news was “very troubling”",
            "Hillary Clinton",
            "mixed",
        ),
        # X's view that ...
        (
            "It was Hillary Clinton’s view that the deal was bad for workers.",
            "the deal was bad",
            "Hillary Clinton",
            "indirect",
        ),
    ],
)
def test_reported_speech(extract, text: str, content: str, speaker: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    attributions = extract(text)
    found = _find(attributions, content)
    assert found is not None, [a.content.text for a in attributions]
    assert found.kind == kind
    assert found.speaker is not None and found.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Japan hosts 50,000 U.S. troops and an aircraft carrier strike group.",
        pytest.param(
            "The storm hit the coast on Monday and cut power to thousands of homes.",
            marks=pytest.mark.xfail(
                reason="'hit' is a frequent cue in political news (Clinton hit Trump "
                "on taxes); the tagger does not tell weather from criticism"
            ),
        ),
        "Rain fell across the region on Sunday, flooding several roads.",
        "The bridge was closed for repairs until March.",
    ],
)
def test_no_attribution_in_plain_narration(extract, text: str) -> None:  # type: ignore[no-untyped-def]
    assert extract(text) == []


def test_attributions_sorted_and_spans_set(attribution_nlp) -> None:  # type: ignore[no-untyped-def]
    doc = attribution_nlp("“We are ready,” Pete Hegseth said. Gen Nakatani said the talks went well.")
    starts = [a.content.start for a in doc._.attributions]
    assert starts == sorted(starts) and len(starts) == 2
    assert [span.label_ for span in doc.spans["quotes"]] == [a.kind for a in doc._.attributions]
    assert len(doc.spans["speakers"]) == 2 and len(doc.spans["cues"]) == 2
    for a in doc._.attributions:
        assert doc.text[a.content.start : a.content.end] == a.content.text

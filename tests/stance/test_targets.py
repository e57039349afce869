"""Target detection and normalisation through the alias table and named entities."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from tracker.stance.targets import TargetAlias, TargetMatcher, default_aliases


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("en")


@pytest.fixture(scope="module")
def matcher() -> TargetMatcher:
    return TargetMatcher()


def _targets(matcher: TargetMatcher, doc: Doc) -> list[tuple[str, str]]:
    return [(canonical, mention.text) for canonical, _, mention in matcher.find(doc, 0, len(doc.text))]


@pytest.mark.parametrize(
    ("text", "canonical", "mention"),
    [
        ("Chinese warships were seen.", "China", "Chinese"),
        ("Talks with Beijing stalled.", "China", "Beijing"),
        ("He warned China again.", "China", "China"),
        ("deterring Communist China’s military aggression", "China", "Communist China"),
        ("He criticised European allies.", "Europe", "European allies"),
        ("Troops in Europe will stay.", "Europe", "Europe"),
        ("A European official said so.", "Europe", "European"),
        ("The EU imposed fines.", "Europe", "EU"),
        ("His Japanese counterpart agreed.", "Japan", "Japanese"),
        ("Hegseth met in Tokyo with officials.", "Japan", "Tokyo"),
        ("Japan’s Defense Minister spoke.", "Japan", "Japan"),
        ("The U.S. military command will change.", "United States", "U.S."),
        ("Officials in Washington declined to comment.", "United States", "Washington"),
        ("The Kremlin denied it.", "Russia", "Kremlin"),
        ("NATO members met.", "NATO", "NATO"),
        ("The UN Security Council voted.", "United Nations", "UN Security Council"),
    ],
)
def test_aliases_normalise_to_canonical(nlp, matcher: TargetMatcher, text: str, canonical: str, mention: str) -> None:  # type: ignore[no-untyped-def]
    assert _targets(matcher, nlp(text)) == [(canonical, mention)]


@pytest.mark.parametrize(
    "text",
    [
        "Let us know what you think.",  # "us" is not the US
        "The East China Sea is disputed.",  # a blocking phrase
        "The Washington Post reported it.",
        "They ate turkey at dinner.",  # lower-case "turkey" is not Turkey
    ],
)
def test_no_false_targets(nlp, matcher: TargetMatcher, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _targets(matcher, nlp(text)) == []


def test_one_entry_per_target_first_mention_and_char_range(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Japan and Tokyo agree. China and Beijing do not.")
    assert _targets(matcher, doc) == [("Japan", "Japan"), ("China", "China")]
    second = doc.text.index("China")
    found = matcher.find(doc, second, len(doc.text))
    assert [(c, k, m.start, m.text) for c, k, m in found] == [("China", "country", second, "China")]


def test_people_get_their_fullest_name_in_the_doc(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("President Donald Trump spoke. Later Trump left, and Pete Hegseth said Trump’s plan works.")
    words = [t.text for t in doc]
    spans = []
    for start, length in ((1, 2), (words.index("Later") + 1, 1), (words.index("Pete"), 2), (len(words) - 5, 1)):
        spans.append(Span(doc, start, start + length, label="PERSON"))
    doc.ents = spans
    found = matcher.find(doc, 0, len(doc.text))
    assert [(c, k) for c, k, _ in found] == [("Donald Trump", "person"), ("Pete Hegseth", "person")]
    later = doc.text.index("Later")
    assert [(c, m.text) for c, _, m in matcher.find(doc, later, len(doc.text))] == [
        ("Donald Trump", "Trump"), ("Pete Hegseth", "Pete Hegseth")
    ]


def test_entities_go_through_the_alias_table(nlp, matcher: TargetMatcher) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The Pentagon and Acme Corp disagreed.")
    doc.ents = [Span(doc, 3, 5, label="ORG")]
    assert [(c, k) for c, k, _ in matcher.find(doc, 0, len(doc.text))] == [
        ("Pentagon", "organisation"), ("Acme Corp", "organisation")
    ]


def test_default_table_covers_the_newsworthy_and_is_extensible(nlp) -> None:  # type: ignore[no-untyped-def]
    rows = default_aliases()
    canonicals = {row.canonical for row in rows}
    assert {"China", "Japan", "Europe", "United States", "Russia", "Ukraine", "Taiwan", "NATO", "Israel", "Iran",
            "North Korea", "South Korea", "India", "United Kingdom", "Germany", "France", "Mexico", "Canada",
            "United Nations"} <= canonicals
    assert len(canonicals) >= 40
    assert TargetAlias("China", "China", "country") in rows  # the canonical name is an alias of itself
    custom = TargetMatcher([*rows, TargetAlias("the Quad", "Quad", "organisation")])
    assert _targets(custom, nlp("He praised the Quad and India.")) == [("Quad", "Quad"), ("India", "India")]

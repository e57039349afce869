"""The predication rule: the role noun said of a target decides the stance toward it."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from tracker.nlp.pipeline import _pick_model
from tracker.stance.predication import predicated_stance

pytestmark = pytest.mark.slow  # parses with the trained English pipeline


@pytest.fixture(scope="module")
def parser() -> Language:
    return spacy.load(_pick_model(None), exclude=["ner"])


@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        ("Hegseth called Japan an indispensable partner in countering Chinese aggression.", "Japan", "positive"),
        ("Japan is our indispensable partner in deterring Communist China's military aggression.", "Japan", "positive"),
        ("He described China as the greatest threat to peace in the region.", "China", "negative"),
        ("Russia, a long-time adversary, rejected the plan.", "Russia", "negative"),
        ("She said Canada was not a reliable ally.", "Canada", "negative"),
        ("Tillerson is no friend of the planet.", "Tillerson", "negative"),
        ("Germany is not a threat to anyone.", "Germany", None),  # a negated threat says too little
        ("France signed the agreement on Monday.", "France", None),
        ("Japan is a country of 125 million people.", "Japan", None),  # a role noun outside the lexicon
        ("Is Russia a threat to Europe?", "Russia", None),  # a question asserts nothing
        ("Is Japan really our indispensable partner?", "Japan", None),
    ],
)
def test_predicated_stance(parser: Language, sentence: str, target: str, expected: str | None) -> None:
    doc = parser(sentence)
    start = sentence.index(target)
    span = doc.char_span(start, start + len(target))
    assert span is not None
    assert predicated_stance(span.root) == expected


def test_no_parse_no_answer() -> None:
    doc = spacy.blank("en")("Japan is our indispensable partner.")
    assert predicated_stance(doc[0]) is None

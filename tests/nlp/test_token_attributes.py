"""The token attributes component sets what spaCy's attribute_ruler and lemmatizer set (tracker/nlp/token_attributes.py)."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tests.conftest import SEEDS, SHARED_EVAL
from tracker.nlp.pipeline import DEFAULT_MODELS, load_nlp
from tracker.nlp.token_attributes import COMPONENT, use_fast_token_attributes

# Sentences that reach the ruler's less common rules: two-token patterns ("ai n't", "gon na", "let 's", "y' all"),
# dependency conditions ("there is", "but" as an adverb, determiners standing alone), regular expressions and
# whitespace tokens.
CASES = [
    "I ain't gonna do it, and we gotta go. Let's see, y'all.",
    "There is nothing but trouble. There were nothin' left, c'mon.",
    "That is what those said; this one, not that.  Both were there.\n\nAll of them were.",
    "Mr. Trump said Mrs. Clinton's plan would raise $1.1 trillion, and she called it \u201cthe gold standard.\u201d",
    "He gets what he got, and they were getting it. Whether or not it rains, so be it.",
]


def _full_pipeline() -> Language:
    for name in DEFAULT_MODELS:
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no English pipeline installed")


def _annotations(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.dep_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@pytest.fixture(scope="module")
def pipelines() -> tuple[Language, Language]:
    reference = _full_pipeline()
    fast = _full_pipeline()
    assert use_fast_token_attributes(fast)
    return reference, fast


def _texts() -> list[str]:
    texts = list(CASES)
    texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    dev = SHARED_EVAL / "polnear-dev.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines()[:12]]
    return texts


def test_the_values_are_spacys_own(pipelines: tuple[Language, Language]) -> None:
    reference, fast = pipelines
    texts = _texts()
    for expected, got in zip(reference.pipe(texts), fast.pipe(texts), strict=True):
        assert _annotations(got) == _annotations(expected)


def test_a_second_pass_over_the_same_text_agrees_with_the_first(pipelines: tuple[Language, Language]) -> None:
    _, fast = pipelines
    first = _annotations(fast(CASES[0]))
    assert _annotations(fast(CASES[0])) == first  # the caches answer the second time


def test_the_tracker_pipeline_uses_it_in_place_of_both() -> None:
    names = load_nlp(stance=False).pipe_names
    assert COMPONENT in names
    assert "attribute_ruler" not in names and "lemmatizer" not in names
    assert names.index("parser") < names.index(COMPONENT) < names.index("ner")


def test_rules_it_does_not_implement_leave_spacys_components_in_place() -> None:
    nlp = _full_pipeline()
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "very", "OP": "+"}]], {"POS": "ADV"})
    before = list(nlp.pipe_names)
    assert not use_fast_token_attributes(nlp)
    assert nlp.pipe_names == before


def test_an_empty_doc_passes_through(pipelines: tuple[Language, Language]) -> None:
    _, fast = pipelines
    assert len(fast("")) == 0


def test_words_first_seen_inside_a_memory_zone_keep_their_lemmas_after_it(pipelines: tuple[Language, Language]) -> None:
    reference, fast = pipelines
    text = "The zorblaxing committees were zorblaxed by quuxifying senators."
    with fast.memory_zone():
        inside = _annotations(fast(text))
    after = _annotations(fast(text))  # the caches remember the words; their strings left with the zone
    assert inside == after == _annotations(reference(text))

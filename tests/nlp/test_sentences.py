"""Sentence starts the parser may not invent (tracker/nlp/sentences.py)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from tracker.nlp.pipeline import load_nlp
from tracker.nlp.sentences import COMPONENT, rule_out_sentence_starts


def test_no_sentence_starts_after_a_plain_word() -> None:
    words = ["Clinton", "cited", "remarks", "Trump", "had", "made", ".", "He", "said", "so", "\n\n", "Next"]
    spaces = [True, True, True, True, True, False, True, True, True, False, False, False]
    doc = rule_out_sentence_starts(Doc(Vocab(), words=words, spaces=spaces))
    starts = {t.text: t.is_sent_start for t in doc}
    assert starts["Trump"] is False  # after "remarks": mid-clause
    assert starts["He"] is None  # after a period: the parser decides
    assert starts["Next"] is None  # after a paragraph break
    assert starts["made"] is False


def test_an_abbreviation_may_end_a_sentence() -> None:
    doc = rule_out_sentence_starts(Doc(Vocab(), words=["He", "lives", "in", "the", "U.S.", "Then"]))
    assert doc[5].is_sent_start is None


def test_the_pipeline_rules_out_starts_before_it_parses() -> None:
    nlp = load_nlp(stance=False)
    assert nlp.pipe_names.index(COMPONENT) < nlp.pipe_names.index("parser")
    doc = nlp("At the debate, Clinton cited disparaging remarks Trump had made about Machado.")
    assert len(list(doc.sents)) == 1


def _token_by_token(doc: Doc) -> Doc:
    """The rule as the component first wrote it, one `is_sent_start` at a time: the reference it must match."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not (before.is_punct or before.is_space or before.text.endswith((".", "\n"))):
            token.is_sent_start = False
    return doc


@pytest.mark.parametrize(
    "words",
    [
        [],
        ["Hi"],
        ["Hi", "there"],
        ["Hi", "."],
        ["“", "Japan", ",", "”", "he", "said", ".", "\n\n", "Then", "U.S.", "troops", "left", "U.S.", "."],
        ["a", "b", "a", "b", "\n", "a", "b", ".", "a"],
    ],
)
def test_the_array_write_matches_the_rule_token_by_token(words: list[str]) -> None:
    vocab = Vocab()
    fast = rule_out_sentence_starts(Doc(vocab, words=words))
    slow = _token_by_token(Doc(vocab, words=words))
    assert [t.is_sent_start for t in fast] == [t.is_sent_start for t in slow]


def test_a_parsed_doc_is_refused() -> None:
    words = ["He", "said", "so"]
    doc = Doc(Vocab(), words=words, heads=[1, 1, 1], deps=["nsubj", "ROOT", "advmod"])
    with pytest.raises(ValueError, match="E043"):
        rule_out_sentence_starts(doc)

"""Sentence starts the parser may not invent (tracker/nlp/sentences.py)."""

from __future__ import annotations

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

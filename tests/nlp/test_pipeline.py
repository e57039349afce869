"""Running the pipeline over articles: order, isolation of a failing article, model loading."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from tracker.errors import ModelNotFoundError
from tracker.nlp.pipeline import load_nlp, process
from tracker.types import Article, Attribution, TextSpan


@Language.component("test_boom_on_marker")
def boom_on_marker(doc: Doc) -> Doc:
    """Fails on any doc holding BOOM; otherwise one attribution: the doc's first token."""
    if "BOOM" in doc.text:
        raise ValueError("cannot handle this article")
    first = doc[0]
    doc._.attributions = [Attribution("indirect", TextSpan(first.idx, first.idx + len(first), first.text))]
    return doc


@pytest.fixture(scope="module")
def fragile() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("test_boom_on_marker")
    return nlp


def articles(texts: list[str]) -> list[Article]:
    return [Article(external_id=f"a{i}", text=text) for i, text in enumerate(texts)]


TEXTS = [
    "Alpha said so.",
    "Beta said so.",
    "Gamma BOOM said so.",
    "Delta said so.",
    "Epsilon said so.",
    "Zeta said so.",
    "Eta BOOM said so.",
    "Theta said so.",
]


def test_a_failing_article_is_isolated_and_the_rest_come_out_in_order(fragile: Language) -> None:
    results = list(process(fragile, articles(TEXTS), batch_size=3))
    assert [article.external_id for article, _ in results] == [f"a{i}" for i in range(len(TEXTS))]
    for (_, outcome), text in zip(results, TEXTS, strict=True):
        if "BOOM" in text:
            assert isinstance(outcome, ValueError) and "cannot handle" in str(outcome)
        else:
            assert isinstance(outcome, list) and [a.content.text for a in outcome] == [text.split()[0]]


def test_a_failing_input_is_not_mistaken_for_a_failing_article(fragile: Language) -> None:
    def broken_input():  # type: ignore[no-untyped-def]
        yield from articles(TEXTS[:2])
        raise OSError("disk went away")

    with pytest.raises(OSError, match="disk went away"):
        list(process(fragile, broken_input(), batch_size=1))


def test_unknown_model_is_a_one_line_error() -> None:
    with pytest.raises(ModelNotFoundError, match="cannot load spaCy pipeline 'no_such_pipeline': it is not installed"):
        load_nlp("no_such_pipeline")


def test_a_pipeline_without_parser_or_ner_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(ModelNotFoundError, match="has no parser or ner"):
        load_nlp(str(tmp_path / "blank"))

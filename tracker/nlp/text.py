"""The text of a Doc, joined once: spaCy rebuilds `doc.text` from its tokens on every access (milliseconds for
a news article), and the extractors need it many times per doc."""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "tracker_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, from `doc.user_data` when `make_doc` (or an earlier call) put it there."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text

"""Sentence starts the parser may not invent.

The statistical parser sometimes opens a sentence in mid-clause, before a capitalised name that follows a
plain word: "Clinton cited disparaging remarks | Trump had made about Machado", which hands the cited remarks
to Trump. A sentence starts only after punctuation, a line break or a word ending in a period (an
abbreviation may end a sentence too), so this component, placed before the parser, rules the rest out and
the parser, which respects preset boundaries, keeps those clauses whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
from spacy.attrs import SENT_START
from spacy.errors import Errors
from spacy.language import Language
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

COMPONENT = "tracker_sentence_starts"
_RULED_OUT = np.uint64(np.iinfo(np.uint64).max)  # SENT_START -1 ("not a start") as `Doc.from_array` takes it


def may_end_sentence(token_text: str, is_punct: bool, is_space: bool) -> bool:
    """Whether a sentence can start after this token."""
    return is_punct or is_space or token_text.endswith((".", "\n"))


@Language.component(COMPONENT)
def rule_out_sentence_starts(doc: Doc) -> Doc:
    """Mark every token after one that may not end a sentence as no sentence start (`is_sent_start = False`).

    Written into the token array at once: setting `Token.is_sent_start` token by token checks the whole doc
    for a parse each time, which made this component cost as much as the parser on long articles.
    """
    ruled_out = [t.i + 1 for t in doc[:-1] if not may_end_sentence(t.text, t.is_punct, t.is_space)]
    if not ruled_out:
        return doc
    if doc.has_annotation("DEP"):
        raise ValueError(Errors.E043)  # what setting `Token.is_sent_start` on a parsed doc raises
    starts = doc.to_array(SENT_START)
    starts[ruled_out] = _RULED_OUT
    doc.from_array([SENT_START], cast("Ints2d", starts.reshape(-1, 1)))
    return doc

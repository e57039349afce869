"""Sentence starts the parser may not invent.

The statistical parser sometimes opens a sentence in mid-clause, before a capitalised name that follows a
plain word: "Clinton cited disparaging remarks | Trump had made about Machado", which hands the cited remarks
to Trump. A sentence starts only after punctuation, a line break or a word ending in a period (an
abbreviation may end a sentence too), so this component, placed before the parser, rules the rest out and
the parser, which respects preset boundaries, keeps those clauses whole.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "tracker_sentence_starts"


def may_end_sentence(token_text: str, is_punct: bool, is_space: bool) -> bool:
    """Whether a sentence can start after this token."""
    return is_punct or is_space or token_text.endswith((".", "\n"))


@Language.component(COMPONENT)
def rule_out_sentence_starts(doc: Doc) -> Doc:
    for token in doc[1:]:
        before = doc[token.i - 1]
        if not may_end_sentence(before.text, before.is_punct, before.is_space):
            token.is_sent_start = False
    return doc

"""Hand-built parsed Docs for testing the attribution passes without the trained pipeline (as spaCy tests
parse-dependent code on ``Doc(vocab, words=..., heads=..., deps=...)``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from spacy.lang.en import English
from spacy.tokens import Doc

from tracker.nlp.attribution.drafts import Context

#: Fine-grained tags for the coarse ones when a line gives none.
_TAGS = {
    "VERB": "VBD",
    "AUX": "MD",
    "NOUN": "NN",
    "PROPN": "NNP",
    "PRON": "PRP",
    "DET": "DT",
    "ADJ": "JJ",
    "ADV": "RB",
    "ADP": "IN",
    "PART": "TO",
    "CCONJ": "CC",
    "SCONJ": "IN",
    "NUM": "CD",
    "PUNCT": ".",
    "SPACE": "_SP",
}
#: Tokens written for whitespace in a table (a paragraph break).
_BREAK = "¶"
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", "”", "’s", "'s", ")", "\n\n"}
_NO_SPACE_AFTER = {"“", "(", "\n\n"}

_VOCAB = English().vocab  # English lexeme flags: is_punct, is_quote, is_title …


def parsed(table: str) -> Doc:
    """A Doc from one token a line: ``word head dep POS [tag=..] [lemma=..] [ent=B-PERSON]``.

    ``head`` is the index of the head token (a root is its own head), ``¶`` is a paragraph break (a
    whitespace token hanging on the token before it). Spaces between tokens are what English typesetting
    puts there (none before a comma or closing mark, none after an opening one).
    """
    words, heads, deps, pos, tags, lemmas, ents = [], [], [], [], [], [], []
    for line in table.strip().splitlines():
        word, head, dep, coarse, *extra = line.split()
        options: dict[str, Any] = dict(item.split("=", 1) for item in extra)
        word = "\n\n" if word == _BREAK else word
        words.append(word)
        heads.append(int(head))
        deps.append(dep)
        pos.append(coarse)
        tags.append(options.get("tag", _TAGS.get(coarse, "XX")))
        lemmas.append(options.get("lemma", word.lower()))
        ents.append(options.get("ent", "O"))
    spaces = [
        i + 1 < len(words)
        and words[i + 1] not in _NO_SPACE_BEFORE
        and words[i] not in _NO_SPACE_AFTER
        and words[i] != "\n\n"
        for i in range(len(words))
    ]
    return Doc(_VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas, ents=ents)


def context(doc: Doc, *, published: date | None = None, **settings: Any) -> Context:
    """The passes' context for a hand-built doc (settings as the component gives them)."""
    return Context.for_doc(doc, published=published, **settings)


def words(doc: Doc, r: tuple[int, int] | None) -> str | None:
    """The text of a token range (None for None)."""
    return None if r is None else doc[r[0] : r[1]].text

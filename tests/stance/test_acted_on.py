"""The predication rule for a target acted on with hostility by someone else: the words judge the one who acts."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tracker.stance.predication import predicated_stance

# (word, head, dep, pos) per token; heads are absolute token indices.
Row = tuple[str, int, str, str]

_COMMENTS: list[Row] = [  # "Clinton cited derogatory comments Trump had made about her"
    ("Clinton", 1, "nsubj", "PROPN"),
    ("cited", 1, "ROOT", "VERB"),
    ("derogatory", 3, "amod", "ADJ"),
    ("comments", 1, "dobj", "NOUN"),
    ("Trump", 6, "nsubj", "PROPN"),
    ("had", 6, "aux", "AUX"),
    ("made", 3, "relcl", "VERB"),
    ("about", 6, "prep", "ADP"),
    ("her", 7, "pobj", "PRON"),
]
_TWEETS: list[Row] = [  # "Trump's tweets targeting Machado were unhinged"
    ("Trump", 2, "poss", "PROPN"),
    ("’s", 0, "case", "PART"),
    ("tweets", 5, "nsubj", "NOUN"),
    ("targeting", 2, "acl", "VERB"),
    ("Machado", 3, "dobj", "PROPN"),
    ("were", 5, "ROOT", "AUX"),
    ("unhinged", 5, "acomp", "ADJ"),
]
_HIS_TWEETS: list[Row] = [("his", 1, "poss", "PRON"), *_TWEETS[2:]]  # the speaker's own tweets, reported
_ATTACKED: list[Row] = [  # "Trump attacked Clinton": the report's speaker acting, the cue of what follows
    ("Trump", 1, "nsubj", "PROPN"),
    ("attacked", 1, "ROOT", "VERB"),
    ("Clinton", 1, "dobj", "PROPN"),
]
_PLAIN: list[Row] = [  # "comments Trump had made about her": nothing hostile in the words
    ("comments", 0, "ROOT", "NOUN"),
    ("Trump", 3, "nsubj", "PROPN"),
    ("had", 3, "aux", "AUX"),
    ("made", 0, "relcl", "VERB"),
    ("about", 3, "prep", "ADP"),
    ("her", 4, "pobj", "PRON"),
]


def _doc(rows: list[Row]) -> Doc:
    words, heads, deps, pos = (list(column) for column in zip(*rows, strict=True))
    lemmas = [{"made": "make", "targeting": "target", "attacked": "attack"}.get(w, w.lower()) for w in words]
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


@pytest.mark.parametrize(
    ("rows", "target", "expected"),
    [
        (_COMMENTS, "her", "neutral"),
        (_TWEETS, "Machado", "neutral"),
        (_HIS_TWEETS, "Machado", None),  # "his" may be the speaker, whose own hostility judges her
        (_ATTACKED, "Clinton", None),
        (_PLAIN, "her", None),
    ],
)
def test_a_target_acted_on_by_someone_named_is_neutral(rows: list[Row], target: str, expected: str | None) -> None:
    doc = _doc(rows)
    token = next(t for t in doc if t.text == target)
    assert predicated_stance(token) == expected

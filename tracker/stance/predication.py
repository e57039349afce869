"""What a sentence predicates of a target, read off the dependency parse.

"Japan is our indispensable partner", "called Japan an indispensable partner", "described China as the greatest
threat", "Russia, a long-time adversary, ...": the noun said of the target decides the stance toward it, whatever
else the sentence is about. The model reads the whole window and can be swayed by it ("... partner in countering
Chinese aggression" reads as negative); this rule answers only when the role noun is in the lexicon (:mod:`tracker.lexicon`).
"""

from __future__ import annotations

from spacy.tokens import Token

from tracker.lexicon import PREDICATED_NEGATIVE_NOUNS, PREDICATED_POSITIVE_NOUNS, STANCE_NAMING_VERBS
from tracker.types import StanceLabel


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _question(token: Token) -> bool:
    """True when `token`'s sentence is a question: it asks, and so asserts nothing of the target."""
    sent = token.doc[token.i : token.i + 1].sent if token.doc.has_annotation("SENT_START") else token.doc[:]
    return any(t.text == "?" for t in sent)


def _role(target: Token) -> tuple[Token, bool] | None:
    """The noun predicated of `target` and whether the predication is negated."""
    head = target.head
    if target.dep_ in ("nsubj", "nsubjpass") and head.lemma_ == "be":
        for child in head.children:
            if child.dep_ == "attr":
                return child, _negated(head)
    if target.dep_ == "dobj" and head.lemma_ in STANCE_NAMING_VERBS:
        for child in head.children:
            if child.dep_ in ("oprd", "xcomp", "attr"):
                return child, _negated(head)
            if child.dep_ == "prep" and child.lower_ == "as":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj, _negated(head)
    for child in target.children:
        if child.dep_ == "appos":
            return child, False
    return None


def predicated_stance(target: Token) -> StanceLabel | None:
    """Stance toward the entity whose head token is `target`, when a role noun is predicated of it; else None.

    A negated positive role ("not a reliable ally") is negative; a negated negative role ("not a threat") says
    too little to call, and is left to the model, as is a role asked about in a question ("are you a comic book
    villain?").
    """
    found = _role(target)
    if found is None or _question(target):
        return None
    noun, negated = found
    negated = negated or any(child.dep_ == "det" and child.lower_ == "no" for child in noun.children)  # "no friend of"
    lemma = noun.lemma_.lower()
    if lemma in PREDICATED_POSITIVE_NOUNS:
        return "negative" if negated else "positive"
    if lemma in PREDICATED_NEGATIVE_NOUNS and not negated:
        return "negative"
    return None

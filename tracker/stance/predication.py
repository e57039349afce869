"""What a sentence predicates of a target, read off the dependency parse.

"Japan is our indispensable partner", "called Japan an indispensable partner", "described China as the greatest
threat", "Russia, a long-time adversary, ...": the noun said of the target decides the stance toward it, whatever
else the sentence is about. The model reads the whole window and can be swayed by it ("... partner in countering
Chinese aggression" reads as negative); this rule answers only when the role noun is in the lexicon (:mod:`tracker.lexicon`).

A target acted on with hostility by someone named ("disparaging remarks Trump had made about Machado", "tweets
targeting Machado") is predicated nothing: the words judge the one who acts, and the model reads them as aimed at
the target.
"""

from __future__ import annotations

from spacy.tokens import Token

from tracker.lexicon import (
    HOSTILE_ACT_ADJECTIVES,
    HOSTILE_ACT_NOUNS,
    HOSTILE_ACT_PREPOSITIONS,
    HOSTILE_ACT_VERBS,
    PREDICATED_NEGATIVE_NOUNS,
    PREDICATED_POSITIVE_NOUNS,
    STANCE_NAMING_VERBS,
)
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


_NAMED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _hostile_noun(noun: Token) -> bool:
    return noun.lemma_.lower() in HOSTILE_ACT_NOUNS or any(
        child.dep_ in ("amod", "compound") and child.lower_ in HOSTILE_ACT_ADJECTIVES for child in noun.children
    )


def _actor(act: Token) -> Token | None:
    """Who does an act (a verb or a noun): its subject or possessor; for a clause on a noun ("tweets attempting to
    shame her", "remarks Trump had made") the noun's, or the subject of that clause; for a noun in a measure of
    acts ("Trump's flurry of tweets") the measure's."""
    word = act
    for _ in range(4):
        for child in word.children:
            if child.dep_ in ("nsubj", "poss") or (child.dep_ == "relcl" and word.pos_ == "NOUN"):
                return next((c for c in child.children if c.dep_ == "nsubj"), None) if child.dep_ == "relcl" else child
        if word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.pos_ == "NOUN":
            word = word.head.head
        elif word.dep_ in ("acl", "relcl", "xcomp") and word.head.i != word.i:
            word = word.head
        else:
            return None
    return None


def _acted_on_by_other(target: Token) -> bool:
    """Whether `target` is the one a hostile act of someone named is aimed at: the object of a hostile verb, or
    of a preposition on a hostile noun or on a clause that makes one ("remarks Trump had made about her")."""
    head = target.head
    if target.dep_ == "dobj" and head.lemma_.lower() in HOSTILE_ACT_VERBS:
        if head.dep_ == "ROOT":
            return False  # "Trump attacked Clinton for ...": a report's main verb is its speaker's own act
        act = head
    elif target.dep_ == "pobj" and head.lower_ in HOSTILE_ACT_PREPOSITIONS:
        act = head.head
        noun = act.head if act.dep_ == "relcl" and act.pos_ in ("VERB", "AUX") else act
        if not (_hostile_noun(noun) or (act.pos_ == "VERB" and act.lemma_.lower() in HOSTILE_ACT_VERBS)):
            return False
    else:
        return False
    actor = _actor(act)
    if actor is None and act.dep_ == "relcl":
        actor = _actor(act.head)
    # A named one acts; a pronoun may be the speaker ("his tweets attempting to shame her"), who then judges her.
    return (
        actor is not None
        and (actor.pos_ == "PROPN" or actor.ent_type_ in _NAMED_TYPES)
        and not (target.left_edge.i <= actor.i <= target.right_edge.i)
    )


def predicated_stance(target: Token) -> StanceLabel | None:
    """Stance toward the entity whose head token is `target`, when a role noun is predicated of it; else None.

    A negated positive role ("not a reliable ally") is negative; a negated negative role ("not a threat") says
    too little to call, and is left to the model, as is a role asked about in a question ("are you a comic book
    villain?"). A target acted on with hostility by someone named ("disparaging remarks Trump had made about
    Machado") is neutral.
    """
    found = _role(target)
    if found is None and _acted_on_by_other(target):
        return "neutral"
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

"""Targets a statement refers to without naming them, and the government of a country standing for it."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tracker.stance.targets import TargetMatcher, unnamed_targets
from tracker.types import Speaker

# (word, head, dep, pos, tag, entity) per token; heads are absolute token indices.
Row = tuple[str, int, str, str, str, str]


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    return spacy.blank("en")


def _doc(nlp: spacy.language.Language, rows: list[Row]) -> Doc:
    words, heads, deps, pos, tags, ents = (list(column) for column in zip(*rows, strict=True))
    spaces = [nxt not in (".", ",", "’s") for nxt in [*words[1:], ""]]
    lemmas = [word.lower() for word in words]  # the rules read lemmas; these words are their own
    return Doc(
        nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, tags=tags, ents=ents, spaces=spaces, lemmas=lemmas
    )


def _found(doc: Doc, first: int, speaker: Speaker | None = None, *, reported: bool = True) -> list[tuple[str, str]]:
    found = unnamed_targets(doc, doc[first].idx, len(doc.text), [], speaker, reported=reported)
    return [(name, mention.text) for name, _, mention in found]


_CLINTON: list[Row] = [
    ("Hillary", 1, "compound", "PROPN", "NNP", "B-PERSON"),
    ("Clinton", 2, "nsubj", "PROPN", "NNP", "I-PERSON"),
    ("spoke", 2, "ROOT", "VERB", "VBD", "O"),
    (".", 2, "punct", "PUNCT", ".", "O"),
]


def test_a_campaign_is_named_after_its_leader_and_is_the_target_not_her(nlp: spacy.language.Language) -> None:
    # "Pence said her campaign was playing games": the campaign is the target; "her" is not a second one
    rows = _CLINTON + [
        ("Mike", 5, "compound", "PROPN", "NNP", "B-PERSON"),
        ("Pence", 6, "nsubj", "PROPN", "NNP", "I-PERSON"),
        ("said", 6, "ROOT", "VERB", "VBD", "O"),
        ("her", 8, "poss", "PRON", "PRP$", "O"),
        ("campaign", 9, "nsubj", "NOUN", "NN", "O"),
        ("failed", 6, "ccomp", "VERB", "VBD", "O"),
    ]
    assert _found(_doc(nlp, rows), 7, Speaker("Mike Pence")) == [("Clinton campaign", "her campaign")]


def test_a_body_a_name_modifies_is_the_body(nlp: spacy.language.Language) -> None:
    # "the Obama administration" is the administration, where "Obama" alone would be dropped as a modifier
    rows = _CLINTON + [
        ("Pence", 5, "nsubj", "PROPN", "NNP", "B-PERSON"),
        ("blamed", 5, "ROOT", "VERB", "VBD", "O"),
        ("the", 8, "det", "DET", "DT", "O"),
        ("Obama", 8, "compound", "PROPN", "NNP", "B-PERSON"),
        ("administration", 5, "dobj", "NOUN", "NN", "O"),
    ]
    assert _found(_doc(nlp, rows), 6) == [("Obama administration", "the Obama administration")]


def test_other_nouns_after_a_possessive_leave_the_pronoun_its_person(nlp: spacy.language.Language) -> None:
    rows = _CLINTON + [
        ("Mike", 5, "compound", "PROPN", "NNP", "B-PERSON"),
        ("Pence", 6, "nsubj", "PROPN", "NNP", "I-PERSON"),
        ("criticised", 6, "ROOT", "VERB", "VBD", "O"),
        ("her", 8, "poss", "PRON", "PRP$", "O"),
        ("emails", 6, "dobj", "NOUN", "NNS", "O"),
    ]
    assert _found(_doc(nlp, rows), 7) == [("Hillary Clinton", "her")]


_CRUZ: list[Row] = [
    ("Senator", 2, "compound", "PROPN", "NNP", "O"),
    ("Ted", 2, "compound", "PROPN", "NNP", "B-PERSON"),
    ("Cruz", 3, "nsubj", "PROPN", "NNP", "I-PERSON"),
    ("spoke", 3, "ROOT", "VERB", "VBD", "O"),
    (".", 3, "punct", "PUNCT", ".", "O"),
]


@pytest.mark.parametrize(
    ("determiner", "expected"),
    [
        ("the", [("Ted Cruz", "the senator")]),  # "called the senator a nasty guy": the senator the article named
        ("a", []),  # "a senator" is someone new
    ],
)
def test_a_definite_role_is_the_person_the_article_gave_it(
    nlp: spacy.language.Language, determiner: str, expected: list[tuple[str, str]]
) -> None:
    rows = _CRUZ + [
        ("Trump", 6, "nsubj", "PROPN", "NNP", "B-PERSON"),
        ("mocked", 6, "ROOT", "VERB", "VBD", "O"),
        (determiner, 8, "det", "DET", "DT", "O"),
        ("senator", 6, "dobj", "NOUN", "NN", "O"),
    ]
    assert _found(_doc(nlp, rows), 7) == expected


def test_a_role_said_of_someone_is_no_mention(nlp: spacy.language.Language) -> None:
    # "Cruz is the senator for Texas": the role is predicated of Cruz, not a second mention of anyone
    rows = _CRUZ + [
        ("He", 6, "nsubj", "PRON", "PRP", "O"),
        ("is", 6, "ROOT", "AUX", "VBZ", "O"),
        ("the", 8, "det", "DET", "DT", "O"),
        ("senator", 6, "attr", "NOUN", "NN", "O"),
    ]
    found = _found(_doc(nlp, rows), 7)
    assert found == []


def test_in_direct_speech_he_is_not_the_speaker(nlp: spacy.language.Language) -> None:
    # “He is the type of guy who listens,” Graham said, after a sentence on Trump and one on Graham
    rows: list[Row] = [
        ("Donald", 1, "compound", "PROPN", "NNP", "B-PERSON"),
        ("Trump", 2, "nsubj", "PROPN", "NNP", "I-PERSON"),
        ("spoke", 2, "ROOT", "VERB", "VBD", "O"),
        (".", 2, "punct", "PUNCT", ".", "O"),
        ("Lindsey", 5, "compound", "PROPN", "NNP", "B-PERSON"),
        ("Graham", 6, "nsubj", "PROPN", "NNP", "I-PERSON"),
        ("listened", 6, "ROOT", "VERB", "VBD", "O"),
        (".", 6, "punct", "PUNCT", ".", "O"),
        ("He", 9, "nsubj", "PRON", "PRP", "O"),
        ("listens", 9, "ROOT", "VERB", "VBZ", "O"),
    ]
    doc = _doc(nlp, rows)
    graham = Speaker("Lindsey Graham")
    assert _found(doc, 8, graham, reported=False) == [("Donald Trump", "He")]
    # in reported speech "he" of the speaker's gender is the speaker reported, and no target
    assert _found(doc, 8, graham, reported=True) == []


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # "the Russian government" is Russia
        (
            [
                ("the", 2, "det", "DET", "DT", "O"),
                ("Russian", 2, "amod", "ADJ", "JJ", "B-NORP"),
                ("government", 3, "nsubj", "NOUN", "NN", "O"),
                ("lied", 3, "ROOT", "VERB", "VBD", "O"),
            ],
            [("Russia", "Russian")],
        ),
        # "a Russian journalist" is a journalist: the word only modifies
        (
            [
                ("a", 2, "det", "DET", "DT", "O"),
                ("Russian", 2, "amod", "ADJ", "JJ", "B-NORP"),
                ("journalist", 3, "nsubj", "NOUN", "NN", "O"),
                ("lied", 3, "ROOT", "VERB", "VBD", "O"),
            ],
            [],
        ),
    ],
)
def test_a_government_stands_for_its_country(
    nlp: spacy.language.Language, rows: list[Row], expected: list[tuple[str, str]]
) -> None:
    doc = _doc(nlp, rows)
    found = TargetMatcher().find(doc, 0, len(doc.text))
    assert [(name, mention.text) for name, _, mention in found] == expected


def test_the_islamic_state_is_an_organisation_not_a_religion(nlp: spacy.language.Language) -> None:
    doc = nlp("Troops fought the Islamic State group near Mosul.")
    found = TargetMatcher().find(doc, 0, len(doc.text))
    assert [(name, kind, mention.text) for name, kind, mention in found] == [
        ("Islamic State", "organisation", "Islamic State group")
    ]

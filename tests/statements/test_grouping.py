"""Grouping one speaker's reports into statements: copies, partial quotes, mixed quotes, and what stays apart."""

from __future__ import annotations

import random

import pytest

from tracker.statements.grouping import Report, group_reports, word_diff

FULL = "Japan is our indispensable partner in deterring Communist China's military aggression"


def _report(i: int, text: str, kind: str = "direct") -> Report:
    return Report(i, text, kind, ("2025-03-30", f"article-{i}", 0))


def _groups(texts: list[tuple[str, str]]) -> list[list[int]]:
    return [[r.id for r in g] for g in group_reports(_report(i, t, k) for i, (t, k) in enumerate(texts))]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # exact copies, and copies that differ in punctuation, quote marks, apostrophes or case
        ([(FULL, "direct"), (FULL.upper() + ".", "direct"), (FULL.replace("'", "’"), "direct")], [[0, 1, 2]]),
        # a partial quote inside the full sentence
        ([(FULL, "direct"), ("indispensable partner in deterring", "direct")], [[0, 1]]),
        # the same words as a mixed quote: only its quoted words are compared
        ([(FULL, "direct"), (f"that “{FULL}”, he told reporters in Tokyo on Sunday", "mixed")], [[0, 1]]),
        # a longer context around the same sentence
        ([(FULL, "direct"), (FULL + " and we will stand with Taiwan", "direct")], [[0, 1]]),
        # different utterances of the same speaker that share a phrase stay apart
        (
            [
                ("We will make America great again by bringing jobs back from China", "direct"),
                ("We will make America great again with a wall on the southern border", "direct"),
            ],
            [[0], [1]],
        ),
        # a slogan inside two different speeches joins neither
        (
            [
                ("We will make America great again by bringing jobs back from China", "direct"),
                ("We will make America great again with a wall on the southern border", "direct"),
                ("make America great again", "direct"),
            ],
            [[0], [1], [2]],
        ),
        # words too few to tell one utterance from another
        ([("it", "direct"), ("it", "direct")], [[0], [1]]),
    ],
)
def test_grouping(texts: list[tuple[str, str]], expected: list[list[int]]) -> None:
    assert _groups(texts) == expected


def test_grouping_does_not_depend_on_the_order_of_reports() -> None:
    texts = [
        FULL,
        FULL + ".",
        "indispensable partner in deterring",
        "We stand with our allies in Europe today",
        "we stand with our allies in Europe today!",
        "Something else entirely was said here by him",
    ]
    reports = [_report(i, t) for i, t in enumerate(texts)]
    expected = {frozenset(r.id for r in g) for g in group_reports(reports)}
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert {frozenset(r.id for r in g) for g in group_reports(shuffled)} == expected


def test_word_diff_shows_words_changed_between_reports() -> None:
    assert word_diff("we will never surrender to them", "we shall never surrender to them") == [
        ("-", "will"),
        ("+", "shall"),
    ]

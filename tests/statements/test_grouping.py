"""Grouping one speaker's reports into statements: copies, partial quotes, mixed quotes, and what stays apart."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from tracker.statements.grouping import Report, group_reports, word_diff

HATER = "“I have a judge who is a hater of Donald Trump, a hater. He’s a hater,”"
FULL = "Japan is our indispensable partner in deterring Communist China's military aggression"


DAY = date(2025, 3, 30)


def _report(i: int, text: str, kind: str = "direct", published: date | None = DAY) -> Report:
    return Report(i, text, kind, (published.isoformat() if published else "9999", f"article-{i}", 0), published)


def _groups(texts: list[tuple[str, str]]) -> list[list[int]]:
    return [[r.id for r in g] for g in group_reports(_report(i, t, k) for i, (t, k) in enumerate(texts))]


def _dated_groups(texts: list[tuple[str, str, int | None]]) -> list[list[int]]:
    """Like `_groups`, each report published that many days after DAY (None: no date)."""
    reports = [_report(i, t, k, None if d is None else DAY + timedelta(days=d)) for i, (t, k, d) in enumerate(texts)]
    return [[r.id for r in g] for g in group_reports(reports)]


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
        # each quoted part of a mixed quote is shingled on its own: "disaster a job" was never said
        (
            [
                ("This deal is a total disaster for our workers. It is a job killer, believe me.", "direct"),
                ("called the deal “a total disaster” and “a job killer”", "mixed"),
            ],
            [[0, 1]],
        ),
        # ... but a quoted part too short for a trigram must be said too: "real solutions" was not
        (
            [
                ("People have every right to be angry, but they're hungry. They're hungry for solutions,", "direct"),
                ("Americans are “right to be angry,” but also hungry for what she calls “real solutions.”", "mixed"),
            ],
            [[0], [1]],
        ),
        # a long quote with two words swapped by one outlet, or a word changed and a tail cut
        (
            [
                ("We're going to put a lot of coal companies and coal miners out of business.", "direct"),
                ("she was “going to put a lot of coal miners and coal companies out of business,”", "mixed"),
            ],
            [[0, 1]],
        ),
        (
            [
                (
                    "I am not a natural politician, in case you haven't noticed, like my husband or President Obama",
                    "direct",
                ),
                (
                    "I am not a natural politician, in case you haven't noticed, unlike my husband and President "
                    "Obama . . . I have to do the best I can.",
                    "direct",
                ),
            ],
            [[0, 1]],
        ),
        # a short stump line back nearly word for word at another event is not trusted to be one utterance
        (
            [
                ("We have come a long way in the last nine months,", "direct"),
                ("We have come a pretty long way in the last nine months. We're going to work hard to win.", "direct"),
            ],
            [[0], [1]],
        ),
        # a debate line said twice, once with a phrase more, stays two utterances
        (
            [
                (
                    "And let's dispel once and for all with this fiction that Barack Obama doesn't know what he's "
                    "doing. He knows exactly what he's doing,",
                    "direct",
                ),
                (
                    "Let's dispel with this fiction that Barack Obama doesn't know what he's doing. He knows exactly "
                    "what he's doing. He is trying to change this country.",
                    "direct",
                ),
            ],
            [[0], [1]],
        ),
    ],
)
def test_grouping(texts: list[tuple[str, str]], expected: list[list[int]]) -> None:
    assert _groups(texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a two-word quoted phrase joins the one statement saying it within days
        (
            [
                (
                    "Clinton and her team were “extremely careless in their handling of classified information.”",
                    "mixed",
                    0,
                ),
                ("there was clear evidence that Clinton was “extremely careless” and mishandled it", "mixed", 6),
            ],
            [[0, 1]],
        ),
        (
            [
                ("Bernie Sanders of subjecting her to an “artful smear” regarding her Wall Street links", "mixed", 0),
                ("him of an “artful smear” over her fundraising practices", "mixed", 7),
            ],
            [[0, 1]],
        ),
        # the same phrase months apart is another occasion
        (
            [
                ("“I'm a guy with common sense that's going to make us a fortune.”", "direct", 0),
                ("that he will bring a “common sense” approach to being commander in chief", "mixed", 200),
            ],
            [[0], [1]],
        ),
        # a phrase with a function word is too common to say which occasion
        (
            [
                ("“I have acknowledged repeatedly that using two email accounts was a mistake,”", "direct", 0),
                ("it was “a mistake” to use private email while at the State Department", "mixed", 3),
            ],
            [[0], [1]],
        ),
        # a phrase said in two different statements joins neither
        (
            [
                ("“Maybe I can, by speaking directly to white people, go right at implicit bias.”", "direct", 0),
                ("“We have to talk about implicit bias in hiring and in every part of our lives,”", "direct", 2),
                ("police shootings on “implicit bias” against minorities", "mixed", 1),
            ],
            [[0], [2], [1]],
        ),
        # without a publication date, no phrase join
        (
            [
                (
                    "Clinton and her team were “extremely careless in their handling of classified information.”",
                    "mixed",
                    0,
                ),
                ("there was clear evidence that Clinton was “extremely careless” and mishandled it", "mixed", None),
            ],
            [[0], [1]],
        ),
    ],
)
def test_two_word_phrases(texts: list[tuple[str, str, int | None]], expected: list[list[int]]) -> None:
    assert _dated_groups(texts) == expected


def test_grouping_does_not_depend_on_the_order_of_reports() -> None:
    texts = [
        FULL,
        FULL + ".",
        "indispensable partner in deterring",
        "We stand with our allies in Europe today",
        "we stand with our allies in Europe today!",
        "Something else entirely was said here by him",
        "We're going to put a lot of coal companies and coal miners out of business.",
        "going to put a lot of coal miners and coal companies out of business",
    ]
    reports = [_report(i, t) for i, t in enumerate(texts)]
    phrases = ["Bernie Sanders of subjecting her to an “artful smear” on Wall Street", "an “artful smear” again"]
    reports += [_report(len(reports) + i, t, "mixed", DAY + timedelta(days=i)) for i, t in enumerate(phrases)]
    fragments = ["the judge a “hater of Donald Trump” who had “railroaded” him", HATER]
    reports += [_report(len(reports) + i, t, "mixed", DAY + timedelta(days=i)) for i, t in enumerate(fragments)]
    expected = {frozenset(r.id for r in g) for g in group_reports(reports)}
    # the swapped words, the phrase and the fragment joined
    assert {frozenset({6, 7}), frozenset({8, 9}), frozenset({10, 11})} <= expected
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert {frozenset(r.id for r in g) for g in group_reports(shuffled)} == expected


def test_word_diff_shows_words_changed_between_reports() -> None:
    assert word_diff("we will never surrender to them", "we shall never surrender to them") == [
        ("-", "will"),
        ("+", "shall"),
    ]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # a quoted fragment said word for word in the full quote days later; "railroaded" came elsewhere in the speech
        (
            [("the judge a “hater of Donald Trump” who had “railroaded” him", "mixed", 0), (HATER, "direct", 4)],
            [[0, 1]],
        ),
        # single quoted words, together enough, all said in the tweet
        (
            [
                ("that Trump is a “loser,” a “liar” and a “whiner.”", "mixed", 0),
                ("“you aren't just a loser, you are a liar and a whiner.”", "direct", 1),
            ],
            [[0, 1]],
        ),
        # the same fragment a month later is another occasion
        (
            [("the judge a “hater of Donald Trump” who had “railroaded” him", "mixed", 0), (HATER, "direct", 30)],
            [[0], [1]],
        ),
        # the same line at two rallies days apart: the fragment joins neither
        (
            [
                ("“Bad, bad things are going to happen,” he said. “This could be the great Trojan horse.”", "mixed", 0),
                ("“You have no idea who they are. This could be the great Trojan horse,” he said.", "mixed", 2),
                ("“There's no way of vetting them. This could be the great Trojan horse.”", "mixed", 3),
            ],
            [[0], [1], [2]],
        ),
        # two words of content found ("right to be angry"), half of the quote not ("real solutions"): apart
        (
            [
                ("Americans are “right to be angry,” but also hungry for what she calls “real solutions.”", "mixed", 0),
                (
                    "“People have every right to be angry, but they're hungry. They're hungry for solutions,”",
                    "direct",
                    5,
                ),
            ],
            [[0], [1]],
        ),
        # one word quoted alone is too little to say which remark it is from
        (
            [
                ("that police killings of unarmed black people should be recognized as “intolerable.”", "mixed", 0),
                ("“I mean, this is just unbearable, and it needs to be intolerable,”", "direct", 1),
            ],
            [[0], [1]],
        ),
    ],
)
def test_quoted_fragments(texts: list[tuple[str, str, int | None]], expected: list[list[int]]) -> None:
    assert _dated_groups(texts) == expected


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # an outlet tidied a restart away: the longer one adds only words the shorter has
        (
            [
                ("“What difference - at this point, what difference does it make?”", "direct"),
                ("him, “What difference at this point does it make?”", "mixed"),
            ],
            [[0, 1]],
        ),
        # a word more in a short stump line is another telling
        (
            [
                ("“We have come a long way in the last nine months,”", "direct"),
                ("“We have come a pretty long way in the last nine months,”", "direct"),
            ],
            [[0], [1]],
        ),
        # the delivered line has an ad-lib between dashes that the pre-released text has not
        (
            [
                (
                    "“I can say with confidence there has never been a man or a woman more qualified than Hillary "
                    "Clinton to serve as President of the United States of America,” he will say.",
                    "mixed",
                ),
                (
                    "that ''there has never been a man or a woman - not me, not Bill, nobody - more qualified than "
                    "Hillary Clinton'' to serve as president",
                    "mixed",
                ),
            ],
            [[0, 1]],
        ),
        # ... but new words inside a short line are another telling of it, not a restart
        (
            [
                ("“We are going to dispel with this fiction,”", "direct"),
                ("“We are going to dispel once and for all with this fiction,”", "direct"),
            ],
            [[0], [1]],
        ),
        # words inserted between commas are not taken for an aside: commas join a sentence's own clauses, and a
        # line said twice, once with a phrase more ("once and for all", above), must stay two statements
        (
            [
                (
                    "that ''there has never been a man or a woman, not me, not Bill, nobody, more qualified than "
                    "Hillary Clinton'' to serve as president",
                    "mixed",
                ),
                (
                    "“I can say with confidence there has never been a man or a woman more qualified than Hillary "
                    "Clinton to serve as President of the United States of America,” he will say.",
                    "mixed",
                ),
            ],
            [[0], [1]],
        ),
        # an editor's word in brackets is not the speaker's
        (
            [
                ("“Not me, not Bill, nobody is more qualified than Hillary,”", "direct"),
                ("“Not me, not Bill [Clinton], nobody is more qualified than Hillary,”", "direct"),
            ],
            [[0, 1]],
        ),
    ],
)
def test_restarts_asides_and_editorial_words(texts: list[tuple[str, str]], expected: list[list[int]]) -> None:
    assert _groups(texts) == expected

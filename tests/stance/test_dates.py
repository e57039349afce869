"""Event dates resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.stance.dates import resolve_event_date

PUBLISHED = date(2025, 3, 30)  # a Sunday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the criticism he directed at European allies in February, telling them", date(2025, 2, 1)),
        ("In July, the White House announced an upgrade", date(2024, 7, 1)),  # most recent past July
        ("in March the talks resumed", date(2025, 3, 1)),  # the current month counts as past
        ("Pete Hegseth on Sunday called Japan an indispensable partner", date(2025, 3, 30)),
        ("He spoke to reporters on Friday.", date(2025, 3, 28)),
        ("last Sunday he said", date(2025, 3, 23)),
        ("He said last week that the plan was ready.", date(2025, 3, 23)),
        ("The minister said yesterday that", date(2025, 3, 29)),
        ("The deal was signed on March 3, 2025, in Tokyo.", date(2025, 3, 3)),
        ("The deal was signed on 3 June 2024.", date(2024, 6, 3)),
        ("on April 2 he met them", date(2024, 4, 2)),  # a day after publication means last year
        ("the report dated 2025-01-15", date(2025, 1, 15)),
        ("two weeks ago the talks collapsed", date(2025, 3, 16)),
        ("In May 2023 the treaty lapsed", date(2023, 5, 1)),
    ],
)
def test_resolves_date_expressions(text: str, expected: date) -> None:
    assert resolve_event_date(text, PUBLISHED) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Japan is our indispensable partner in deterring Communist China's military aggression.",
        "May I say something?",  # the modal verb, not the month
        "They will march on the capital.",
        "",
    ],
)
def test_no_date_expression_gives_none(text: str) -> None:
    assert resolve_event_date(text, PUBLISHED) is None


def test_relative_dates_need_a_publication_date_but_explicit_ones_do_not() -> None:
    assert resolve_event_date("on Sunday", None) is None
    assert resolve_event_date("in February", None) is None
    assert resolve_event_date("on March 3, 2025", None) == date(2025, 3, 3)

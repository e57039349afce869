"""Resolve when a reported event happened ("in February", "on Sunday", "last week") against the publication date.

Date expressions are located with one compiled regex and resolved by hand, which is fast and predictable; a relative
expression resolves to the most recent matching day on or before publication.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from tracker.lexicon import MONTH_NAMES, NUMBER_WORDS, WEEKDAY_NAMES

MONTHS = {name: number for number, names in enumerate(MONTH_NAMES, start=1) for name in names}
WEEKDAYS = {name: i for i, name in enumerate(WEEKDAY_NAMES)}


# "January", ..., then the abbreviations with or without their full stop ("Jan", "Sept.")
_MONTH = (
    "(?P<month>"
    + "|".join(names[0].capitalize() for names in MONTH_NAMES)
    + "|"
    + "|".join(short.capitalize() + r"\.?" for names in MONTH_NAMES for short in names[1:])
    + ")"
)
_PATTERNS = [
    ("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
    ("numeric", r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})"),
    ("month_day", _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?"),
    ("day_month", r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?"),
    (
        "month",
        r"(?P<prep>\b(?:in|since|during|until|by|from|of|last|this|early|late|mid|mid-)\s+)?"
        + _MONTH
        + r"(?:,?\s+(?P<year>\d{4}))?",
    ),
    ("weekday", r"(?P<last>\blast\s+)?(?P<weekday>" + "|".join(map(str.capitalize, WEEKDAY_NAMES)) + ")"),
    (
        "relative",
        r"(?P<rel>yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week)|"
        r"(?:last|past|previous)\s+(?:week|month|year)|day\s+before\s+yesterday)",
    ),
    (
        "ago",
        r"(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?P<unit>day|week|month|year)s?\s+ago",
    ),
]
_REGEX = re.compile(
    "|".join(f"(?P<{kind}>\\b{pattern.replace('(?P<', f'(?P<{kind}_')}\\b)" for kind, pattern in _PATTERNS),
    re.IGNORECASE,
)


def find_date_expression(text: str) -> tuple[str, re.Match[str]] | None:
    """The first date expression in `text` and its kind, or None."""
    for match in _REGEX.finditer(text):
        kind = match.lastgroup
        if kind is None:
            continue
        surface = match.group(kind)
        if kind in ("month", "month_day", "day_month", "weekday"):
            month_text = match.group(f"{kind}_month") if kind != "weekday" else match.group("weekday_weekday")
            if month_text is None or not month_text[0].isupper():
                continue  # "may", "march" as words, "sunday" in lower case
            if kind == "month" and month_text.lower().rstrip(".") == "may" and not match.group("month_prep"):
                continue  # the modal verb at the start of a sentence
        if surface:
            return kind, match
    return None


def _month_number(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _past_month(month: int, published: date) -> date:
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _minus_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@lru_cache(maxsize=4096)  # several attributions share a sentence; the regex scan is the cost
def resolve_event_date(text: str, published: date | None) -> date | None:
    """The date of the event the text reports, from the first date expression in it.

    Args:
        text: a sentence (or a few).
        published: the article's publication date, the base for relative expressions.

    Returns:
        The date; the first day of the month for a month without a day; None when the text has no date expression
        or it cannot be resolved without a publication date.
    """
    found = find_date_expression(text)
    if found is None:
        return None
    kind, match = found
    group = match.group
    if kind in ("iso", "numeric"):
        return _safe_date(int(group(f"{kind}_y")), int(group(f"{kind}_m")), int(group(f"{kind}_d")))
    if kind in ("month_day", "day_month"):
        month, day = _month_number(group(f"{kind}_month")), int(group(f"{kind}_day"))
        if group(f"{kind}_year"):
            return _safe_date(int(group(f"{kind}_year")), month, day)
        if published is None:
            return None
        year = published.year if (month, day) <= (published.month, published.day) else published.year - 1
        return _safe_date(year, month, day)
    if kind == "month" and group("month_year"):
        return date(int(group("month_year")), _month_number(group("month_month")), 1)
    if published is None:
        return None
    if kind == "month":
        prep = (group("month_prep") or "").strip().lower()
        month = _month_number(group("month_month"))
        if prep == "last" and month == published.month:
            return date(published.year - 1, month, 1)
        return _past_month(month, published)
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS[group("weekday_weekday").lower()]) % 7
        if back == 0 and group("weekday_last"):
            back = 7
        return published - timedelta(days=back)
    if kind == "relative":
        rel = " ".join(group("relative_rel").lower().split())
        if rel == "yesterday":
            return published - timedelta(days=1)
        if rel == "day before yesterday":
            return published - timedelta(days=2)
        if rel.endswith("week") and not rel.startswith("this"):
            return published - timedelta(days=7)
        if rel.endswith("month"):
            return _minus_months(published, 1)
        if rel.endswith("year"):
            return date(published.year - 1, 1, 1)
        return published
    if kind == "ago":
        raw = group("ago_n").lower()
        n = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        unit = group("ago_unit").lower()
        if unit == "day":
            return published - timedelta(days=n)
        if unit == "week":
            return published - timedelta(weeks=n)
        if unit == "month":
            return _minus_months(published, n)
        return date(published.year - n, 1, 1)
    return None

"""Query-string parameters of the review app, checked and typed; a bad one is a 400 with a one-line reason."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from starlette.datastructures import QueryParams

from tracker.reports.quotes import QuoteFilter
from tracker.reports.stance import DEFAULT_MIN_CONFIDENCE

KINDS = ("direct", "mixed", "indirect")
PERIODS = ("day", "week", "month", "year")
COUNTS = ("statements", "reports")
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
#: Deepest row a page may start at: a page costs the rows before it (see quote_page).
MAX_OFFSET = 100_000
#: Longer values are no name, date or phrase anyone types; refusing them keeps queries small.
MAX_LENGTH = 500
MAX_TARGETS = 8


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message names it and says what it takes."""


def text(params: QueryParams, name: str) -> str | None:
    """A text parameter: None when absent or blank (an empty form field)."""
    values = params.getlist(name)
    if len(values) > 1:
        raise BadParameter(f"{name}: give it once")
    return _clean(name, values[0]) if values else None


def texts(params: QueryParams, name: str, *, most: int) -> list[str]:
    values = [v for v in (_clean(name, raw) for raw in params.getlist(name)) if v]
    if len(values) > most:
        raise BadParameter(f"{name}: at most {most} values")
    return list(dict.fromkeys(values))


def _clean(name: str, raw: str) -> str | None:
    value = raw.strip()
    if len(value) > MAX_LENGTH:
        raise BadParameter(f"{name}: at most {MAX_LENGTH} characters")
    # PostgreSQL refuses NUL in text, and no stored name or phrase holds one.
    if "\x00" in value:
        raise BadParameter(f"{name}: contains a NUL character")
    return value or None


def choice(params: QueryParams, name: str, choices: Sequence[str], default: str | None = None) -> str | None:
    value = text(params, name)
    if value is None:
        return default
    if value not in choices:
        raise BadParameter(f"{name}: {value!r} is not one of {', '.join(choices)}")
    return value


def day(params: QueryParams, name: str) -> date | None:
    value = text(params, name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadParameter(f"{name}: {value!r} is not a date; use YYYY-MM-DD") from None


def integer(
    params: QueryParams, name: str, default: int | None = None, *, least: int = 1, most: int | None = None
) -> int | None:
    value = text(params, name)
    if value is None:
        return default
    if not value.isdigit() or not value.isascii():
        raise BadParameter(f"{name}: {value!r} is not a whole number")
    number = int(value)
    if number < least or (most is not None and number > most):
        upper = f" to {most}" if most is not None else " or more"
        raise BadParameter(f"{name}: {number} is out of range ({least}{upper})")
    return number


def min_confidence(params: QueryParams) -> float | None:
    """`min_confidence`, 0 to 1, as `--min-confidence` takes it: the same default, and 0 keeps every stance."""
    value = text(params, "min_confidence")
    if value is None:
        return DEFAULT_MIN_CONFIDENCE
    try:
        number = float(value)
    except ValueError:
        raise BadParameter(f"min_confidence: {value!r} is not a number") from None
    if not 0 <= number <= 1:
        raise BadParameter(f"min_confidence: {value} is out of range (0 to 1)")
    return number or None


def integers(params: QueryParams, name: str, *, most: int) -> list[int]:
    values = params.getlist(name)
    if len(values) > most:
        raise BadParameter(f"{name}: at most {most} values")
    result = []
    for raw in values:
        if not raw.strip().isdigit() or not raw.strip().isascii() or len(raw) > 18:
            raise BadParameter(f"{name}: {raw[:40]!r} is not an id")
        result.append(int(raw))
    return list(dict.fromkeys(result))


YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off")


def flag(params: QueryParams, name: str) -> bool:
    return choice(params, name, YES + NO, "0") in YES


@dataclass
class Page:
    number: int
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page(params: QueryParams) -> Page:
    size = integer(params, "size", PAGE_SIZE, most=MAX_PAGE_SIZE) or PAGE_SIZE
    number = integer(params, "page", 1, most=MAX_OFFSET // size + 1) or 1
    return Page(number, size)


def quote_filter(params: QueryParams, *, with_limit: bool = False) -> QuoteFilter:
    """The filters of `tracker quotes`, by the same names: speaker, article, outlet, since, until, kind,
    contains (and limit, for the JSON and CSV exports)."""
    return QuoteFilter(
        speaker=text(params, "speaker"),
        article=text(params, "article"),
        outlet=text(params, "outlet"),
        since=day(params, "since"),
        until=day(params, "until"),
        kind=choice(params, "kind", KINDS),
        contains=text(params, "contains"),
        limit=integer(params, "limit") if with_limit else None,
    )

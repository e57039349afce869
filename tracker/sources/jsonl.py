"""JSON and JSON Lines articles: fields id, title, text, outlet, published, url; others ignored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tracker.errors import InputError
from tracker.sources.base import ReadFailure, make_article, parse_date
from tracker.types import Article


def article_from_record(record: Any, origin: str, defaults: dict[str, str | None]) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{origin}: expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f'{origin}: no "text" field' if text is None else f'{origin}: "text" is not a string')
    external_id = record.get("id")
    return make_article(
        text=text,
        origin=origin,
        external_id=None if external_id is None else str(external_id),
        title=_string(record.get("title")),
        outlet=_string(record.get("outlet")) or defaults.get("outlet"),
        published=parse_date(record.get("published") or defaults.get("published"), origin),
        url=_string(record.get("url")) or defaults.get("url"),
    )


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def read_jsonl(text: str, path: str, defaults: dict[str, str | None]) -> Iterator[Article | ReadFailure]:
    """One article per line; a bad line is reported and the others still read."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            record = json.loads(line)
            yield article_from_record(record, origin, defaults)
        except json.JSONDecodeError as exc:
            yield ReadFailure(origin, f"{origin}: invalid JSON: {exc.msg} (column {exc.colno})")
        except InputError as exc:
            yield ReadFailure(origin, str(exc))


def read_json(text: str, path: str, defaults: dict[str, str | None]) -> Iterator[Article | ReadFailure]:
    """A JSON object, or an array of them."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadFailure(path, f"{path}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})")
        return
    records = data if isinstance(data, list) else [data]
    for index, record in enumerate(records):
        origin = f"{path}[{index}]" if isinstance(data, list) else path
        try:
            yield article_from_record(record, origin, defaults)
        except InputError as exc:
            yield ReadFailure(origin, str(exc))

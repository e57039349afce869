"""JSON and JSON Lines articles: fields id, title, text, outlet, published, url; others ignored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from tracker.errors import InputError
from tracker.sources.base import ReadFailure, decode_text, make_article, parse_date
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


def read_jsonl_stream(
    lines: Iterable[bytes], origin: str, defaults: dict[str, str | None]
) -> Iterator[Article | ReadFailure]:
    """JSON Lines read line by line (from a file, a pipe or standard input), so a large corpus never sits in
    memory whole; a bad line is reported and the others still read."""
    for number, raw_line in enumerate(lines, start=1):
        line_origin = f"{origin}:{number}"
        try:
            line = decode_text(raw_line, line_origin)
            if not line.strip():
                continue
            yield article_from_record(json.loads(line), line_origin, defaults)
        except json.JSONDecodeError as exc:
            yield ReadFailure(line_origin, f"{line_origin}: invalid JSON: {exc.msg} (column {exc.colno})")
        except InputError as exc:
            yield ReadFailure(line_origin, str(exc))


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

"""What every reader shares: decoding bytes, parsing dates, building Article records."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.errors import InputError
from tracker.types import Article


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not become an article; `message` starts with the file (and line)."""

    origin: str
    message: str


def decode_text(data: bytes, origin: str) -> str:
    """UTF-8 text from raw bytes, refusing binary data and other encodings."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary data, not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert it to UTF-8 first"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value: Any, origin: str, field: str = "published") -> date | None:
    """An ISO-8601 date (a datetime is cut to its date); None or "" give None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(f"{origin}: {field} must be an ISO date string, got {type(value).__name__}")
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise InputError(f"{origin}: invalid {field} date {value!r} (expected YYYY-MM-DD)") from None


def fallback_id(text: str) -> str:
    """An id for an article that has none: stable for the same text, so re-ingest is a no-op."""
    return "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def make_article(
    *,
    text: str,
    origin: str,
    external_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: date | None = None,
    url: str | None = None,
) -> Article:
    if not text.strip():
        raise InputError(f"{origin}: empty text")
    return Article(
        external_id=(external_id or url or fallback_id(text)).strip(),
        text=text,
        title=(title or "").strip() or None,
        outlet=(outlet or "").strip() or None,
        published=published,
        url=(url or "").strip() or None,
        origin=origin,
    )

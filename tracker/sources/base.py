"""What every reader shares: decoding bytes, parsing dates, building and cleaning Article records."""

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


@dataclass(frozen=True)
class ReadWarning:
    """An input that was read, but changed on the way (e.g. NUL characters removed); `message` starts with the file
    (and line)."""

    origin: str
    message: str


#: Why a directory entry was not read (the `reason` of a Skipped).
UNKNOWN_TYPE = "unknown type"
NOT_REGULAR = "not a regular file"
DIRECTORY_LINK = "link to a directory, not followed"


@dataclass(frozen=True)
class Skipped:
    """An entry of a directory (or a glob match) that was deliberately not read."""

    path: str
    reason: str  # UNKNOWN_TYPE, NOT_REGULAR or DIRECTORY_LINK
    detail: str = ""  # the extension, or the kind of file ("FIFO", "socket", ...)

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" + (f" ({self.detail})" if self.detail else "")


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


#: The string fields of an Article, by the name the input files give them.
_ARTICLE_STRINGS = {"id": "external_id", "text": "text", "title": "title", "outlet": "outlet", "url": "url"}


def cleaned(article: Article) -> tuple[Article, list[str]]:
    """The article with NUL characters removed from its string fields, and the names of the fields that held any.

    SQLite stores a NUL inside TEXT, after which length() and substr() stop agreeing with Python's offsets, and
    PostgreSQL refuses the row; removing them here stores the same text on both.
    """
    dirty = [name for name, attribute in _ARTICLE_STRINGS.items() if "\x00" in (getattr(article, attribute) or "")]
    if not dirty:
        return article, []
    clean = {
        name: (getattr(article, attribute) or "").replace("\x00", "") for name, attribute in _ARTICLE_STRINGS.items()
    }
    # An id made from the text (the article had neither id nor URL) is made again from the clean text.
    made_from_text = article.external_id == fallback_id(article.text)
    return (
        make_article(
            text=clean["text"],
            origin=article.origin,
            external_id=None if made_from_text else clean["id"],
            title=clean["title"],
            outlet=clean["outlet"],
            published=article.published,
            url=clean["url"],
        ),
        dirty,
    )


MAX_ID_LENGTH = 500  # articles.external_id
MAX_OUTLET_LENGTH = 200  # outlets.name


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
    fields = {"text": text, "id": external_id, "title": title, "outlet": outlet, "url": url}
    for name, value in fields.items():
        _check_unicode(value or "", origin, name)
    article_id = (external_id or url or fallback_id(text)).strip()
    # The store's limits, the same on SQLite (which would take more) as on PostgreSQL (which would not).
    if len(article_id) > MAX_ID_LENGTH:
        what = "id" if external_id else "url, used as its id,"
        raise InputError(
            f"{origin}: {what} is {len(article_id)} characters long; at most {MAX_ID_LENGTH} can be stored"
        )
    if outlet and len(outlet.strip()) > MAX_OUTLET_LENGTH:
        raise InputError(f"{origin}: outlet name is {len(outlet.strip())} characters long; at most {MAX_OUTLET_LENGTH}")
    return Article(
        external_id=article_id,
        text=text,
        title=(title or "").strip() or None,
        outlet=(outlet or "").strip() or None,
        published=published,
        url=(url or "").strip() or None,
        origin=origin,
    )


def _check_unicode(value: str, origin: str, field: str) -> None:
    # A JSON "\\ud800" escape decodes to a lone surrogate, which cannot be encoded, hashed or stored as UTF-8.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            f"{origin}: {field} holds a lone surrogate \\u{ord(value[exc.start]):04x} at character {exc.start}, "
            "which is not valid Unicode"
        ) from None

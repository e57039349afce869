"""RSS and Atom feed files: one article per entry, its HTML content turned into text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import feedparser

from tracker.errors import InputError
from tracker.sources.base import ReadFailure, make_article
from tracker.sources.html import html_to_text
from tracker.types import Article

_PLAIN = "text/plain"


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_parts(entry: feedparser.FeedParserDict) -> Iterator[tuple[str, str]]:
    """(media type, value) of the entry's contents, then of its summary, best first."""
    for part in entry.get("content") or []:
        yield part.get("type") or "text/html", part.get("value") or ""
    if entry.get("summary"):
        yield (entry.get("summary_detail") or {}).get("type") or "text/html", str(entry["summary"])


def entry_text(entry: feedparser.FeedParserDict, origin: str) -> str:
    """The text of the first of the entry's content, then summary, that has any.

    RSS content:encoded and description, and Atom content of type html and xhtml, come from feedparser as
    HTML, and go through the same extraction as .html pages; Atom type="text" is taken as it is.
    """
    for media_type, value in _entry_parts(entry):
        text = value if media_type == _PLAIN else html_to_text(value, origin)
        if text.strip():
            return text
    return ""


def read_feed(data: bytes, origin: str, defaults: dict[str, str | None]) -> Iterator[Article | ReadFailure]:
    feed = feedparser.parse(data)
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise InputError(f"{origin}: broken feed: {feed.bozo_exception}")
    if not feed.entries:
        raise InputError(f"{origin}: feed has no entries")
    outlet = defaults.get("outlet") or feed.feed.get("title")
    for index, entry in enumerate(feed.entries, start=1):
        entry_origin = f"{origin}#{index}"
        try:
            yield make_article(
                text=entry_text(entry, entry_origin),
                origin=entry_origin,
                external_id=entry.get("id") or entry.get("link"),
                title=entry.get("title"),
                outlet=outlet,
                published=_entry_date(entry),
                url=entry.get("link"),
            )
        except InputError as exc:
            yield ReadFailure(entry_origin, str(exc))

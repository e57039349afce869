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


def _entry_date(entry: feedparser.FeedParserDict) -> date | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None


def _entry_html(entry: feedparser.FeedParserDict) -> str:
    contents = entry.get("content") or []
    if contents:
        return "\n".join(part.get("value", "") for part in contents)
    return str(entry.get("summary", ""))


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
            html = _entry_html(entry)
            text = html_to_text(html) if "<" in html else html
            yield make_article(
                text=text,
                origin=entry_origin,
                external_id=entry.get("id") or entry.get("link"),
                title=entry.get("title"),
                outlet=outlet,
                published=_entry_date(entry),
                url=entry.get("link"),
            )
        except InputError as exc:
            yield ReadFailure(entry_origin, str(exc))

"""Plain-text articles, with an optional header block of metadata.

A file may start with `key: value` lines (keys: id, title, outlet, published, url), ended by a
blank line; the text is what follows. Command-line metadata (--outlet ...) fills what the header
leaves out. Character offsets stored for quotes are offsets into the text after the header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.sources.base import make_article, parse_date
from tracker.types import Article

HEADER_KEYS = ("id", "title", "outlet", "published", "url")
_HEADER_LINE = re.compile(r"^(id|title|outlet|published|url)\s*:\s*(.*)$", re.IGNORECASE)


def split_header(text: str) -> tuple[dict[str, str], str]:
    """The header fields and the body of a text file."""
    lines = text.split("\n")
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[index + 1 :])
            break
        match = _HEADER_LINE.match(line)
        if not match:
            break
        header[match.group(1).lower()] = match.group(2).strip()
    return {}, text


def read_text(text: str, origin: str, defaults: dict[str, str | None]) -> Iterator[Article]:
    header, body = split_header(text)
    meta = {key: header.get(key) or defaults.get(key) for key in HEADER_KEYS}
    yield make_article(
        text=body.strip("\n"),
        origin=origin,
        external_id=meta["id"],
        title=meta["title"],
        outlet=meta["outlet"],
        published=parse_date(meta["published"], origin),
        url=meta["url"],
    )

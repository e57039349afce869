"""HTML pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

import trafilatura

from tracker.errors import InputError
from tracker.sources.base import make_article, parse_date
from tracker.types import Article

_CLOSING_TAG = re.compile(r"</(html|body)\s*>", re.IGNORECASE)
_OPENING_TAG = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """Main text of an HTML fragment or page, paragraphs separated by blank lines."""
    extracted = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=False)
    return (extracted or "").replace("\n", "\n\n")


def read_html(text: str, origin: str, defaults: dict[str, str | None]) -> Iterator[Article]:
    # A page cut off in transfer still parses (lxml recovers) but would store a partial article.
    if _OPENING_TAG.search(text) and not _CLOSING_TAG.search(text):
        raise InputError(f"{origin}: truncated HTML (no closing </body> or </html> tag)")
    document = trafilatura.bare_extraction(
        text, with_metadata=True, favor_recall=True, include_comments=False, include_tables=False
    )
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    yield make_article(
        text=(document.text or "").replace("\n", "\n\n"),
        origin=origin,
        external_id=defaults.get("id"),
        title=document.title or defaults.get("title"),
        outlet=defaults.get("outlet") or document.sitename or document.hostname,
        published=parse_date(defaults.get("published") or document.date, origin),
        url=defaults.get("url") or document.url,
    )

"""What the templates draw: an article's segments as marks with their details, links, numbers.

Everything here returns plain strings and dicts; the templates escape them (autoescape is on and no
extracted text is ever marked safe).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from tracker.reports.articles import Mark, Segment, article_marks, paragraphs

PART_NAMES = {"content": "said", "speaker": "speaker", "cue": "cue"}


def article_url(external_id: str, quote_id: int | None = None) -> str:
    """The article page; with `quote_id`, that quote highlighted and scrolled to."""
    url = "/articles/" + quote(external_id, safe="")
    return f"{url}?quote={quote_id}#q{quote_id}" if quote_id is not None else url


def api_article_url(external_id: str) -> str:
    return "/api/articles/" + quote(external_id, safe="")


def link_params(params: Mapping[str, Any] | Any, **changes: Any) -> str:
    """`params` (a QueryParams or a dict) as a query string, with `changes` applied; None removes a key."""
    items: list[tuple[str, str]] = []
    pairs = params.multi_items() if hasattr(params, "multi_items") else list(params.items())
    for key, value in pairs:
        if key not in changes and value not in (None, ""):
            items.append((key, str(value)))
    for key, value in changes.items():
        if isinstance(value, list | tuple):
            items.extend((key, str(v)) for v in value)
        elif value is not None:
            items.append((key, str(value)))
    return urlencode(items)


def outside_href(url: str | None) -> str | None:
    """`url` when it is a web address that is safe to link to, else None (shown as text, not linked):
    a stored URL is untrusted, and `javascript:` or `data:` in an href would run in the page."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def signed(score: float | None) -> str:
    return "" if score is None else f"{score:+.2f}".replace("-", "\u2212")


def stance_class(score: float | None) -> str:
    if score is None:
        return "neutral"
    return "positive" if score > 0.15 else "negative" if score < -0.15 else "neutral"


def attribution_summary(attribution: dict[str, Any]) -> str:
    """One line: number, kind, speaker, credited source, stance per target (the hover text of a mark)."""
    parts = [f"{attribution['number']}. {attribution['kind']}", attribution["speaker"] or "no speaker linked"]
    mention = attribution["speaker_mention"]
    if mention and mention["text"] != attribution["speaker"]:
        parts[-1] += f" (as \u201c{mention['text']}\u201d)"
    if attribution["credited_source"]:
        parts.append(f"credited to {attribution['credited_source']}")
    if attribution["targets"]:
        parts.append(
            "stance: " + ", ".join(f"{t['target']} {t['label']} {signed(t['score'])}" for t in attribution["targets"])
        )
    return " \u00b7 ".join(parts)


def _segment(segment: Segment, summaries: dict[int, str], chosen: int | None) -> dict[str, Any]:
    marks: tuple[Mark, ...] = segment.marks
    if not marks:
        return {"text": segment.text, "marks": False}
    numbers = list(dict.fromkeys(m.number for m in marks))
    quotes = list(dict.fromkeys(m.quote_id for m in marks))
    lines = []
    for mark in marks:
        line = summaries[mark.quote_id] if mark.part == "content" else f"{PART_NAMES[mark.part]} of {mark.number}"
        if line not in lines:
            lines.append(line)
    # A speaker mention or cue of one quote can sit inside another's content: say what each layer is.
    for mark in marks:
        if mark.part != "content" and summaries[mark.quote_id] not in lines:
            lines.append(summaries[mark.quote_id])
    content_opens = [m for m in segment.opens if m.part == "content" and m.start == segment.start]
    return {
        "text": segment.text,
        "marks": True,
        "classes": " ".join(
            ["m", *sorted({m.part for m in marks})] + (["chosen"] if chosen is not None and chosen in quotes else [])
        ),
        "quotes": " ".join(str(q) for q in quotes),
        "numbers": numbers,
        "tip": "\n".join(lines),
        # The first piece of a quote's content is its anchor (#q4) and its one stop for the Tab key.
        "anchor": f"q{content_opens[0].quote_id}" if content_opens else None,
        "label": " ".join(str(m.number) for m in content_opens),
    }


def article_page(view: dict[str, Any], chosen: int | None = None) -> dict[str, Any]:
    """The article's paragraphs as lists of segment dicts, and its attributions with their summaries."""
    summaries = {a["id"]: attribution_summary(a) for a in view["attributions"]}
    marks = article_marks(view["attributions"])
    page = [[_segment(s, summaries, chosen) for s in para] for para in paragraphs(view["text"], marks)]
    anchored: set[str] = set()
    for segment in (s for para in page for s in para):
        if segment.get("anchor") in anchored:  # a later piece of a split quote, or its content after a break
            segment["anchor"] = segment["label"] = None
        elif segment.get("anchor"):
            anchored.add(segment["anchor"])
    return {"paragraphs": page, "summaries": summaries}

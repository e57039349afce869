"""Quote-mark pairing on raw text: quoted stretches, paragraph continuations, direct/mixed/indirect kinds.

Works on characters, not tokens, so the scorer and the spaCy component share it. It never raises on
unbalanced marks: a stray closing mark is ignored, and a quote left open at the end of a paragraph is
closed there (the newswire convention for a quote that continues into the next paragraph, which reopens
with a fresh opening mark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from tracker.lexicon import DASHES
from tracker.types import QuoteKind

#: Opening double marks (typographic, guillemets, low-9) and their closers.
DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
#: Single typographic marks; ``’`` doubles as the apostrophe, so it only closes an open ``‘``.
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
#: Every character the scorer strips as a quote mark (straight single included).
QUOTE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + "'")
DOUBLE_CHARS = frozenset(DOUBLE_OPEN + DOUBLE_CLOSE + STRAIGHT_DOUBLE)
#: Punctuation trimmed from the edges of a span before comparing (quote marks and whitespace too).
EDGE_PUNCT = frozenset(".,;:!?()[]…*/" + DASHES) | QUOTE_CHARS

_SPACE = re.compile(r"\s")
_OPEN_CONTEXT = set(" \t\n([{/:" + DASHES) | set(DOUBLE_OPEN) | set(SINGLE_OPEN)


@dataclass(frozen=True)
class QuotedStretch:
    """Characters strictly between an opening mark and its closing mark (``text[start:end]``)."""

    start: int
    end: int
    closed: bool = True  # False: left open at the end of its paragraph
    level: Literal["double", "single"] = "double"


#: Two apostrophes stand for a straight double quote in some archives (the NYT's ''…'').
_DOUBLE_EVENTS = re.compile(r"''|[“”«»„\"\n]")
_SINGLE_EVENTS = re.compile(r"[‘’‹›\n]")


def find_quoted(text: str, *, singles: bool = True) -> list[QuotedStretch]:
    """All top-level quoted stretches of ``text``, in order.

    Args:
        text: article text.
        singles: also pair ``‘ ’`` (headline style) outside double quotes.
    """
    spans: list[QuotedStretch] = []
    lo = 0  # start of the current paragraph
    open_at: int | None = None
    open_char = ""
    n = len(text)
    for match in _DOUBLE_EVENTS.finditer(text):
        i = match.start()
        ch = text[i]
        width = 1
        if ch == "'":  # '' behaves as a straight double quote two characters wide
            ch, width = STRAIGHT_DOUBLE, 2
        if ch == "\n":
            if open_at is not None and i - open_at > 2:
                spans.append(QuotedStretch(open_at + 1, i, closed=False))
            open_at = None
            lo = i + 1
            continue
        hi = text.find("\n", i)
        hi = n if hi == -1 else hi
        if ch in DOUBLE_OPEN:
            # A second opener while open: the earlier one was stray or the writer forgot to close.
            open_at, open_char = i, ch
        elif ch in DOUBLE_CLOSE:
            if open_at is not None:
                spans.append(QuotedStretch(open_at + 1, i))
                open_at = None
            elif ch == "”" and i + 1 < hi and not text[i + 1].isspace() and (i == lo or text[i - 1].isspace()):
                # ”Wrong-way opener at the start of a word (seen in the wild).
                open_at, open_char = i, ch
        else:  # straight double quote ('' included); open_at is the mark's last character
            last = i + width - 1
            if open_at is None:
                open_at, open_char = last, ch
            elif (
                open_char == STRAIGHT_DOUBLE
                and i > lo
                and text[i - 1].isspace()
                and last + 1 < hi
                and not text[last + 1].isspace()
                and i - open_at > 1
            ):
                open_at = last  # `" ... "word`: the first mark was stray; reopen here
            else:
                spans.append(QuotedStretch(open_at + 1, i))
                open_at = None
    if open_at is not None and n - open_at > 2:
        spans.append(QuotedStretch(open_at + 1, n, closed=False))
    if singles:
        spans = _merge_singles(text, spans)
    return spans


def _merge_singles(text: str, doubles: list[QuotedStretch]) -> list[QuotedStretch]:
    covered = [(s.start - 1, s.end + 1) for s in doubles]
    out = list(doubles)
    lo = 0
    open_at: int | None = None
    for match in _SINGLE_EVENTS.finditer(text):
        i = match.start()
        ch = text[i]
        if ch == "\n":
            open_at = None
            lo = i + 1
        elif ch in SINGLE_OPEN:
            before = text[i - 1] if i > lo else " "
            if before in _OPEN_CONTEXT or before in DOUBLE_CHARS:
                open_at = i
        elif open_at is not None:
            after = text[i + 1] if i + 1 < len(text) else " "
            if not after.isalnum():
                if i - open_at > 1 and not any(a <= open_at < b for a, b in covered):
                    out.append(QuotedStretch(open_at + 1, i, level="single"))
                open_at = None
    out.sort(key=lambda s: s.start)
    return out


def quote_mask(text: str, stretches: list[QuotedStretch] | None = None) -> bytearray:
    """Per character: 1 inside a quoted stretch, 2 on its marks, 0 elsewhere."""
    mask = bytearray(len(text))
    for s in stretches if stretches is not None else find_quoted(text):
        mask[s.start : s.end] = b"\x01" * (s.end - s.start)
        if s.start > 0:
            mask[s.start - 1] = 2
            if s.start > 1 and text[s.start - 2 : s.start] == "''":
                mask[s.start - 2] = 2
        if s.closed and s.end < len(text):
            mask[s.end] = 2
            if text[s.end : s.end + 2] == "''":
                mask[s.end + 1] = 2
    return mask


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past whitespace, quote marks and edge punctuation."""
    while start < end and (text[start].isspace() or text[start] in EDGE_PUNCT):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in EDGE_PUNCT):
        end -= 1
    return start, end


_HANDOVER = frozenset(",;:")


def quoted_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The words of a direct quote: without its quote marks and the comma that hands over to the attribution.

    Sentence-final `.`, `?` and `!` inside the marks stay: they belong to what was said.
    """
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in QUOTE_CHARS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_CHARS or text[end - 1] in _HANDOVER):
            end -= 1
        if (start, end) == before:
            return start, end


def classify(text: str, start: int, end: int, mask: bytearray) -> QuoteKind:
    """Direct when the trimmed span is all inside quote marks, mixed when partly, indirect otherwise."""
    s, e = trim(text, start, end)
    if e <= s:
        return "indirect"
    seg = mask[s:e]
    spaces = [m.start() for m in _SPACE.finditer(text, s, e)]
    inside = seg.count(1) - sum(1 for i in spaces if mask[i] == 1)
    total = (e - s) - seg.count(2) - sum(1 for i in spaces if mask[i] != 2)
    if total == 0 or inside == 0:
        return "indirect"
    if inside >= total - 1:  # allow one stray character (a closing period outside the marks)
        return "direct"
    return "mixed"

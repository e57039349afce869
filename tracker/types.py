"""Plain records that flow between the stages: files -> Article -> Doc -> Attribution -> rows."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

QuoteKind = Literal["direct", "indirect", "mixed"]
# "description": "a source", "officials": kept on the quote as said, never linked to an entity (NOT_ENTITY_KINDS)
SpeakerKind = Literal["person", "organisation", "group", "description"]
StanceLabel = Literal["negative", "neutral", "positive"]


@dataclass(frozen=True)
class TextSpan:
    """A stretch of an article's text: `text == article_text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass
class Article:
    """One news article as read from a file, before any NLP."""

    external_id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None
    origin: str = ""  # "FILE" or "FILE:LINE", for error messages

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class Speaker:
    """A resolved speaker: one person, organisation or group across all its mentions, or a description."""

    name: str
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()


@dataclass
class TargetStance:
    """Stance of one attribution toward one canonical target it mentions."""

    target: str  # canonical name, e.g. "China"
    target_kind: str  # country / region / organisation / person / group
    mention: TextSpan  # offsets into the article text
    label: StanceLabel
    score: float  # in [-1, 1]; negative < 0 < positive
    confidence: float | None = None  # calibrated chance that `label` is right; None when not calibrated


@dataclass
class Attribution:
    """One attributed statement: a direct, mixed or indirect quote with its speaker and provenance."""

    kind: QuoteKind
    content: TextSpan
    cue: TextSpan | None = None
    speaker_mention: TextSpan | None = None
    speaker: Speaker | None = None
    credited_source: str | None = None
    targets: list[TargetStance] = field(default_factory=list)
    event_date: date | None = None
    # A statement its attribution splits (`“A,” she said. “B.”`, `The test, officials said, was a success`):
    # each piece in text order (for a direct quote, its quoted words), `content` running from the first to the
    # last. Empty for a statement in one piece.
    pieces: tuple[TextSpan, ...] = ()

    @property
    def text(self) -> str:
        """What was said as stored: the content's text, or a split quote's pieces joined."""
        return " ".join(p.text for p in self.pieces) if self.pieces else self.content.text

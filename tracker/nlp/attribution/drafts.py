"""What the attribution passes work on: draft statements over tokens, the doc's read-only context, the registry.

A pass is a pure function registered under a versioned name with :func:`attribution_pass`. It gets the
:class:`Context` of one doc and the drafts so far, and returns new drafts; it never changes the doc, the
context or a draft it was given (drafts are frozen). Passes that read the tagger's chunks say so when they
register (``chunks=True``); a pass that repairs the chunks themselves registers with ``over="chunks"``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from typing import Any, Literal

from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE
from spacy.tokens import Doc
from spacy.util import registry

from tracker.nlp.attribution.quotes import QuotedStretch
from tracker.nlp.attribution.syntax import TokRange, head_indices
from tracker.nlp.attribution.tagger import sentence_ids
from tracker.types import Speaker, TargetStance

#: A tagger chunk: part ("CON" content, "SRC" source, "CUE" cue) and its token range.
Chunk = tuple[str, int, int]


@dataclass(frozen=True)
class Draft:
    """A statement on its way to an ``Attribution``, in token ranges.

    ``pieces`` are the stretches of a content split by its attribution (``“A,” she said, “B.”``); empty means
    the content is one piece. The last four fields are filled by the passes that resolve speakers, credits,
    dates and framings.
    """

    content: TokRange
    cue: TokRange | None = None
    source: TokRange | None = None
    origin: str = "tagger"
    pieces: tuple[TokRange, ...] = ()
    speaker: Speaker | None = None
    credited: str | None = None
    event_date: date | None = None
    targets: tuple[TargetStance, ...] = ()

    @property
    def parts(self) -> tuple[TokRange, ...]:
        """The content's pieces (the whole content when it is one piece)."""
        return self.pieces or (self.content,)

    def inside(self, r: TokRange) -> bool:
        """True when ``r`` lies inside one of the content pieces (not merely between two of them)."""
        return any(p[0] <= r[0] and r[1] <= p[1] for p in self.parts)

    def reshaped(self, start: int, end: int) -> Draft:
        """The same draft with its content cut to ``start:end`` (pieces clipped, empty ones dropped)."""
        pieces = tuple((max(a, start), min(b, end)) for a, b in self.parts if a < end and b > start)
        return replace(self, content=(start, end), pieces=pieces or ((start, end),))


@dataclass(frozen=True)
class Found:
    """What flows from pass to pass: the tagger's chunks and the drafts made from them."""

    chunks: tuple[Chunk, ...]
    drafts: tuple[Draft, ...] = ()


class Context:
    """What every pass may read about one doc. Derived views are computed once, on first use."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        *,
        states: Sequence[int],
        skip: Sequence[bool],
        stretches: Sequence[QuotedStretch],
        mask: bytearray,
        min_direct_words: int = 4,
        carry_tokens: int = 60,
        published: date | None = None,
        publisher: str | None = None,
        matcher: Any = None,
    ) -> None:
        self.doc = doc
        self.text = text
        #: Per token: 2 on a quote mark that opens or closes a stretch, 1 inside a stretch, 0 outside.
        self.states = states
        #: Per token: True on boilerplate lines ("Read also: …"), which never hold a statement.
        self.skip = skip
        self.stretches = stretches
        #: Per character: 1 inside a quoted stretch, 2 on its marks, 0 elsewhere (``quotes.quote_mask``).
        self.mask = mask
        self.min_direct_words = min_direct_words
        self.carry_tokens = carry_tokens
        self.published = published
        self.publisher = publisher
        #: The target matcher (``tracker.stance.targets.TargetMatcher``) the framing pass names targets with.
        self.matcher = matcher

    @classmethod
    def for_doc(cls, doc: Doc, **settings: Any) -> Context:
        """The context of a parsed doc: its text, quote marks and boilerplate lines, plus ``settings``
        (``min_direct_words``, ``carry_tokens``, ``published``, ``publisher``, ``matcher``)."""
        from tracker.nlp.attribution.outlets import boilerplate_ranges
        from tracker.nlp.attribution.quotes import find_quoted, quote_mask
        from tracker.nlp.attribution.tagger import token_quote_states
        from tracker.nlp.text import doc_text

        text = doc_text(doc)
        stretches = find_quoted(text)
        mask = quote_mask(text, stretches)
        skip = [False] * len(doc)
        for start, end in boilerplate_ranges(text):
            sp = doc.char_span(start, end, alignment_mode="expand")
            if sp is not None:
                for i in range(sp.start, sp.end):
                    skip[i] = True
        return cls(
            doc, text, states=token_quote_states(doc, mask), skip=skip, stretches=stretches, mask=mask, **settings
        )

    @cached_property
    def heads(self) -> list[int]:
        return head_indices(self.doc)

    @cached_property
    def not_word(self) -> list[bool]:
        """Per token: punctuation or whitespace."""
        return [bool(p or sp) for p, sp in self.doc.to_array([IS_PUNCT, IS_SPACE]).tolist()]

    @cached_property
    def alpha(self) -> list[int]:
        """Per token: 1 for a word of letters."""
        return [int(x) for x in self.doc.to_array([IS_ALPHA]).reshape(-1).tolist()]

    @cached_property
    def _sentences(self) -> tuple[list[int], list[TokRange]]:
        return sentence_ids(self.doc)

    @property
    def sent_of(self) -> list[int]:
        """Sentence index per token."""
        return self._sentences[0]

    @property
    def sents(self) -> list[TokRange]:
        """Token range per sentence."""
        return self._sentences[1]

    @cached_property
    def para_of(self) -> list[int]:
        """Paragraph index per token (a whitespace token holding a newline ends a paragraph)."""
        out = []
        para = 0
        for blank, tok in zip(self.not_word, self.doc, strict=True):
            out.append(para)
            if blank and "\n" in tok.text:
                para += 1
        return out

    @cached_property
    def quoted(self) -> list[TokRange]:
        """Token range of each quoted stretch, in the order of ``stretches`` (``(0, 0)`` when it has none)."""
        out = []
        for st in self.stretches:
            sp = self.doc.char_span(st.start, st.end, alignment_mode="expand")
            out.append((sp.start, sp.end) if sp is not None and len(sp) else (0, 0))
        return out

    @cached_property
    def unclosed(self) -> frozenset[int]:
        """Token ends of stretches left open at a paragraph end, and the paragraph's trailing whitespace."""
        ends = {r[1] for r, st in zip(self.quoted, self.stretches, strict=True) if not st.closed}
        return frozenset(ends | {e + 1 for e in ends})


Pass = Callable[[Context, Found], Found]

if not hasattr(registry, "attribution_passes"):
    # spaCy's registry (catalogue): passes are found by name, and a package can add its own through the
    # "spacy_attribution_passes" entry point.
    registry.create("attribution_passes", entry_points=True)
_PASSES: Any = registry.attribution_passes  # type: ignore[attr-defined]


def attribution_pass(
    name: str, *, over: Literal["drafts", "chunks"] = "drafts", chunks: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a pass under a versioned name (``"trim_tails.v1"``).

    Args:
        over: ``"drafts"``: ``fn(ctx, drafts) -> drafts``; ``"chunks"``: ``fn(ctx, chunks) -> chunks``.
        chunks: a drafts pass that also reads the tagger's chunks: ``fn(ctx, chunks, drafts) -> drafts``.

    The function itself is returned unchanged, so tests call it directly.
    """

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(ctx: Context, found: Found) -> Found:
            if over == "chunks":
                return Found(tuple(fn(ctx, found.chunks)), found.drafts)
            if chunks:
                return Found(found.chunks, tuple(fn(ctx, found.chunks, found.drafts)))
            return Found(found.chunks, tuple(fn(ctx, found.drafts)))

        run.__doc__ = fn.__doc__
        run.__name__ = fn.__name__
        _PASSES.register(name, func=run)
        return fn

    return register


def get_pass(name: str) -> Pass:
    """The registered pass of that name (``catalogue.RegistryError`` when there is none)."""
    return _PASSES.get(name)


def pass_names() -> list[str]:
    """Every registered pass name."""
    return sorted(_PASSES.get_all())


def run_passes(ctx: Context, passes: Sequence[str | Pass], found: Found) -> Found:
    """Apply the passes in order (by name, or as :func:`get_pass` gave them: a lookup scans entry points)."""
    for step in passes:
        found = (get_pass(step) if isinstance(step, str) else step)(ctx, found)
    return found

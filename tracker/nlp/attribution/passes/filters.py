"""Drafts that are no statement: narration the tagger over-read, navigation lines, empty contents, single
words."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import with_marks


@attribution_pass("narration.v1")
def narration(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A tagged content with neither cue nor source nor quote marks is narration the tagger over-read."""
    return [
        d for d in drafts if d.cue is not None or d.source is not None or any(ctx.states[i] for i in range(*d.content))
    ]


@attribution_pass("boilerplate.v1")
def boilerplate(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Nothing on navigation lines ("Read also: …"), and no content made of whitespace only."""
    doc = ctx.doc
    return [
        d
        for d in drafts
        if not all(ctx.skip[i] for i in range(*d.content)) and not all(doc[i].is_space for i in range(*d.content))
    ]


#: A statement has at least this many words, unless it is a whole quoted stretch (“Nonsense,” she said).
MIN_WORDS = 2


def _words(ctx: Context, r: tuple[int, int]) -> int:
    return sum(1 for t in ctx.doc[r[0] : r[1]] if not (t.is_punct or t.is_space or t.lower_ in ("'s", "’s")))


def whole_quote(ctx: Context, d: Draft) -> bool:
    """True when the content is exactly one quoted stretch, with or without its marks."""
    return any(q[1] > q[0] and d.content in (q, with_marks(ctx.doc, q)) for q in ctx.quoted)


@attribution_pass("short_statements.v1")
def short_statements(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A content of one word ("Friday", "corrosion", "that") is a date, a topic or a pronoun the tagger or the
    parse took for what was said, not a statement; a whole quoted word stays (“Nonsense,” she said)."""
    return [d for d in drafts if _words(ctx, d.content) >= MIN_WORDS or whole_quote(ctx, d)]

"""Drafts that are no statement: narration the tagger over-read, navigation lines, empty contents, single
words."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.lexicon import SCENE_MARKS
from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import root_of, with_marks


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


@attribution_pass("adverbial_clauses.v1")
def adverbial_clauses(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """An unquoted clause before the cue that sets the scene for its verb ("As Obama appears set to veto the
    bill, Clinton disagrees with ...", "While the court deliberated, the senator said ...") says when or why,
    not what was said: its root is an adverbial clause of the cue with a subordinating word."""
    doc = ctx.doc
    kept = []
    for d in drafts:
        content = doc[root_of(doc, d.content)]
        cue = doc[root_of(doc, d.cue)] if d.cue is not None else None
        framing = (
            cue is not None
            and d.cue is not None
            and d.content[1] <= d.cue[0]  # before it: "reacted as if they were victims" tells how
            and content.dep_ == "advcl"
            and content.head.i == cue.i
            and any(c.dep_ == "mark" and c.lower_ in SCENE_MARKS for c in content.children)
            and not any(ctx.states[i] for i in range(*d.content))
        )
        if not framing:
            kept.append(d)
    return kept


@attribution_pass("word_cues.v1")
def word_cues(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A cue of prepositions and adverbs only ("Gold Star Mom Corners Obama On His Refusal ...", "Reportedly")
    is a headline the tagger misread, not a way of saying: its draft goes. A colon is a cue ("Trump: ...")."""
    doc = ctx.doc
    return [
        d
        for d in drafts
        if d.cue is None or not all(t.pos_ in ("ADP", "ADV") for t in doc[d.cue[0] : d.cue[1]] if not t.is_space)
    ]

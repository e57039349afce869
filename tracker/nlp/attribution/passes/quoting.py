"""Quoted speech: contents that end at quote marks, quoted stretches the tagger missed, split quotes joined."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from tracker.lexicon import CREDIT_DASHES
from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import TokRange, quote_speaker, with_marks


@attribution_pass("quote_extent.v1")
def quote_extent(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A content that starts or ends inside a quoted stretch takes the whole stretch, marks included."""
    doc = ctx.doc
    out = []
    for d in drafts:
        s, e = d.content
        for qs, qe in ctx.quoted:
            if qe <= qs or qe <= s or qs >= e:
                continue
            ms, me = with_marks(doc, (qs, qe))
            if qs < s < qe or s == qs:
                s = min(s, ms)
            if qs < e < qe or e == qe:
                e = max(e, me)
        out.append(d if (s, e) == d.content else replace(d, content=(s, e)))
    return out


def _split_quote_host(doc: Doc, drafts: Sequence[Draft], content: TokRange) -> int | None:
    """The index of the direct quote this stretch continues: ``“A,” said Caddell. “B.”`` (same paragraph,
    short gap holding the first piece's attribution)."""
    for k, d in enumerate(drafts):
        if d.cue is None and d.source is None:
            continue
        if 0 <= content[0] - d.content[1] <= 8:
            gap = doc[d.content[1] : content[0]]
        elif 0 <= d.content[0] - content[1] <= 8:
            gap = doc[content[1] : d.content[0]]
        else:
            continue
        if (
            "\n" in gap.text
            or not (doc[d.content[0]].is_quote or doc[d.content[1] - 1].is_quote)
            or any(t.text[-1:] in CREDIT_DASHES for t in gap)
        ):
            continue
        if (
            d.source is not None
            and (gap.start <= d.source[0] < gap.end)
            or d.cue is not None
            and gap.start <= d.cue[0] < gap.end
        ):
            return k
    return None


@attribution_pass("missed_quotes.v1")
def missed_quotes(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A quoted stretch of at least ``min_direct_words`` words that no draft covers is a direct quote: a piece
    of the quote it continues, or a statement of its own with the speaker found by rule."""
    doc = ctx.doc
    out = list(drafts)
    covered = [d.content for d in out]
    for qs, qe in ctx.quoted:
        if qe <= qs or ctx.skip[qs]:
            continue
        if sum(ctx.alpha[qs:qe]) < ctx.min_direct_words:
            continue
        if any(c[0] < qe and qs < c[1] for c in covered):
            continue
        content = with_marks(doc, (qs, qe))
        host = _split_quote_host(doc, out, content)
        if host is not None:
            h = out[host]
            out[host] = replace(
                h,
                content=(min(h.content[0], content[0]), max(h.content[1], content[1])),
                pieces=tuple(sorted([*h.parts, content])),
            )
            covered = [d.content for d in out]
            continue
        cue, source = quote_speaker(doc, content, ctx.states)
        out.append(Draft(content, cue, source, origin="quote", pieces=(content,)))
    return out


def _is_quote_edge(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].is_quote


def _same_speaker(a: Draft, d: Draft, gap: Span) -> bool:
    """Whether two quoted pieces around ``gap`` are one speaker's: the gap holds their attribution and names
    no other speaker (a gap of whitespace only is a paragraph continuation)."""
    in_gap = [x for x in (a.source, a.cue, d.source, d.cue) if x is not None and gap.start <= x[0] < gap.end]
    if d.cue is not None and d.cue != a.cue and not gap.start <= d.cue[0] < gap.end:
        return False  # "… Trump told the rally. “U-S-A!” chanted his supporters.": the later quote has its own cue
    if not gap.text.strip():  # paragraph continuation: the later piece must not name another speaker
        return (
            d.source is None
            or d.source == a.source
            or (
                a.source is not None
                and d.source is not None
                and gap.doc[d.source[0] : d.source[1]].text.lower() == gap.doc[a.source[0] : a.source[1]].text.lower()
            )
        )
    if not in_gap:
        return False
    if a.source is not None and d.source is not None and a.source != d.source:
        return gap.doc[a.source[0] : a.source[1]].text.lower() == gap.doc[d.source[0] : d.source[1]].text.lower()
    return True


@attribution_pass("merge_quotes.v1")
def merge_quotes(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Join the pieces of one direct quote: ``“A,” said X. “B.”`` and a quote that runs on into the next
    paragraph (left open at the paragraph end, reopened by the next one). Drop exact duplicates, keeping the
    one with a source."""
    doc, unclosed = ctx.doc, ctx.unclosed
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.content):
        if out:
            a = out[-1]
            if a.content == d.content:
                if a.source is None and d.source is not None:
                    out[-1] = d
                continue
            gap = doc[a.content[1] : d.content[0]] if d.content[0] >= a.content[1] else None
            a_quote = _is_quote_edge(doc, a.content[1] - 1) or a.content[1] in unclosed
            d_quote = _is_quote_edge(doc, d.content[0])
            if (
                gap is not None
                and a_quote
                and d_quote
                and _same_speaker(a, d, gap)
                and not any(t.text[-1:] in CREDIT_DASHES for t in gap)
            ):
                if (
                    len(gap) <= (40 if d.source is None else 10)
                    and "\n" not in gap.text
                    or (a.content[1] in unclosed and not gap.text.strip())
                ):
                    merged = replace(
                        a, content=(a.content[0], d.content[1]), pieces=tuple(sorted([*a.parts, *d.parts]))
                    )
                    if a.source is None:
                        merged = replace(merged, source=d.source, cue=d.cue)
                    out[-1] = merged
                    continue
        out.append(d)
    return out

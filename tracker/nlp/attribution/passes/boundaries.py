"""Where a statement starts and ends: trailing modifiers, a reporting participle's own clause, a naming verb's
quoted predicate, dangling edges, and a quote that runs on into the next sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tracker.lexicon import CLAUSE_LINKS, NAMING_VERBS, REPORTING_VERBS, TAIL_STARTERS
from tracker.nlp.attribution.drafts import Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import TokRange, according_source, dep_content, dist, quoteish, subject_of


@attribution_pass("trim_tails.v1")
def trim_tails(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Cut an indirect content at a trailing non-restrictive modifier outside quote marks
    (", contradicting …", ", despite …"); relative clauses and dashes are kept (PolNeAR often keeps them)."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        s, e = d.content
        if e - s < 8 or any(states[i] for i in range(s, e)):
            out.append(d)
            continue
        cut = None
        for i in range(s + 3, e - 2):
            if doc[i].text == "," and doc[i + 1].lower_ in TAIL_STARTERS:
                if d.cue is None or not (i < d.cue[0] < e):  # a cue inside the tail: the tail is the statement
                    cut = i
                break
        if cut is None:
            out.append(d)
        else:
            out.append(replace(d, content=(s, cut), pieces=tuple((a, min(b, cut)) for a, b in d.pieces if a < cut)))
    return out


@attribution_pass("participles.v1")
def participles(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """``…, telling them they should not assume …``: a reporting participle after a comma inside a reported
    clause starts an attribution of its own (the main clause's subject speaks)."""
    doc, states = ctx.doc, ctx.states
    out, added = [], []
    for d in drafts:
        s, e = d.content
        for i in range(s + 2, e - 2):
            tok = doc[i]
            if doc[i - 1].text != "," or tok.tag_ != "VBG" or states[i] or tok.lemma_.lower() not in REPORTING_VERBS:
                continue
            if not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > i for c in tok.children):
                continue
            clause = dep_content(doc, (i, i + 1))
            if clause is None or clause[0] <= i or clause[1] > e + 2:
                continue
            head = (s, i - 1)
            pieces = tuple((a, min(b, i - 1)) for a, b in d.parts if a < i - 1) or (head,)
            d = replace(d, content=head, pieces=pieces)
            added.append(Draft(clause, (i, i + 1), subject_of(doc, tok), pieces=(clause,), origin="participle"))
            break
        out.append(d)
    return out + added


@attribution_pass("transcripts.v1")
def transcripts(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """``PENCE: Well, look, …`` at the start of a paragraph or quote: the label is the source, the colon the
    cue, and the content starts after it."""
    doc = ctx.doc
    out = []
    for d in drafts:
        k = d.content[0]
        while k < d.content[1] and quoteish(doc[k]):
            k += 1
        m = k
        while m < d.content[1] and m - k < 3 and (doc[m].is_upper or doc[m].is_title) and doc[m].is_alpha:
            m += 1
        if (
            k < m < d.content[1] - 1
            and doc[m].text == ":"
            and (k == 0 or "\n" in doc[k - 1].text or quoteish(doc[k - 1]))
        ):
            content = (m + 1, d.content[1])
            pieces = tuple((max(a, m + 1), b) for a, b in (d.pieces or (content,)) if b > m + 1) or (content,)
            d = replace(d, source=(k, m), cue=(m, m + 1), content=content, pieces=pieces)
        out.append(d)
    return out


@attribution_pass("according_to.v1")
def according_to(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """``According to X, Y agreed to …``: X is the source and "according to" the cue of the whole clause,
    whatever the tagger split off inside it; the content is the clause the phrase modifies."""
    doc = ctx.doc
    out = []
    for d in drafts:
        start = ctx.sents[ctx.sent_of[d.content[0]]][0]
        if (
            start + 3 < d.content[0]
            and doc[start].lower_ == "according"
            and doc[start + 1].lower_ == "to"
            and not quoteish(doc[d.content[0]])
        ):
            d = replace(d, cue=(start, start + 2))
            source = according_source(doc, doc[start])
            if source is not None:
                d = replace(d, source=source)
        if (
            d.source is not None
            and d.source[0] >= 2
            and doc[d.source[0] - 1].lower_ == "to"
            and doc[d.source[0] - 2].lower_ == "according"
        ):
            d = replace(d, cue=(d.source[0] - 2, d.source[0]))  # "according to X" is the cue whatever else was tagged
        if (cue := d.cue) is not None and doc[cue[0]].lower_ == "according":
            c = dep_content(doc, cue)
            if c is not None and c[1] - c[0] >= 2:
                d = replace(d, content=c, pieces=(c,))
            source = according_source(doc, doc[cue[0]])
            if source is not None and (d.source is None or not cue[1] <= d.source[0] <= source[1]):
                d = replace(d, source=source)  # what the tagger marked elsewhere ("Americans would see …") is not it
        out.append(d)
    return out


@attribution_pass("naming_predicates.v1")
def naming_predicates(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """``calling Japan “the cornerstone of …”``: after a naming verb, a quoted predicate is the statement on
    its own (a direct quote), without the object it names."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        s, e = d.content
        if d.cue is not None and doc[d.cue[0]].lemma_.lower() in NAMING_VERBS:
            k = s
            while k < e and states[k] == 0 and not doc[k].is_quote and k - s < 4:
                k += 1
            if s < k < e and doc[k].is_quote and all(states[i] for i in range(k, e)):
                d = d.reshaped(k, e)
        out.append(d)
    return out


@attribution_pass("edges.v1")
def edges(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """No dangling conjunction, whitespace or punctuation at a content's edges (quote marks, closing
    sentence marks and brackets stay)."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        s, e = d.content
        while e - s > 1 and (
            doc[e - 1].dep_ == "cc"
            or doc[e - 1].is_space
            or doc[e - 1].is_punct
            and not doc[e - 1].is_quote
            and doc[e - 1].text not in ".!?)"
        ):
            e -= 1
        while e - s > 1 and (
            doc[s].dep_ == "cc"
            and states[s] == 0
            or doc[s].is_space
            or doc[s].is_punct
            and not doc[s].is_quote
            and doc[s].text not in "(["
        ):
            s += 1
        out.append(d if (s, e) == d.content else d.reshaped(s, e))
    return out


@attribution_pass("duplicates.v1")
def duplicates(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """One draft per content: the first of several that reshaping made identical."""
    seen: set[TokRange] = set()
    out = []
    for d in drafts:
        if d.content not in seen:
            seen.add(d.content)
            out.append(d)
    return out


@attribution_pass("clip_sentences.v1")
def clip_sentences(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A content that runs past a closing quote mark into a new sentence stops at that sentence end
    (``… their “greatest strategic challenge.” These changes …``). The piece kept is the one next to the cue
    (or the longest). Cutting every sentence boundary of reported speech scored worse on dev."""
    states, sent_of = ctx.states, ctx.sent_of
    out = []
    for d in drafts:
        s, e = d.content
        if e - s < 2 or len(d.pieces) > 1:
            out.append(d)
            continue
        cuts = [s] + [
            i for i in range(s + 1, e) if sent_of[i] != sent_of[i - 1] and states[i] == 0 and states[i - 1] == 2
        ]
        if len(cuts) == 1:
            out.append(d)
            continue
        cuts.append(e)
        segments = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
        if d.cue is not None:
            cue = d.cue
            best = min(segments, key=lambda g: dist(g, cue))
        else:
            best = max(segments, key=lambda g: g[1] - g[0])
        out.append(replace(d, content=best, pieces=(best,)))
    return out


@attribution_pass("noun_cues.v1")
def noun_cues(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A noun cue's content stays inside the noun's phrase: in “Hegseth’s praise for Japan contrasts with the
    criticism …” the praise is for Japan, and what the phrase is the subject of is the journalist's narration."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        if d.cue is not None and not any(states[i] for i in range(*d.content)):
            noun = doc[d.cue[0] : d.cue[1]].root
            lo, hi = noun.left_edge.i, noun.right_edge.i + 1
            if (
                noun.pos_ == "NOUN"
                and lo <= d.content[0] < hi < d.content[1]
                and noun.head.i != noun.i
                and hi <= noun.head.i < d.content[1]
            ):
                d = d.reshaped(d.content[0], hi)
        out.append(d)
    return out


@attribution_pass("paragraphs.v1")
def paragraphs(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """Reported speech stays in its paragraph: a content without quote marks that runs over a paragraph break
    (a headline into the story) keeps the paragraph of its cue. A paragraph that ends with a colon introduces
    the next one (“… made the following comment:”), so that break is kept."""
    doc, states, para_of = ctx.doc, ctx.states, ctx.para_of
    out = []
    for d in drafts:
        s, e = d.content
        if para_of[s] == para_of[e - 1] or len(d.parts) > 1 or any(states[i] for i in range(s, e)):
            out.append(d)
            continue
        cuts = [s]
        for i in range(s + 1, e):
            if para_of[i] != para_of[i - 1]:
                k = i - 1
                while k > s and doc[k].is_space:
                    k -= 1
                if doc[k].text != ":":
                    cuts.append(i)
        if len(cuts) == 1:
            out.append(d)
            continue
        cuts.append(e)
        segments = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
        anchor = d.cue or (s, s + 1)
        best = min(segments, key=lambda g: (dist(g, anchor), g[0]))
        lo, hi = best
        while hi > lo and doc[hi - 1].is_space:
            hi -= 1
        out.append(d.reshaped(lo, hi))
    return out


@attribution_pass("clause_extent.v1")
def clause_extent(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """An indirect content that stops at a comma inside its own clause runs on to the clause's end: in "Haddad
    said the city should have acted two years ago, when engineers first warned about corrosion" the when-clause
    is part of what he said (the tagger may end the content at the comma and read the rest as a statement of its
    own, which then has no content left)."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        s, e = d.content
        if (
            d.cue is None
            or not d.cue[1] <= s
            or len(d.parts) > 1
            or any(states[i] for i in range(s, e))
            or e >= len(doc)
            or doc[e].text != ","
        ):
            out.append(d)
            continue
        root = doc[s:e].root
        end = root.right_edge.i + 1
        while end > e and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        after = doc[e + 1] if e + 1 < len(doc) else None
        if (
            end > e + 1
            and after is not None
            and after.lower_ in CLAUSE_LINKS
            and after.head.i != after.i
            and ctx.sent_of[end - 1] == ctx.sent_of[s]
        ):
            d = d.reshaped(s, end)
        out.append(d)
    return out


@attribution_pass("object_extent.v1")
def object_extent(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A content the tagger cut to the one noun its cue takes as object runs on over what the noun's own clause
    says of it: in "It also mentions policies she supported that Trump argues allowed ..." what is mentioned is
    the policies she supported, not "policies" (which, a word alone, would be no statement at all). A longer
    object the tagger ended there is left as it is: on PolNeAR train, extending those too cost more than it
    gained."""
    doc, states = ctx.doc, ctx.states
    out = []
    for d in drafts:
        s, e = d.content
        root = doc[s:e].root
        if (
            d.cue is None
            or d.cue[1] > s
            or len(d.parts) > 1
            or any(states[i] for i in range(s, e))
            or root.dep_ != "dobj"
            or not d.cue[0] <= root.head.i < d.cue[1]
            or e - s != 1
        ):
            out.append(d)
            continue
        end = root.right_edge.i + 1
        while end > e and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        clause = any(c.dep_ in ("relcl", "acl") and c.i >= e for c in root.children)
        if clause and end > e and ctx.sent_of[end - 1] == ctx.sent_of[s] and not any(states[i] for i in range(e, end)):
            d = d.reshaped(s, end)
        out.append(d)
    return out

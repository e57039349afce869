"""From the tagger's chunks to draft statements: each content around its cue and source, plus the statements
the tagger's chunks imply but did not tag (an outer trailing attribution, a cue's clause, a lexicon verb)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.attrs import LEMMA, POS
from spacy.parts_of_speech import VERB
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from tracker.lexicon import (
    CREDIT_DASHES,
    DASHES,
    HEARER_VERBS,
    NAMING_VERBS,
    QUOTE_VERBS,
    RELATIVE_PRONOUNS,
    REPORTING_VERBS,
)
from tracker.nlp.attribution.drafts import Chunk, Context, Draft, attribution_pass
from tracker.nlp.attribution.syntax import (
    SOURCE_DEPS,
    TokRange,
    dash_credit,
    dep_content,
    dist,
    quoteish,
    root_of,
    subject_of,
    transcript_label,
)

_hash = StringStore().add  # the 64-bit hash spaCy stores for a string

#: Chunks of content around the same cue merge when at most this many tokens lie between them.
MERGE_GAP = 14
#: … and between two quoted pieces (“A,” said X, a long description. “B.”).
QUOTE_MERGE_GAP = 30


def _parts(chunks: Sequence[Chunk], part: str) -> list[TokRange]:
    return [(s, e) for p, s, e in chunks if p == part]


@attribution_pass("dash_credit_chunks.v1", over="chunks")
def dash_credit_chunks(ctx: Context, chunks: Sequence[Chunk]) -> list[Chunk]:
    """Cut a content chunk that runs over ``” ― Name “`` (one reader's quote credited, the next begins): the
    dash becomes a cue chunk and the name a source chunk."""
    doc, text = ctx.doc, ctx.text
    out: list[Chunk] = []
    for part, s, e in chunks:
        if part != "CON" or not any(dash in text[doc[s].idx : doc[e - 1].idx] for dash in CREDIT_DASHES):
            out.append((part, s, e))
            continue
        start = s
        for i in range(s + 1, e - 2):
            if doc[i].text[-1:] in CREDIT_DASHES and (quoteish(doc[i - 1]) or quoteish(doc[i])):
                credit = dash_credit(doc, i)
                if credit is not None and credit[1][1] < e:
                    out.append(("CON", start, i if not quoteish(doc[i]) else i + 1))
                    out.append(("CUE", credit[0][0], credit[0][1]))
                    out.append(("SRC", credit[1][0], credit[1][1]))
                    start = credit[1][1]
        if start < e:
            out.append(("CON", start, e))
    return out


class _CueFinder:
    """Which tagged cue a content chunk belongs to: the cue its words hang on in the parse, else the nearest
    cue of its sentences, else an attribution at the edge of the next or previous sentence."""

    def __init__(self, ctx: Context, chunks: Sequence[Chunk]) -> None:
        self.ctx = ctx
        self.cues = _parts(chunks, "CUE")
        self.src_at = {i for a, b in _parts(chunks, "SRC") for i in range(a, b)}
        self.con_at = {i for a, b in _parts(chunks, "CON") for i in range(a, b)}
        self.cue_at: dict[int, int] = {}
        for k, (s, e) in enumerate(self.cues):
            for i in range(s, e):
                self.cue_at[i] = k

    def __call__(self, c: TokRange) -> int | None:
        ctx, cues = self.ctx, self.cues
        doc, heads, not_word, para_of, sent_of, sents = (
            ctx.doc,
            ctx.heads,
            ctx.not_word,
            ctx.para_of,
            ctx.sent_of,
            ctx.sents,
        )
        s, e = c
        paras = {para_of[s], para_of[e - 1]}
        for r in range(s, e):
            h = heads[r]
            if s <= h < e or not_word[r]:  # quote marks and spaces hang anywhere in the parse
                continue
            j, steps = h, 0
            while steps < 6:
                if j in self.cue_at:
                    if para_of[j] in paras:  # never across a paragraph break
                        return self.cue_at[j]
                    break
                if heads[j] == j:
                    break
                j = heads[j]
                steps += 1
        first, last = sent_of[s], sent_of[e - 1]
        # (a dash credit only closes what precedes it)
        near = [
            (k, dist(c, cu))
            for k, cu in enumerate(cues)
            if first <= sent_of[cu[0]] <= last
            and not (cu[1] <= s and doc[cu[0]].text[-1:] in DASHES)
            and para_of[cu[0]] in paras
        ]
        if near:
            return min(near, key=lambda x: (x[1], -cues[x[0]][0]))[0]
        # "X said:" at the end of the previous sentence / "― Name" or "he said." in a short next one
        for k, cu in enumerate(cues):
            # (not when the cue has content of its own in between: "… voted to accept the offer. “…”")
            if (
                sent_of[cu[0]] == first - 1
                and c[0] - cu[1] <= 3
                and not any(i in self.con_at for i in range(cu[1], c[0]))
            ):
                return k
            if sent_of[cu[0]] == last + 1 and cu[0] - c[1] <= 4 and sents[last + 1][1] - sents[last + 1][0] <= 10:
                return k
        # “A,” said X. “B.” — a quote right after a sentence that ends with its attribution
        if quoteish(doc[s]):
            for k, cu in enumerate(cues):
                if sent_of[cu[0]] == first - 1 and 0 < c[0] - cu[1] <= 25:
                    gap = range(cu[1], c[0])
                    if all(i in self.src_at or doc[i].is_punct for i in gap) and "\n" not in doc[cu[1] : c[0]].text:
                        return k
        return None


@attribution_pass("cue_groups.v1", chunks=True)
def cue_groups(ctx: Context, chunks: Sequence[Chunk], drafts: Sequence[Draft]) -> list[Draft]:
    """One draft per run of content chunks around the same cue (the pieces of ``“A,” she said, “B.”`` are one
    statement); a content chunk no cue claims becomes a draft of its own."""
    doc = ctx.doc
    find_cue = _CueFinder(ctx, chunks)
    grouped: dict[int, list[TokRange]] = {}
    loose: list[TokRange] = []
    for c in _parts(chunks, "CON"):
        found = find_cue(c)
        if found is None:
            loose.append(c)
        else:
            grouped.setdefault(found, []).append(c)
    out = list(drafts)
    for k, pieces in grouped.items():
        cue = find_cue.cues[k]
        pieces.sort()
        run = [pieces[0]]
        for piece in pieces[1:]:
            quoted = quoteish(doc[piece[0]]) and quoteish(doc[run[-1][1] - 1])
            if piece[0] - run[-1][1] <= (QUOTE_MERGE_GAP if quoted else MERGE_GAP):
                run.append(piece)
            else:
                out.append(Draft((run[0][0], run[-1][1]), cue, pieces=tuple(run)))
                run = [piece]
        out.append(Draft((run[0][0], run[-1][1]), cue, pieces=tuple(run)))
    out.extend(Draft(c, pieces=(c,)) for c in loose)
    return out


@attribution_pass("outer_attribution.v1", chunks=True)
def outer_attribution(ctx: Context, chunks: Sequence[Chunk], drafts: Sequence[Draft]) -> list[Draft]:
    """``A said B did C, the source added.``: a trailing inverted attribution reports the whole clause
    before its comma, including any attribution inside it (PolNeAR keeps the outer one)."""
    doc = ctx.doc
    cues, sources = _parts(chunks, "CUE"), _parts(chunks, "SRC")
    out = list(drafts)
    for lo, hi in ctx.sents:
        end = hi
        while end > lo and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        tail_src = next((x for x in sources if lo <= x[0] and x[1] == end), None)
        # The cue may be followed by its own circumstances: "…, a spokesman announced Monday morning."
        tail_cue = next(
            (
                c
                for c in cues
                if lo <= c[0]
                and (
                    c[1] == end
                    or tail_src is None
                    and c[1] < end <= c[1] + 4
                    and all(_circumstance(doc, doc[k], doc[c[0] : c[1]].root) for k in range(c[1], end))
                )
            ),
            None,
        )
        if tail_cue is not None:
            src = next((x for x in sources if x[1] == tail_cue[0]), None)
            start = src[0] if src else tail_cue[0]
        elif tail_src is not None:
            cue = next((c for c in cues if c[1] == tail_src[0]), None)
            if cue is None:
                continue
            tail_cue, src, start = cue, tail_src, cue[0]
        else:
            continue
        if start - 1 <= lo or doc[start - 1].text != "," or src is None:
            continue
        inner = [d for d in out if lo <= d.content[0] < start - 1]
        if not any(d.cue is not None and d.cue != tail_cue and lo <= d.cue[0] < start for d in inner):
            continue
        first = lo
        while first < start - 1 and (doc[first].is_punct or doc[first].is_space):
            first += 1  # an opening mark or dash is no part of the clause
        content = (first, start - 1)
        out = [d for d in out if d not in inner]
        out.append(Draft(content, tail_cue, src, pieces=(content,)))
    return out


@attribution_pass("orphan_cues.v1", chunks=True)
def orphan_cues(ctx: Context, chunks: Sequence[Chunk], drafts: Sequence[Draft]) -> list[Draft]:
    """A tagged cue that no content chunk belongs to gets the clause it governs in the parse."""
    find_cue = _CueFinder(ctx, chunks)
    contents = _parts(chunks, "CON")
    claimed = {find_cue(c) for c in contents}
    out = list(drafts)
    for k, cu in enumerate(find_cue.cues):
        if k in claimed:
            continue
        clause = dep_content(ctx.doc, cu)
        if (
            clause is not None
            and not any(ctx.skip[i] for i in range(*clause))
            and not any(clause[0] < x[1] and x[0] < clause[1] for x in contents)
        ):
            out.append(Draft(clause, cu, pieces=(clause,), origin="parse"))
    return out


_REPORTING_HASHES = frozenset(_hash(v) for v in REPORTING_VERBS | NAMING_VERBS)


@attribution_pass("lexicon_cues.v1", chunks=True)
def lexicon_cues(ctx: Context, chunks: Sequence[Chunk], drafts: Sequence[Draft]) -> list[Draft]:
    """Reporting verbs of the curated lexicon that govern a clause (``said [that …]``, ``telling them [they
    …]``, ``[…], The Post has learned``) or name something (``called [Japan a partner]``), outside everything the
    tagger found: a safety net for the verbs the tagger left untagged."""
    doc = ctx.doc
    taken = [d.content for d in drafts] + _parts(chunks, "CUE") + _parts(chunks, "SRC")
    out = list(drafts)
    arr = doc.to_array([POS, LEMMA]).tolist()
    for i, (pos, lemma) in enumerate(arr):
        if pos != VERB or lemma not in _REPORTING_HASHES or ctx.skip[i]:
            continue
        tok = doc[i]
        if any(a <= tok.i < b for a, b in taken):
            continue
        deps = {c.dep_ for c in tok.children if c.i > tok.i}
        as_pp = any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children if c.i > tok.i)
        naming = (
            tok.lemma_.lower() in NAMING_VERBS and "dobj" in deps and (bool(deps & {"oprd", "xcomp", "attr"}) or as_pp)
        )
        # "The company will close its plant, The Post has learned.": the reported clause comes first
        trailing = (
            tok.dep_ == "ROOT"
            and any(c.dep_ == "nsubj" for c in tok.lefts)
            and any(
                c.dep_ == "ccomp" and doc[c.right_edge.i + 1].text == ","
                for c in tok.lefts
                if c.right_edge.i + 1 < tok.i
            )
        )
        if "ccomp" not in deps and not naming and not trailing:
            continue
        cue = (tok.i, tok.i + 1)
        clause = dep_content(doc, cue)
        if clause is None or clause[1] - clause[0] < 2:
            continue
        overlapped = [d for d in out if clause[0] < d.content[1] and d.content[0] < clause[1]]
        if any(clause[0] < b and a < clause[1] for a, b in taken[len(drafts) :]) or any(
            d.cue is not None or any(ctx.states[k] for k in range(*d.content)) for d in overlapped
        ):
            continue
        # An unquoted content the tagger found without any cue is this verb's ("…, The Post has learned.")
        out = [d for d in out if d not in overlapped]
        out.append(Draft(clause, cue, pieces=(clause,), origin="lexicon"))
        taken.append(clause)
    return out


def _past_label(doc: Doc, source: TokRange, cue: TokRange) -> TokRange:
    """A source before a colon when the cue has a subject of its own after it ("The Latest: Trump urges ..."):
    the colon ends a label, and the subject after it speaks."""
    nearest = subject_of(doc, doc[cue[0]])
    if nearest is None or nearest[0] < source[1] or nearest[1] > cue[0]:
        return source
    return nearest if any(doc[k].text == ":" for k in range(source[1], nearest[0])) else source


def _pick_source(ctx: Context, d: Draft, sources: Sequence[TokRange]) -> TokRange | None:
    """The tagged source chunk that belongs to a draft: one that hangs on its cue in the parse, else the
    cue's own subject, else the nearest one in the cue's (or, without a cue, the content's) sentence."""
    doc, sent_of, heads, para_of = ctx.doc, ctx.sent_of, ctx.heads, ctx.para_of
    anchor = d.cue if d.cue is not None else d.content
    lo, hi = sent_of[anchor[0]] - 1, sent_of[anchor[1] - 1] + 1
    paras = {para_of[anchor[0]], para_of[anchor[1] - 1]}
    near = [s for s in sources if lo <= sent_of[s[0]] <= hi and not d.inside(s) and para_of[s[0]] in paras]
    if d.cue is not None:
        c0, c1 = d.cue
        if c1 <= d.content[0] or c0 >= d.content[1]:  # cue outside: no source inside the content's range
            near = [s for s in near if not (d.content[0] <= s[0] < d.content[1])]
        for s in near:
            for i in range(*s):
                j = i
                for _ in range(3):  # the source hangs on the cue as its subject (nsubj of "said")
                    if heads[j] == j:
                        break
                    child, j = j, heads[j]
                    if c0 <= j < c1:
                        if doc[child].dep_ in SOURCE_DEPS:
                            return _past_label(doc, s, (c0, c1))
                        break
                h = heads[i]  # "according to X": the source hangs under the cue
                if c0 <= h < c1 or c0 <= heads[h] < c1:
                    return s
        same = [s for s in near if sent_of[s[0]] == sent_of[c0]]
        nearest = min(same, key=lambda s: dist(s, (c0, c1))) if same else None
        for i in range(c0, c1):
            h = heads[i]
            if h < c0 or h >= c1 or h == i:
                subj = subject_of(doc, doc[i])
                if subj is not None and not d.inside(subj):
                    own = c0 <= heads[root_of(doc, subj)] < c1
                    if own or nearest is None or dist(subj, (c0, c1)) < dist(nearest, (c0, c1)):
                        return subj  # an inherited subject ("X did A and cited B") loses to a nearer tagged one
        return nearest
    same = [s for s in near if sent_of[s[0]] in (sent_of[d.content[0]], sent_of[d.content[1] - 1])]
    if same:
        return min(same, key=lambda s: dist(s, d.content))
    return None


@attribution_pass("tagged_sources.v1", chunks=True)
def tagged_sources(ctx: Context, chunks: Sequence[Chunk], drafts: Sequence[Draft]) -> list[Draft]:
    """Each draft's cue and source: a dash credit (``“…” ― Name``) or transcript label (``PENCE: “…``) next
    to a quote wins; otherwise the tagged source chunk that belongs to its cue (see :func:`_pick_source`)."""
    doc = ctx.doc
    sources = _parts(chunks, "SRC")
    out = []
    for d in drafts:
        override = None
        last = doc[d.content[1] - 1]
        nxt = d.content[1]
        while nxt < len(doc) and nxt - d.content[1] < 2 and doc[nxt].text in (".", ",", "!", "?"):
            nxt += 1
        if quoteish(last) or (nxt < len(doc) and quoteish(doc[nxt])):
            override = dash_credit(doc, d.content[1] - 1 if last.text[-1] in DASHES else nxt)
        if override is None and (
            doc[d.content[0]].is_quote
            or d.content[0] > 0
            and doc[d.content[0] - 1].is_quote
            or d.content[0] > 0
            and doc[d.content[0] - 1].text == ":"
        ):
            override = transcript_label(doc, d.content[0])
        if override is not None:
            out.append(replace(d, cue=override[0], source=override[1]))
        else:
            out.append(replace(d, source=_pick_source(ctx, d, sources)))
    return out


#: Punctuation that opens a parenthetical credit, and what closes it.
_CREDIT_CLOSERS = {",": ",", "(": ")", "--": "--"} | {dash: dash for dash in DASHES}


def _circumstance(doc: Doc, t: Token, verb: Token) -> bool:
    """True for a word of the verb's own circumstances (time, place, manner, the hearer of "told")."""
    k, steps = t, 0
    while k.i != verb.i and steps < 4:
        if (
            k.head.i == verb.i
            and k.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd", "acomp", "conj")
            and not (k.dep_ in ("dobj", "dative") and verb.lemma_.lower() in HEARER_VERBS)
        ):
            return False
        if k.head.i == k.i:
            return False
        k, steps = k.head, steps + 1
    return k.i == verb.i


def parenthetical_credit(ctx: Context, verb: int) -> tuple[TokRange, TokRange, TokRange, TokRange] | None:
    """``The committee, officials said, will …`` / ``The council — the mayor told reporters — will …`` /
    ``… in March (the White House said on Monday) and …``: a reporting verb and its subject set off by a pair of
    commas, dashes or brackets inside the sentence they report, whatever the parse attached them to.

    Returns ``(credit, cue, source, sentence)``: the credit with its punctuation, the verb, its subject and the
    sentence it reports, or None.
    """
    doc = ctx.doc
    tok = doc[verb]
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in REPORTING_VERBS:
        return None
    subjects = [c for c in tok.children if c.dep_ == "nsubj" and c.i < verb and c.lower_ not in RELATIVE_PRONOUNS]
    if not subjects:
        return None
    lo, hi = ctx.sents[ctx.sent_of[verb]]
    subject = subjects[-1]  # "The council — the mayor told": the subject nearest the verb
    left = subject.left_edge.i - 1
    if (
        left <= lo
        or doc[left].text not in _CREDIT_CLOSERS
        or ctx.states[left]
        or doc[left - 1].lower_ in RELATIVE_PRONOUNS
    ):  # "…, which, Tompkins said, is …": the relative clause's
        return None
    closer = _CREDIT_CLOSERS[doc[left].text]
    right = verb + 1
    # Between the verb and the closing mark only the verb's own circumstances: "said on Monday", "told
    # reporters"; an object or clause of its own ("called Democratic bigwigs to the stage,") means the
    # sentence is its statement, not a credit set in one.
    while right < hi and doc[right].text != closer:
        t = doc[right]
        if t.is_punct or t.pos_ in ("VERB", "AUX") or right - verb > 6 or not _circumstance(doc, t, tok):
            return None
        right += 1
    if right >= hi:
        return None  # "…, a source said." ends the sentence: a trailing attribution, not a parenthetical
    after = right + 1
    while after < hi and doc[after].is_space:
        after += 1
    if after < hi and (ctx.states[after] or quoteish(doc[after])):
        return None  # "As a phone rang, the announcer said, “It’s 3 a.m. …”": the verb's own quote follows
    end = hi
    while end > right + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end <= right + 1:
        return None
    source = subject.left_edge.i, subject.right_edge.i + 1
    return (left, right + 1), (verb, verb + 1), source, (lo, end)


@attribution_pass("parenthetical_credits.v1")
def parenthetical_credits(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """A credit set off by commas, dashes or brackets inside the sentence it reports (``The committee,
    officials said, will release its report``) reports that whole sentence: its content is the sentence around
    the credit (the two pieces), its source the verb's subject, whatever the tagger made of it."""
    out = list(drafts)
    for i, (pos, lemma) in enumerate(ctx.doc.to_array([POS, LEMMA]).tolist()):
        if pos != VERB or lemma not in _REPORTING_HASHES or ctx.skip[i] or ctx.states[i]:
            continue
        found = parenthetical_credit(ctx, i)
        if found is None:
            continue
        credit, cue, source, (lo, hi) = found
        pieces = tuple(p for p in ((lo, credit[0]), (credit[1], hi)) if p[1] > p[0])
        draft = Draft((lo, hi), cue, source, origin="parenthetical", pieces=pieces)
        owners = [k for k, d in enumerate(out) if d.cue is not None and d.cue[0] <= i < d.cue[1]]
        if owners:
            for k in owners:
                out[k] = replace(draft, origin=out[k].origin)
        elif not any(d.content[0] < hi and lo < d.content[1] for d in out):
            out.append(draft)
    return [d for k, d in enumerate(out) if d not in out[:k]]


@attribution_pass("inverted_cues.v1")
def inverted_cues(ctx: Context, drafts: Sequence[Draft]) -> list[Draft]:
    """``Said Ellis: “…”`` / ``Added the senator, “…”``: a cue that holds its speaker after the verb of saying
    (the tagger takes the whole phrase for the cue) is the verb, and the name after it the source."""
    doc = ctx.doc
    out = []
    for d in drafts:
        if d.cue is not None and (d.source is None or d.cue[0] <= d.source[0] < d.cue[1]):
            s, e = d.cue
            while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
                e -= 1
            verb = doc[s]
            if (
                e - s >= 2
                and verb.lemma_.lower() in QUOTE_VERBS
                and verb.tag_.startswith("VB")
                and all(t.pos_ in ("PROPN", "DET", "NOUN") for t in doc[s + 1 : e])
                and doc[e - 1].pos_ in ("PROPN", "NOUN")
            ):
                d = replace(d, cue=(s, s + 1), source=(s + 1, e))
        if d.cue is not None and d.source is None and len(d.parts) > 1:
            d = _inverted_subject(ctx, d)
        out.append(d)
    return out


def _inverted_subject(ctx: Context, d: Draft) -> Draft:
    """``“U-S-A! U-S-A!” chanted his supporters.``: the words after a verb of saying that follows a quote are
    its speaker (the parse may take them for its object, the tagger for more content)."""
    doc = ctx.doc
    if d.cue is None:
        return d
    verb = doc[d.cue[0]]
    before = d.cue[0] - 1
    while before > 0 and (doc[before].is_space or doc[before].text in (",", "!", "?")):
        before -= 1
    last = d.parts[-1]
    if (
        verb.lemma_.lower() not in QUOTE_VERBS
        or not quoteish(doc[before])
        or last[0] != d.cue[1]
        or last[1] - last[0] > 6
        or any(t.pos_ in ("VERB", "AUX") or ctx.states[t.i] for t in doc[last[0] : last[1]])
    ):
        return d
    pieces = d.parts[:-1]
    return replace(d, source=last, content=(pieces[0][0], pieces[-1][1]), pieces=pieces)

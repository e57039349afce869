"""From tagged tokens to attributions: group content/source/cue chunks around cues, repair quoted spans,
add direct quotes the tagger missed, and find the source mention by rule when the tagger gave none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.attrs import HEAD, IS_ALPHA, IS_PUNCT, IS_SPACE, LEMMA, POS
from spacy.parts_of_speech import VERB
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from tracker.nlp.attribution.cues import NAMING_VERBS, QUOTE_VERBS, REPORTING_NOUNS, REPORTING_VERBS
from tracker.nlp.attribution.quotes import QuotedStretch
from tracker.nlp.attribution.tagger import bio_chunks, sentence_ids

_hash = StringStore().add  # the 64-bit hash spaCy stores for a string

TokRange = tuple[int, int]
#: Quoted stretches at least this many words long become direct quotes even when the tagger missed them.
MIN_DIRECT_WORDS = 4
#: Chunks of content around the same cue merge when at most this many tokens lie between them.
MERGE_GAP = 14
#: … and between two quoted pieces (“A,” said X, a long description. “B.”).
QUOTE_MERGE_GAP = 30


@dataclass
class Draft:
    content: TokRange
    cue: TokRange | None = None
    source: TokRange | None = None
    origin: str = "tagger"
    pieces: list[TokRange] | None = None

    def inside(self, r: TokRange) -> bool:
        """True when ``r`` lies inside one of the content pieces (not merely between two of them)."""
        return any(p[0] <= r[0] and r[1] <= p[1] for p in (self.pieces or [self.content]))


def head_indices(doc: Doc) -> list[int]:
    """Absolute head index per token (one C call instead of a Token object per lookup)."""
    import numpy

    rel = doc.to_array([HEAD]).reshape(-1).astype("int64")
    return (numpy.arange(len(doc)) + rel).tolist()


def _chunks(labels: Sequence[str], skip: Sequence[bool], doc: Doc) -> list[tuple[str, int, int]]:
    out = []
    for part, s, e in bio_chunks(labels):
        while s < e and (doc[s].is_space or skip[s]):
            s += 1
        while e > s and (doc[e - 1].is_space or skip[e - 1]):
            e -= 1
        if e > s:
            out.append((part, s, e))
    return out


def _dist(a: TokRange, b: TokRange) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def _split_dash_credits(doc: Doc, chunks: list[tuple[str, int, int]], text: str) -> list[tuple[str, int, int]]:
    """Cut a content chunk that runs over ``” ― Name “`` (one reader's quote credited, the next begins)."""
    out = []
    for part, s, e in chunks:
        if part != "CON" or not any(dash in text[doc[s].idx:doc[e - 1].idx] for dash in ("―", "—")):
            out.append((part, s, e))
            continue
        start = s
        for i in range(s + 1, e - 2):
            if doc[i].text[-1:] in ("―", "—") and (_quoteish(doc[i - 1]) or _quoteish(doc[i])):
                credit = dash_credit(doc, i)
                if credit is not None and credit[1][1] < e:
                    out.append(("CON", start, i if not _quoteish(doc[i]) else i + 1))
                    out.append(("CUE", credit[0][0], credit[0][1]))
                    out.append(("SRC", credit[1][0], credit[1][1]))
                    start = credit[1][1]
        if start < e:
            out.append(("CON", start, e))
    return out


def group(doc: Doc, labels: Sequence[str], skip: Sequence[bool], text: str | None = None) -> list[Draft]:
    """Attach each tagged content chunk to a cue and a source; merge the pieces of one quote
    (``text``: ``doc.text`` when the caller already has it)."""
    chunks = _split_dash_credits(doc, _chunks(labels, skip, doc), doc.text if text is None else text)
    cues = [(s, e) for p, s, e in chunks if p == "CUE"]
    sources = [(s, e) for p, s, e in chunks if p == "SRC"]
    contents = [(s, e) for p, s, e in chunks if p == "CON"]
    src_at = {i for a, b in sources for i in range(a, b)}
    cue_at: dict[int, int] = {}
    for k, (s, e) in enumerate(cues):
        for i in range(s, e):
            cue_at[i] = k
    heads = head_indices(doc)
    not_word = [p or sp for p, sp in doc.to_array([IS_PUNCT, IS_SPACE]).tolist()]
    sent_of, sents = sentence_ids(doc)

    para_of = []
    para = 0
    for is_space, tok_text in zip(not_word, (t.text for t in doc), strict=True):
        para_of.append(para)
        if is_space and "\n" in tok_text:
            para += 1

    def find_cue(c: TokRange) -> int | None:
        s, e = c
        paras = {para_of[s], para_of[e - 1]}
        for r in range(s, e):
            h = heads[r]
            if s <= h < e or not_word[r]:  # quote marks and spaces hang anywhere in the parse
                continue
            j, steps = h, 0
            while steps < 6:
                if j in cue_at:
                    if para_of[j] in paras:  # never across a paragraph break
                        return cue_at[j]
                    break
                if heads[j] == j:
                    break
                j = heads[j]
                steps += 1
        first, last = sent_of[s], sent_of[e - 1]
        near = [(k, _dist(c, cu)) for k, cu in enumerate(cues) if first <= sent_of[cu[0]] <= last and not (
            cu[1] <= s and doc[cu[0]].text[-1:] in DASHES) and para_of[cu[0]] in paras]
        # (a dash credit only closes what precedes it)
        if near:
            return min(near, key=lambda x: (x[1], -cues[x[0]][0]))[0]
        # "X said:" at the end of the previous sentence / "― Name" or "he said." in a short next one
        for k, cu in enumerate(cues):
            if sent_of[cu[0]] == first - 1 and c[0] - cu[1] <= 3:
                return k
            if sent_of[cu[0]] == last + 1 and cu[0] - c[1] <= 4 and sents[last + 1][1] - sents[last + 1][0] <= 10:
                return k
        # “A,” said X. “B.” — a quote right after a sentence that ends with its attribution
        if _quoteish(doc[s]):
            for k, cu in enumerate(cues):
                if sent_of[cu[0]] == first - 1 and 0 < c[0] - cu[1] <= 25:
                    gap = range(cu[1], c[0])
                    if all(i in src_at or doc[i].is_punct for i in gap) and "\n" not in doc[cu[1]:c[0]].text:
                        return k
        return None

    grouped: dict[int, list[TokRange]] = {}
    loose: list[TokRange] = []
    for c in contents:
        found = find_cue(c)
        if found is None:
            loose.append(c)
        else:
            grouped.setdefault(found, []).append(c)
    drafts: list[Draft] = []
    for k, pieces in grouped.items():
        assert k is not None
        pieces.sort()
        run = [pieces[0]]
        for piece in pieces[1:]:
            quoted = _quoteish(doc[piece[0]]) and _quoteish(doc[run[-1][1] - 1])
            if piece[0] - run[-1][1] <= (QUOTE_MERGE_GAP if quoted else MERGE_GAP):
                run.append(piece)
            else:
                drafts.append(Draft((run[0][0], run[-1][1]), cues[k], pieces=run))
                run = [piece]
        drafts.append(Draft((run[0][0], run[-1][1]), cues[k], pieces=run))
    for c in loose:
        drafts.append(Draft(c, pieces=[c]))
    if OUTER_WINS:
        drafts = _outer_trailing(doc, drafts, cues, sources, sents, sent_of)
    if ORPHAN_CUES:
        for k, cu in enumerate(cues):
            if k in grouped:
                continue
            clause = dep_content(doc, cu)
            if clause is not None and not any(skip[i] for i in range(*clause)) and not any(
                    clause[0] < x[1] and x[0] < clause[1] for x in contents):
                drafts.append(Draft(clause, cu, pieces=[clause], origin="parse"))
    if SAFETY_NET:
        drafts += _lexicon_net(doc, drafts, cues, sources, skip)
    for d in drafts:
        override = None
        last = doc[d.content[1] - 1]
        nxt = d.content[1]
        while nxt < len(doc) and nxt - d.content[1] < 2 and doc[nxt].text in (".", ",", "!", "?"):
            nxt += 1
        if _quoteish(last) or (nxt < len(doc) and _quoteish(doc[nxt])):
            override = dash_credit(doc, d.content[1] - 1 if last.text[-1] in DASHES else nxt)
        if override is None and (doc[d.content[0]].is_quote or d.content[0] > 0 and doc[d.content[0] - 1].is_quote
                                 or d.content[0] > 0 and doc[d.content[0] - 1].text == ":"):
            override = transcript_label(doc, d.content[0])
        if override is not None:
            d.cue, d.source = override
        else:
            d.source = _pick_source(doc, d, sources, sent_of, heads, para_of)
    return drafts


#: Add the parse's clause for a tagged cue that got no tagged content.
ORPHAN_CUES = True
_CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "dative")


def dep_content(doc: Doc, cue: TokRange) -> TokRange | None:
    """The clause or object a cue governs in the parse: ``said [that …]``, ``called [Japan a partner]``,
    ``according to X, [clause]``, ``pointed to [X]``."""
    head = None
    for i in range(*cue):
        if doc[i].head.i < cue[0] or doc[i].head.i >= cue[1] or doc[i].head.i == i:
            head = doc[i]
            break
    if head is None:
        return None
    if head.lower_ == "according" and head.head.i != head.i:
        clause = head.head
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        pp_lo, pp_hi = head.left_edge.i, head.right_edge.i + 1
        for k in range(head.i + 2, pp_hi):  # "According to X, Y and Z agreed": the PP ends at its comma
            if doc[k].text == ",":
                pp_hi = k
                break
        if pp_lo <= lo:
            lo = pp_hi
            while lo < hi and doc[lo].is_punct:
                lo += 1
        elif pp_hi >= hi:
            hi = pp_lo
        return (lo, hi) if hi > lo else None
    parts = [c for c in head.rights if c.dep_ in _CONTENT_DEPS and c.i >= cue[1]]
    if head.lemma_.lower() in NAMING_VERBS and parts:  # "identified China [as their challenge]"
        parts += [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if any(c.dep_ == "ccomp" for c in parts):  # "told [reporters] that …": the clause, not the hearer
        parts = [c for c in parts if c.dep_ == "ccomp"]
    if not parts:
        for c in head.rights:
            if c.dep_ == "prep" and c.i >= cue[1]:
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp")]
                if objs:
                    parts = objs
                    break
    if not parts:
        return None
    lo = min(p.left_edge.i for p in parts)
    hi = max(p.right_edge.i for p in parts) + 1
    while hi > lo and (doc[hi - 1].is_punct and not doc[hi - 1].is_quote or doc[hi - 1].is_space):
        hi -= 1
    return (lo, hi) if hi > lo else None


#: How a source hangs on its cue: subject, passive agent, "according to" PP, possessor, apposition.
SOURCE_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "prep", "poss", "appos", "compound", "npadvmod",
                         "csubj", "expl", "dative", "pobj", "conj"})


def _root_of(doc: Doc, r: TokRange) -> int:
    return doc[r[0]:r[1]].root.i


OUTER_WINS = True


def _outer_trailing(doc: Doc, drafts: list[Draft], cues: list[TokRange], sources: list[TokRange],
                    sents: list[TokRange], sent_of: list[int]) -> list[Draft]:
    """``A said B did C, the source added.``: a trailing inverted attribution reports the whole clause
    before its comma, including any attribution inside it (PolNeAR keeps the outer one)."""
    out = list(drafts)
    for lo, hi in sents:
        end = hi
        while end > lo and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        tail_cue = next((c for c in cues if lo <= c[0] and c[1] == end), None)
        tail_src = next((x for x in sources if lo <= x[0] and x[1] == end), None)
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
        if len(inner) < 1 or not any(d.cue is not None and d.cue != tail_cue and lo <= d.cue[0] < start for d in inner):
            continue
        first = min(d.content[0] for d in inner)
        content = (first if first <= lo + 2 else lo, start - 1)
        out = [d for d in out if d not in inner]
        out.append(Draft(content, tail_cue, src, pieces=[content]))
    return out


_REPORTING_HASHES = frozenset(_hash(v) for v in REPORTING_VERBS | NAMING_VERBS)
#: Add attributions for curated reporting verbs the tagger left untagged (a safety net).
SAFETY_NET = True


def _lexicon_net(doc: Doc, drafts: list[Draft], cues: list[TokRange], sources: list[TokRange],
                 skip: Sequence[bool]) -> list[Draft]:
    """Reporting verbs of the curated lexicon that govern a clause (``said [that …]``, ``telling them [they
    …]``) or name something (``called [Japan a partner]``), outside everything the tagger found."""
    taken = [d.content for d in drafts] + list(cues) + list(sources)
    out: list[Draft] = []
    arr = doc.to_array([POS, LEMMA]).tolist()
    for i, (pos, lemma) in enumerate(arr):
        if pos != VERB or lemma not in _REPORTING_HASHES or skip[i]:
            continue
        tok = doc[i]
        if any(a <= tok.i < b for a, b in taken):
            continue
        deps = {c.dep_ for c in tok.children if c.i > tok.i}
        as_pp = any(c.dep_ == "prep" and c.lower_ == "as" for c in tok.children if c.i > tok.i)
        naming = tok.lemma_.lower() in NAMING_VERBS and "dobj" in deps and (
            bool(deps & {"oprd", "xcomp", "attr"}) or as_pp)
        if "ccomp" not in deps and not naming:
            continue
        cue = (tok.i, tok.i + 1)
        clause = dep_content(doc, cue)
        if clause is None or clause[1] - clause[0] < 2 or any(clause[0] < b and a < clause[1] for a, b in taken):
            continue
        out.append(Draft(clause, cue, pieces=[clause], origin="lexicon"))
        taken.append(clause)
    return out


def _pick_source(doc: Doc, d: Draft, sources: list[TokRange], sent_of: list[int],
                 heads: list[int], para_of: list[int]) -> TokRange | None:
    anchor = d.cue if d.cue is not None else d.content
    lo, hi = sent_of[anchor[0]] - 1, sent_of[anchor[1] - 1] + 1
    paras = {para_of[anchor[0]], para_of[anchor[1] - 1]}
    inside = [s for s in sources if lo <= sent_of[s[0]] <= hi and not d.inside(s) and para_of[s[0]] in paras]
    if d.cue is not None:
        c0, c1 = d.cue
        if c1 <= d.content[0] or c0 >= d.content[1]:  # cue outside: no source inside the content's range
            inside = [s for s in inside if not (d.content[0] <= s[0] < d.content[1])]
        for s in inside:
            for i in range(*s):
                j = i
                for _ in range(3):  # the source hangs on the cue as its subject (nsubj of "said")
                    if heads[j] == j:
                        break
                    child, j = j, heads[j]
                    if c0 <= j < c1:
                        if doc[child].dep_ in SOURCE_DEPS:
                            return s
                        break
                h = heads[i]  # "according to X": the source hangs under the cue
                if c0 <= h < c1 or c0 <= heads[h] < c1:
                    return s
        same = [s for s in inside if sent_of[s[0]] == sent_of[c0]]
        nearest = min(same, key=lambda s: _dist(s, (c0, c1))) if same else None
        for i in range(c0, c1):
            h = heads[i]
            if h < c0 or h >= c1 or h == i:
                subj = subject_of(doc, doc[i])
                if subj is not None and not d.inside(subj):
                    own = c0 <= heads[_root_of(doc, subj)] < c1
                    if own or nearest is None or _dist(subj, (c0, c1)) < _dist(nearest, (c0, c1)):
                        return subj  # an inherited subject ("X did A and cited B") loses to a nearer tagged one
        return nearest
    same = [s for s in inside if sent_of[s[0]] in (sent_of[d.content[0]], sent_of[d.content[1] - 1])]
    if same:
        return min(same, key=lambda s: _dist(s, d.content))
    return None


# ------------------------------------------------------------------------------------------ quotes

def stretch_tokens(doc: Doc, stretches: Sequence[QuotedStretch]) -> list[TokRange]:
    out = []
    for st in stretches:
        span = doc.char_span(st.start, st.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((span.start, span.end))
        else:
            out.append((0, 0))
    return out


def _quoteish(tok: Token) -> bool:
    """A quote mark, or a token that starts with one (spaCy keeps "”―" together)."""
    return tok.is_quote or (bool(tok.text) and tok.text[0] in "“”\"«»‘’" and tok.is_punct)


def _with_marks(doc: Doc, r: TokRange) -> TokRange:
    s, e = r
    if s > 0 and _quoteish(doc[s - 1]):
        s -= 1
    if e < len(doc) and _quoteish(doc[e]):
        e += 1
    return s, e


def repair_quotes(doc: Doc, drafts: list[Draft], quoted: Sequence[TokRange], skip: Sequence[bool], *,
                  min_words: int = MIN_DIRECT_WORDS, states: Sequence[int] | None = None) -> list[Draft]:
    """Extend contents that end or start inside a quoted stretch to the whole stretch; add missed quotes."""
    for d in drafts:
        s, e = d.content
        for qs, qe in quoted:
            if qe <= qs or qe <= s or qs >= e:
                continue
            ms, me = _with_marks(doc, (qs, qe))
            if qs < s < qe or s == qs:
                s = min(s, ms)
            if qs < e < qe or e == qe:
                e = max(e, me)
        d.content = (s, e)
    covered = [d.content for d in drafts]
    alpha = doc.to_array([IS_ALPHA]).reshape(-1).tolist() if quoted else []
    for qs, qe in quoted:
        if qe <= qs or skip[qs]:
            continue
        words = sum(alpha[qs:qe])
        if words < min_words:
            continue
        if any(c[0] < qe and qs < c[1] for c in covered):
            continue
        content = _with_marks(doc, (qs, qe))
        host = _split_quote_host(doc, drafts, content)
        if host is not None:
            host.content = (min(host.content[0], content[0]), max(host.content[1], content[1]))
            host.pieces = sorted([*(host.pieces or [host.content]), content])
            covered = [d.content for d in drafts]
            continue
        cue, source = quote_speaker(doc, content, states)
        drafts.append(Draft(content, cue, source, origin="quote", pieces=[content]))
    return drafts


def _split_quote_host(doc: Doc, drafts: list[Draft], content: TokRange) -> Draft | None:
    """The direct quote this stretch continues: ``“A,” said Caddell. “B.”`` (same paragraph, short gap)."""
    for d in drafts:
        if d.cue is None and d.source is None:
            continue
        if 0 <= content[0] - d.content[1] <= 8:
            gap = doc[d.content[1]:content[0]]
        elif 0 <= d.content[0] - content[1] <= 8:
            gap = doc[content[1]:d.content[0]]
        else:
            continue
        if "\n" in gap.text or not (doc[d.content[0]].is_quote or doc[d.content[1] - 1].is_quote) or any(
                t.text[-1:] in ("―", "—") for t in gap):
            continue
        if d.source is not None and (gap.start <= d.source[0] < gap.end) or \
                d.cue is not None and gap.start <= d.cue[0] < gap.end:
            return d
    return None


#: Words after a comma that start a trailing modifier a reported clause rarely carries.
TAIL_STARTERS = frozenset("contradicting with despite while whereas although though".split())
TAIL_DASHES: frozenset[str] = frozenset()


def trim_tails(doc: Doc, drafts: list[Draft], states: Sequence[int]) -> None:
    """Cut an indirect content at a trailing non-restrictive modifier outside quote marks
    (", contradicting …", ", despite …"); relative clauses and dashes are kept (PolNeAR often keeps them)."""
    for d in drafts:
        s, e = d.content
        if e - s < 8 or any(states[i] for i in range(s, e)):
            continue
        for i in range(s + 3, e - 2):
            tok = doc[i]
            if tok.text in TAIL_DASHES or (tok.text == "," and doc[i + 1].lower_ in TAIL_STARTERS):
                if d.cue is not None and i < d.cue[0] < e:
                    break
                d.content = (s, i)
                if d.pieces:
                    d.pieces = [(a, min(b, i)) for a, b in d.pieces if a < i]
                break


def clip_sentences(doc: Doc, drafts: list[Draft], states: Sequence[int]) -> None:
    """A content that runs past a closing quote mark into a new sentence stops at that sentence end
    (``… their “greatest strategic challenge.” These changes …``). The piece kept is the one next to the cue
    (or the longest). Cutting every sentence boundary of reported speech scored worse on dev."""
    for d in drafts:
        s, e = d.content
        if e - s < 2 or (d.pieces and len(d.pieces) > 1):
            continue
        cuts = [s]
        for i in range(s + 1, e):
            if doc[i].is_sent_start and states[i] == 0 and states[i - 1] == 2:
                cuts.append(i)
        if len(cuts) == 1:
            continue
        cuts.append(e)
        segments = [(cuts[k], cuts[k + 1]) for k in range(len(cuts) - 1)]
        if d.cue is not None:
            best = min(segments, key=lambda g: _dist(g, d.cue))  # type: ignore[arg-type]
        else:
            best = max(segments, key=lambda g: g[1] - g[0])
        d.content = best
        d.pieces = [best]




def tidy(doc: Doc, drafts: list[Draft], states: Sequence[int]) -> list[Draft]:
    """Final shape of each content: the clause of "according to X, …" from the parse, a naming verb's quoted
    predicate on its own, no dangling conjunction or punctuation at the edges."""
    for d in drafts:
        k = d.content[0]
        while k < d.content[1] and _quoteish(doc[k]):
            k += 1
        m = k
        while m < d.content[1] and m - k < 3 and (doc[m].is_upper or doc[m].is_title) and doc[m].is_alpha:
            m += 1
        if k < m < d.content[1] - 1 and doc[m].text == ":" and (k == 0 or "\n" in doc[k - 1].text or
                                                                 _quoteish(doc[k - 1])):
            d.source, d.cue = (k, m), (m, m + 1)  # "PENCE: …" transcript label
            d.content = (m + 1, d.content[1])
            d.pieces = [(max(a, m + 1), b) for a, b in (d.pieces or [d.content]) if b > m + 1] or [d.content]
        sent = doc[d.content[0]].sent
        if sent.start + 3 < d.content[0] and doc[sent.start].lower_ == "according" and \
                doc[sent.start + 1].lower_ == "to" and not _quoteish(doc[d.content[0]]):
            # "According to X, Y agreed to …": X is the source of the whole clause, whatever was tagged inside
            pp = doc[sent.start]
            d.cue = (sent.start, sent.start + 2)
            obj = next((o for c in pp.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"), None)
            if obj is not None:
                d.source = _mention(doc, obj)
        if d.source is not None and d.source[0] >= 2 and doc[d.source[0] - 1].lower_ == "to" and \
                doc[d.source[0] - 2].lower_ == "according":
            d.cue = (d.source[0] - 2, d.source[0])  # "according to X" is the cue whatever else was tagged
        if d.cue is not None and doc[d.cue[0]].lower_ == "according":
            c = dep_content(doc, d.cue)
            if c is not None and c[1] - c[0] >= 2:
                d.content, d.pieces = c, [c]
        s, e = d.content
        if d.cue is not None and doc[d.cue[0]].lemma_.lower() in NAMING_VERBS:
            k = s
            while k < e and states[k] == 0 and not doc[k].is_quote and k - s < 4:
                k += 1
            if s < k < e and doc[k].is_quote and all(states[i] for i in range(k, e)):
                s = k
        while e - s > 1 and (doc[e - 1].dep_ == "cc" or doc[e - 1].is_space or
                             doc[e - 1].is_punct and not doc[e - 1].is_quote and doc[e - 1].text not in ".!?)"):
            e -= 1
        while e - s > 1 and (doc[s].dep_ == "cc" and states[s] == 0 or doc[s].is_space or
                             doc[s].is_punct and not doc[s].is_quote and doc[s].text not in "(["):
            s += 1
        if (s, e) != d.content:
            d.content = (s, e)
            d.pieces = [(max(a, s), min(b, e)) for a, b in (d.pieces or [(s, e)]) if a < e and b > s] or [(s, e)]
    seen: set[TokRange] = set()
    unique = []
    for d in drafts:
        if d.content not in seen:
            seen.add(d.content)
            unique.append(d)
    return unique


def split_participles(doc: Doc, drafts: list[Draft], states: Sequence[int]) -> list[Draft]:
    """``…, telling them they should not assume …``: a reporting participle after a comma inside a reported
    clause starts an attribution of its own (the main clause's subject speaks)."""
    out = list(drafts)
    for d in drafts:
        s, e = d.content
        for i in range(s + 2, e - 2):
            tok = doc[i]
            if doc[i - 1].text != "," or tok.tag_ != "VBG" or states[i] or \
                    tok.lemma_.lower() not in REPORTING_VERBS:
                continue
            if not any(c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > i for c in tok.children):
                continue
            clause = dep_content(doc, (i, i + 1))
            if clause is None or clause[0] <= i or clause[1] > e + 2:
                continue
            d.content = (s, i - 1)
            d.pieces = [(a, min(b, i - 1)) for a, b in (d.pieces or [(s, e)]) if a < i - 1] or [d.content]
            out.append(Draft(clause, (i, i + 1), subject_of(doc, tok), pieces=[clause], origin="participle"))
            break
    return out


def _is_quote_edge(doc: Doc, i: int) -> bool:
    return 0 <= i < len(doc) and doc[i].is_quote


def merge_quotes(doc: Doc, drafts: list[Draft], unclosed_ends: set[int]) -> list[Draft]:
    """Join the pieces of one direct quote: ``“A,” said X. “B.”`` and a quote that runs on into the next
    paragraph (left open at the paragraph end, reopened by the next one). Drop exact duplicates."""
    drafts = sorted(drafts, key=lambda d: d.content)
    out: list[Draft] = []
    for d in drafts:
        if out:
            a = out[-1]
            if a.content == d.content:
                if a.source is None and d.source is not None:
                    out[-1] = d
                continue
            gap = doc[a.content[1]:d.content[0]] if d.content[0] >= a.content[1] else None
            a_quote = _is_quote_edge(doc, a.content[1] - 1) or a.content[1] in unclosed_ends
            d_quote = _is_quote_edge(doc, d.content[0])
            if gap is not None and a_quote and d_quote and _same_speaker(a, d, gap) and not any(
                    t.text[-1:] in ("―", "—") for t in gap):
                if len(gap) <= (40 if d.source is None else 10) and "\n" not in gap.text or (
                        a.content[1] in unclosed_ends and not gap.text.strip()):
                    a.pieces = sorted([*(a.pieces or [a.content]), *(d.pieces or [d.content])])
                    a.content = (a.content[0], d.content[1])
                    if a.source is None:
                        a.source, a.cue = d.source, d.cue
                    continue
        out.append(d)
    return out


def _same_speaker(a: Draft, d: Draft, gap: Span) -> bool:
    in_gap = [x for x in (a.source, a.cue, d.source, d.cue) if x is not None and gap.start <= x[0] < gap.end]
    if not gap.text.strip():  # paragraph continuation: the later piece must not name another speaker
        return d.source is None or d.source == a.source or (a.source is not None and d.source is not None and
                                                            gap.doc[d.source[0]:d.source[1]].text.lower() ==
                                                            gap.doc[a.source[0]:a.source[1]].text.lower())
    if not in_gap:
        return False
    if a.source is not None and d.source is not None and a.source != d.source:
        return gap.doc[a.source[0]:a.source[1]].text.lower() == gap.doc[d.source[0]:d.source[1]].text.lower()
    return True


def _mention(doc: Doc, tok: Token) -> TokRange:
    """The mention span headed by ``tok``: its subtree without relative clauses, appositives and punctuation."""
    if tok.pos_ == "NOUN" and tok.lower_ not in REPORTING_NOUNS:
        for child in tok.children:
            if child.dep_ == "poss" and child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
                tok = child
                break
    s, e = tok.i, tok.i + 1
    for child in tok.lefts:
        if child.dep_ not in ("punct", "cc", "prep"):
            s = min(s, child.left_edge.i)
    for child in tok.rights:
        if child.dep_ in ("compound", "flat", "nummod", "conj", "cc"):
            if any(doc[k].text == "," for k in range(tok.i + 1, child.i)):
                break  # "Nakatani, Hegseth and Nakatani": a comma ends the mention
            e = max(e, child.right_edge.i + 1)
    while e > s + 1 and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("’s", "'s")):
        e -= 1
    return s, e


def subject_of(doc: Doc, cue: Token, depth: int = 0) -> TokRange | None:
    """The speaker mention for a cue word: its subject, the object of "according to", a possessor, or the
    subject of the verb a participle hangs on ("Calling Japan ..., he stated")."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return _mention(doc, obj)
    for child in cue.children:  # passive: "This was reported by Reuters"
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _mention(doc, obj)
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ != "VERB":
            if child.lower_ in ("that", "which", "who") and cue.dep_ == "relcl":
                return _mention(doc, cue.head)
            return _mention(doc, child)
    for child in cue.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _mention(doc, obj)
    if cue.pos_ == "NOUN":
        for child in cue.children:
            if child.dep_ == "poss":
                return _mention(doc, child)
    if depth < 2 and cue.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "ccomp") and cue.head.i != cue.i:
        return subject_of(doc, cue.head, depth + 1)
    return None


DASHES = "—―-–"


def dash_credit(doc: Doc, end: int) -> tuple[TokRange, TokRange] | None:
    """``“…” ― Gen Nakatani``: a dash and a name right after a quote (cue = the dash)."""
    j = end
    while j < len(doc) and j < end + 3 and (doc[j].is_space or doc[j].is_punct and doc[j].text[-1] not in DASHES):
        j += 1
    if j >= len(doc) or not doc[j].text or doc[j].text[-1] not in DASHES or len(doc[j].text) > 2:
        return None
    k = j + 1
    while k < len(doc) and doc[k].is_space:
        k += 1
    m = k
    while m < len(doc) and m - k < 6 and not doc[m].is_space and not doc[m].is_quote and (
            doc[m].is_title or doc[m].is_upper or doc[m].ent_type_ == "PERSON" or doc[m].text == "."):
        m += 1
    while m > k and doc[m - 1].is_punct:
        m -= 1
    if m > k and doc[k].is_title | doc[k].is_upper:
        return (j, j + 1), (k, m)
    return None


def transcript_label(doc: Doc, start: int) -> tuple[TokRange, TokRange] | None:
    """``PENCE: …`` / ``Mr. Trump: …`` at the start of a paragraph (cue = the colon)."""
    i = start - 1
    while i >= 0 and (doc[i].is_quote or doc[i].is_space and "\n" not in doc[i].text):
        i -= 1
    if i < 1 or doc[i].text != ":":
        return None
    j = i
    while j > 0 and i - j < 4 and not (doc[j - 1].is_space and "\n" in doc[j - 1].text) and not doc[j - 1].is_quote:
        j -= 1
        if not (doc[j].is_title or doc[j].is_upper or doc[j].text == "."):
            return None
    if j < i and (j == 0 or "\n" in doc[j - 1].text or doc[j - 1].is_quote):
        return (i, i + 1), (j, i)
    return None


def quote_speaker(doc: Doc, content: TokRange, states: Sequence[int] | None = None
                  ) -> tuple[TokRange | None, TokRange | None]:
    """Cue and source mention for a direct quote by rule: a dash credit, a transcript label, or the verb of
    saying next to the quote (between its pieces, after it, then before it) and that verb's subject."""
    s, e = content
    found = dash_credit(doc, e) or transcript_label(doc, s)
    if found:
        return found
    sent_lo = doc[s].sent.start
    after = doc[e].sent.end if e < len(doc) else e
    between = [i for i in range(s, e) if states is not None and states[i] == 0]
    candidates = between + list(range(e, min(after, e + 12))) + list(range(s - 1, max(sent_lo, s - 25) - 1, -1))
    for i in candidates:
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in QUOTE_VERBS:
            subj = subject_of(doc, tok)
            if subj is not None and (states is None or states[subj[0]] == 0) and not (
                    s <= subj[0] < e and not between):
                return (i, i + 1), subj
    return None, None


def rule_source(doc: Doc, d: Draft, states: Sequence[int] | None = None) -> TokRange | None:
    """A source mention for a draft the tagger left without one."""
    if d.cue is not None:
        for i in range(*d.cue):
            tok = doc[i]
            if tok.head.i < d.cue[0] or tok.head.i >= d.cue[1] or tok.head.i == i:
                subj = subject_of(doc, tok)
                if subj is not None and not d.inside(subj):
                    return subj
    if any(doc[i].is_quote for i in range(d.content[0], min(d.content[1], d.content[0] + 2))):
        cue, src = quote_speaker(doc, d.content, states)
        if src is not None:
            if d.cue is None:
                d.cue = cue
            return src
    return None


def span(doc: Doc, r: TokRange | None) -> Span | None:
    if r is None or r[1] <= r[0]:
        return None
    return doc[r[0]:r[1]]

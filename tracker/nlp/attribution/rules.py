"""From tagged tokens to attributions: group content/source/cue chunks around cues, repair quoted spans,
add direct quotes the tagger missed, and find the source mention by rule when the tagger gave none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from tracker.nlp.attribution.cues import QUOTE_VERBS, REPORTING_NOUNS
from tracker.nlp.attribution.quotes import QuotedStretch
from tracker.nlp.attribution.tagger import bio_chunks

TokRange = tuple[int, int]
#: Quoted stretches at least this many words long become direct quotes even when the tagger missed them.
MIN_DIRECT_WORDS = 4
#: Chunks of content around the same cue merge when at most this many tokens lie between them.
MERGE_GAP = 14


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


def group(doc: Doc, labels: Sequence[str], skip: Sequence[bool]) -> list[Draft]:
    """Attach each tagged content chunk to a cue and a source; merge the pieces of one quote."""
    chunks = _chunks(labels, skip, doc)
    cues = [(s, e) for p, s, e in chunks if p == "CUE"]
    sources = [(s, e) for p, s, e in chunks if p == "SRC"]
    contents = [(s, e) for p, s, e in chunks if p == "CON"]
    cue_at: dict[int, int] = {}
    for k, (s, e) in enumerate(cues):
        for i in range(s, e):
            cue_at[i] = k
    sent_of = [0] * len(doc)
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n

    def find_cue(c: TokRange) -> int | None:
        s, e = c
        for r in range(s, e):
            h = doc[r].head.i
            if s <= h < e:
                continue
            j, steps = h, 0
            while steps < 6:
                if j in cue_at:
                    return cue_at[j]
                if doc[j].head.i == j:
                    break
                j = doc[j].head.i
                steps += 1
        first, last = sent_of[s], sent_of[e - 1]
        near = [(k, _dist(c, cu)) for k, cu in enumerate(cues) if first <= sent_of[cu[0]] <= last]
        if near:
            return min(near, key=lambda x: (x[1], -cues[x[0]][0]))[0]
        # "X said:" at the end of the previous sentence / "― Name" or "he said." in a short next one
        for k, cu in enumerate(cues):
            if sent_of[cu[0]] == first - 1 and c[0] - cu[1] <= 3:
                return k
            if sent_of[cu[0]] == last + 1 and cu[0] - c[1] <= 4 and len(sents[last + 1]) <= 10:
                return k
        return None

    grouped: dict[int | None, list[TokRange]] = {}
    loose: list[TokRange] = []
    for c in contents:
        k = find_cue(c)
        if k is None:
            loose.append(c)
        else:
            grouped.setdefault(k, []).append(c)
    drafts: list[Draft] = []
    for k, pieces in grouped.items():
        assert k is not None
        pieces.sort()
        run = [pieces[0]]
        for piece in pieces[1:]:
            if piece[0] - run[-1][1] <= MERGE_GAP:
                run.append(piece)
            else:
                drafts.append(Draft((run[0][0], run[-1][1]), cues[k], pieces=run))
                run = [piece]
        drafts.append(Draft((run[0][0], run[-1][1]), cues[k], pieces=run))
    for c in loose:
        drafts.append(Draft(c, pieces=[c]))
    for d in drafts:
        override = None
        if doc[d.content[1] - 1].is_quote or (d.content[1] < len(doc) and doc[d.content[1]].is_quote):
            override = dash_credit(doc, d.content[1] + (0 if doc[d.content[1] - 1].is_quote else 1))
        if override is None and (doc[d.content[0]].is_quote or d.content[0] > 0 and doc[d.content[0] - 1].is_quote
                                 or d.content[0] > 0 and doc[d.content[0] - 1].text == ":"):
            override = transcript_label(doc, d.content[0])
        if override is not None:
            d.cue, d.source = override
        else:
            d.source = _pick_source(doc, d, sources, sent_of)
    return drafts


def _pick_source(doc: Doc, d: Draft, sources: list[TokRange], sent_of: list[int]) -> TokRange | None:
    inside = [s for s in sources if not d.inside(s)]
    if d.cue is not None:
        cue_tokens = set(range(*d.cue))
        for s in inside:
            for i in range(*s):
                j, steps = i, 0
                while steps < 3 and doc[j].head.i != j:
                    j = doc[j].head.i
                    steps += 1
                    if j in cue_tokens:
                        return s
            for i in cue_tokens:  # "according to X": the source hangs under the cue
                if any(doc[t].head.i == i or doc[t].head.head.i == i for t in range(*s)):
                    return s
        for i in range(*d.cue):
            tok = doc[i]
            if tok.head.i < d.cue[0] or tok.head.i >= d.cue[1] or tok.head.i == i:
                subj = subject_of(doc, tok)
                if subj is not None and not d.inside(subj):
                    return subj
        same = [s for s in inside if sent_of[s[0]] == sent_of[d.cue[0]]]
        if same:
            return min(same, key=lambda s: _dist(s, d.cue))  # type: ignore[arg-type]
        return None
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


def _with_marks(doc: Doc, r: TokRange) -> TokRange:
    s, e = r
    if s > 0 and doc[s - 1].is_quote:
        s -= 1
    if e < len(doc) and doc[e].is_quote:
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
    for qs, qe in quoted:
        if qe <= qs or skip[qs]:
            continue
        words = sum(1 for i in range(qs, qe) if doc[i].is_alpha)
        if words < min_words:
            continue
        if any(c[0] < qe and qs < c[1] for c in covered):
            continue
        content = _with_marks(doc, (qs, qe))
        cue, source = quote_speaker(doc, content, states)
        drafts.append(Draft(content, cue, source, origin="quote", pieces=[content]))
    return drafts


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
        if child.dep_ in ("compound", "flat", "nummod", "conj", "cc") or (child.dep_ == "case" and False):
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


def dash_credit(doc: Doc, end: int) -> tuple[TokRange, TokRange] | None:
    """``“…” ― Gen Nakatani``: a dash and a name right after a quote (cue = the dash)."""
    j = end
    while j < len(doc) and j < end + 3 and (doc[j].is_space or doc[j].is_punct and doc[j].text not in "—―-–--"):
        j += 1
    if j >= len(doc) or doc[j].text not in ("—", "―", "-", "–", "--"):
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

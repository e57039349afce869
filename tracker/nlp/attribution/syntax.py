"""Reading the parse for the attribution passes: mentions, subjects, governed clauses, credits by rule.

Every function here is a pure function of a parsed ``Doc`` and token ranges (``(start, end)``, end exclusive);
the passes in :mod:`.passes` combine them.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

from tracker.lexicon import CLAUSE_LINKS, DASHES, NAMING_VERBS, PERCEPTION_VERBS, QUOTE_VERBS, REPORTING_NOUNS

TokRange = tuple[int, int]

#: How a source hangs on its cue: subject, passive agent, "according to" PP, possessor, apposition.
SOURCE_DEPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "agent",
        "prep",
        "poss",
        "appos",
        "compound",
        "npadvmod",
        "csubj",
        "expl",
        "dative",
        "pobj",
        "conj",
    }
)
#: Dependencies under a cue that carry what was said.
CONTENT_DEPS = ("ccomp", "xcomp", "dobj", "oprd", "attr", "dative")


def head_indices(doc: Doc) -> list[int]:
    """Absolute head index per token (one C call instead of a Token object per lookup)."""
    import numpy

    rel = doc.to_array([HEAD]).reshape(-1).astype("int64")
    return (numpy.arange(len(doc)) + rel).tolist()


def dist(a: TokRange, b: TokRange) -> int:
    """Tokens between two ranges (0 when they overlap or touch)."""
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def quoteish(tok: Token) -> bool:
    """A quote mark, or a token that starts with one (spaCy keeps "”―" together)."""
    return tok.is_quote or (bool(tok.text) and tok.text[0] in '“”"«»‘’' and tok.is_punct)


def with_marks(doc: Doc, r: TokRange) -> TokRange:
    """``r`` widened by the quote mark on each side, when there is one."""
    s, e = r
    if s > 0 and quoteish(doc[s - 1]):
        s -= 1
    if e < len(doc) and quoteish(doc[e]):
        e += 1
    return s, e


def span(doc: Doc, r: TokRange | None) -> Span | None:
    if r is None or r[1] <= r[0]:
        return None
    return doc[r[0] : r[1]]


def root_of(doc: Doc, r: TokRange) -> int:
    return doc[r[0] : r[1]].root.i


def mention(doc: Doc, tok: Token) -> TokRange:
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
        source = according_source(doc, cue)
        if source is not None:
            return source
    for child in cue.children:  # passive: "This was reported by Reuters"
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return mention(doc, obj)
    # The subject nearest the cue: a parse can give a verb two ("His rhetoric ..., analyses agree").
    # A relative pronoun ("officials, who said ...") is the mention; resolution reads it as its noun.
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "VERB"]
    if subjects:
        return mention(doc, min(subjects, key=lambda c: (abs(c.i - cue.i), c.i)))
    if cue.pos_ == "NOUN":
        for child in cue.children:
            if child.dep_ == "poss":
                return mention(doc, child)
    if cue.dep_ == "conj" and (linked := _subject_of_misread_clause(doc, cue)) is not None:
        return mention(doc, linked)
    if depth < 2 and cue.dep_ in ("advcl", "xcomp", "conj", "acl", "pcomp", "ccomp", "prep") and cue.head.i != cue.i:
        return subject_of(doc, cue.head, depth + 1)
    return None


def _subject_of_misread_clause(doc: Doc, verb: Token) -> Token | None:
    """The subject of a clause the parse read as a preposition's object and a verb joined to the main one:
    in "Trump has been targeting Machado since Clinton, at Monday's debate, cited his remarks", Clinton cited
    them, not Trump. Only a name right after "since", "after" ... with no "and" before the verb is read so."""
    for tok in doc[verb.head.i + 1 : verb.i]:
        if tok.dep_ == "cc" or tok.pos_ in ("VERB", "AUX"):
            return None
    for tok in doc[verb.head.i + 1 : verb.i]:
        opener = tok.head
        if (
            tok.dep_ == "pobj"
            and tok.pos_ == "PROPN"
            and opener.lower_ in CLAUSE_LINKS
            and opener.head == verb.head
            and doc[tok.i + 1].is_punct
        ):
            return tok
    return None


def according_object(doc: Doc, according: Token) -> Token | None:
    """The object of "according to": the X of "according to X"."""
    return next((o for c in according.children if c.lower_ == "to" for o in c.children if o.dep_ == "pobj"), None)


def _appositive_end(doc: Doc, obj: Token, comma: int) -> int | None:
    """``the city engineer, Lena Park,``: the comma that closes an appositive starting after ``comma`` (a name
    after a description, or a description after a name, with no verb), else None."""
    for k in range(comma + 1, min(len(doc), comma + 8)):
        if doc[k].text == ",":
            segment = doc[comma + 1 : k]
            if not len(segment) or any(t.pos_ in ("VERB", "AUX") for t in segment):
                return None
            named = all(t.pos_ == "PROPN" or t.is_punct for t in segment)
            return k if named != (obj.pos_ == "PROPN") and k + 1 < len(doc) else None
        if doc[k].is_sent_start:
            return None
    return None


def according_end(doc: Doc, according: Token) -> int:
    """Where the "according to X" phrase ends: at its first comma ("According to X, Y and Z agreed", which the
    parse may take into the phrase), or after an appositive ("According to the city engineer, Lena Park, …")."""
    end = according.right_edge.i + 1
    obj = according_object(doc, according)
    for k in range(according.i + 2, end):
        if doc[k].text == ",":
            appositive = _appositive_end(doc, obj, k) if obj is not None and obj.i < k else None
            return appositive if appositive is not None else k
    return end


def according_source(doc: Doc, according: Token) -> TokRange | None:
    """The source mention of "according to X", appositive included ("the city engineer, Lena Park")."""
    obj = according_object(doc, according)
    if obj is None:
        return None
    s, e = mention(doc, obj)
    end = according_end(doc, according)
    if end > e and any(doc[k].text == "," for k in range(e, end)):
        e = end
    return s, e


def _bare_complement(verb: Token) -> bool:
    """A bare-verb clause under another verb ("see [prices go up]", "let [them stay]"): no clause of its own.
    After a verb of perception the tagger often reads the bare verb as a present tense ("see incomes go/VBP")."""
    return (
        verb.dep_ in ("ccomp", "xcomp")
        and (verb.tag_ == "VB" or (verb.tag_ == "VBP" and verb.head.lemma_ in PERCEPTION_VERBS))
        and verb.head.pos_ in ("VERB", "AUX")
        and not any(c.dep_ in ("aux", "mark") for c in verb.children)
    )


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
        while _bare_complement(clause):
            clause = clause.head  # "… would see [their incomes go up …, according to X]": X reports the sentence
        lo, hi = clause.left_edge.i, clause.right_edge.i + 1
        pp_lo, pp_hi = head.left_edge.i, according_end(doc, head)
        if pp_lo <= lo:
            lo = pp_hi
            while lo < hi and doc[lo].is_punct:
                lo += 1
        elif pp_hi >= hi or all(t.is_punct or t.is_space for t in doc[pp_hi:hi]):
            hi = pp_lo  # "…, according to the school district.": the PP closes the clause
            while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
                hi -= 1
        return (lo, hi) if hi > lo else None
    parts = [c for c in head.rights if c.dep_ in CONTENT_DEPS and c.i >= cue[1]]
    if head.lemma_.lower() in NAMING_VERBS and parts:  # "identified China [as their challenge]"
        parts += [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "as"]
    if any(c.dep_ == "ccomp" for c in parts):  # "told [reporters] that …": the clause, not the hearer
        parts = [c for c in parts if c.dep_ == "ccomp"]
    if not parts:
        # "The library will open on Sundays, the city announced on Friday": the clause comes first
        parts = [c for c in head.lefts if c.dep_ == "ccomp" and c.i < cue[0]]
    if not parts:
        for c in head.rights:
            if c.dep_ == "prep" and c.i >= cue[1]:
                # "announced on Friday", "said in July": a time is when it was said, not what
                objs = [o for o in c.children if o.dep_ in ("pobj", "pcomp") and o.ent_type_ not in ("DATE", "TIME")]
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
    while (
        m < len(doc)
        and m - k < 6
        and not doc[m].is_space
        and not doc[m].is_quote
        and (doc[m].is_title or doc[m].is_upper or doc[m].ent_type_ == "PERSON" or doc[m].text == ".")
    ):
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


def quote_speaker(
    doc: Doc, content: TokRange, states: Sequence[int] | None = None
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
            if subj is not None and (states is None or states[subj[0]] == 0) and not (s <= subj[0] < e and not between):
                return (i, i + 1), subj
    return None, None


def inside(parts: Sequence[TokRange], r: TokRange) -> bool:
    """True when ``r`` lies inside one of ``parts`` (not merely between two of them)."""
    return any(p[0] <= r[0] and r[1] <= p[1] for p in parts)


def rule_source(
    doc: Doc, content: TokRange, parts: Sequence[TokRange], cue: TokRange | None, states: Sequence[int] | None = None
) -> tuple[TokRange | None, TokRange | None]:
    """``(cue, source)`` by rule for a statement the tagger gave no source: the subject of its cue, else, for a
    quote, the credit or verb of saying next to it (which may bring a cue of its own)."""
    if cue is not None:
        for i in range(*cue):
            tok = doc[i]
            if tok.head.i < cue[0] or tok.head.i >= cue[1] or tok.head.i == i:
                subj = subject_of(doc, tok)
                if subj is not None and not inside(parts, subj):
                    return cue, subj
    if any(doc[i].is_quote for i in range(content[0], min(content[1], content[0] + 2))):
        found_cue, src = quote_speaker(doc, content, states)
        if src is not None:
            return (cue if cue is not None else found_cue), src
    return cue, None

"""CRF token tagger for attribution parts: content, source and cue spans as one flat BIO label set.

Features are cheap by design (one pass over the tokens, per-doc arrays, cached per-lemma strings):
the token and its neighbours, inside-quote-marks state, the mined cue rate of the lemma, the nearest
*reporting ancestor* in the dependency tree and how the token hangs under it, named entities and
dependency labels. The python-crfsuite model is loaded once per process (:func:`load_tagger`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from tracker.lexicon import REPORTING_NOUNS, REPORTING_VERBS
from tracker.nlp.attribution.cues import DATA_DIR

MODEL_PATH = DATA_DIR / "attribution.crfsuite"
#: Lemmas whose mined cue rate reaches this count as reporting ancestors.
ANCESTOR_RATE = 0.12
_SOURCE_ENTS = {"PERSON", "ORG", "NORP", "GPE"}


def _rate_bucket(rate: float) -> str:
    if rate < 0.02:
        return "0"
    if rate < 0.1:
        return "1"
    if rate < 0.3:
        return "2"
    if rate < 0.6:
        return "3"
    return "4"


_LOWER_CACHE: dict[int, str] = {}
_LEMMA_CACHE: dict[int, str] = {}
_PLAIN_CACHE: dict[int, str] = {}
_ENT_CACHE: dict[int, str] = {}


_BLOCKS: dict[tuple[str, ...], tuple[list[str], ...]] = {}


def _ent_class(label: str) -> str:
    return label if label in _SOURCE_ENTS else ("X" if label else "")


def _lookup(doc: Doc, column: numpy.ndarray, cache: dict[int, str], convert: Callable[[str], str]) -> list[str]:
    """Strings for a column of hashes from ``Doc.to_array``, through a per-process cache."""
    strings = doc.vocab.strings
    # A doc repeats its words: convert each distinct hash once, then spread the strings back over the tokens.
    distinct, where = numpy.unique(column, return_inverse=True)
    converted = []
    for h in distinct.tolist():
        s = cache.get(h)
        if s is None:
            s = cache[h] = convert(strings[h]) if h else convert("")
        converted.append(s)
    return [converted[i] for i in where.reshape(-1).tolist()]


def token_quote_states(doc: Doc, mask: bytearray) -> list[int]:
    """Per token: 2 for a quote mark that opens/closes a stretch, 1 inside a stretch, 0 outside."""
    size = len(mask)
    arr = doc.to_array([IDX, LENGTH]).tolist()
    states = []
    for idx, length in arr:
        m = mask[idx] if idx < size else 0
        if m == 0 and length > 1 and idx + 1 < size and mask[idx + 1] == 1:
            m = 1  # a token glued to the opening mark's edge
        states.append(m)
    return states


def sentence_ids(doc: Doc) -> tuple[list[int], list[tuple[int, int]]]:
    """Sentence index per token and (start, end) per sentence, from one array call."""
    flags = doc.to_array([SENT_START]).reshape(-1).tolist()
    ids = []
    bounds: list[tuple[int, int]] = []
    start = 0
    for i, flag in enumerate(flags):
        if flag == 1 and i > 0:
            bounds.append((start, i))
            start = i
        ids.append(len(bounds))
    if flags:
        bounds.append((start, len(flags)))
    return ids, bounds


def doc_features(
    doc: Doc, states: Sequence[int], rates: Mapping[str, float], text: str | None = None
) -> list[list[str]]:
    """One feature list per token of ``doc`` (``text``: ``doc.text`` when the caller already has it)."""
    n = len(doc)
    arr = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, ENT_TYPE, HEAD, IS_SPACE])
    lower = _lookup(doc, arr[:, 0], _LOWER_CACHE, str)
    lemma = _lookup(doc, arr[:, 1], _LEMMA_CACHE, str.lower)
    pos = _lookup(doc, arr[:, 2], _PLAIN_CACHE, str)
    tag = _lookup(doc, arr[:, 3], _PLAIN_CACHE, str)
    dep = _lookup(doc, arr[:, 4], _PLAIN_CACHE, str)
    ent = _lookup(doc, arr[:, 5], _ENT_CACHE, _ent_class)
    head = (numpy.arange(n) + arr[:, 6].astype("int64")).tolist()
    for i in numpy.flatnonzero(arr[:, 7]).tolist():
        lemma[i] = lower[i] = "_sp"
    rb = [""] * n
    cand = [False] * n
    get = rates.get
    for i in range(n):
        lem = lemma[i]
        r = get(lem, 0.0)
        rb[i] = _rate_bucket(r)
        cand[i] = r >= ANCESTOR_RATE or (pos[i] == "VERB" and lem in REPORTING_VERBS)

    # Nearest reporting ancestor: memoised walk up the heads.
    anc = [-1] * n  # index of the reporting ancestor
    att = [""] * n  # dependency label of the path's top child (how the subtree hangs under the cue)
    depth = [0] * n
    for i in range(n):
        if anc[i] != -1 or head[i] == i:
            continue
        chain: list[int] = []
        j = i
        while head[j] != j and anc[j] == -1 and not cand[head[j]] and len(chain) < 60:
            chain.append(j)
            j = head[j]
        if anc[j] != -1:
            a, lab, d = anc[j], att[j], depth[j]
        elif head[j] != j and cand[head[j]]:
            a, lab, d = head[j], dep[j], 1
            anc[j], att[j], depth[j] = a, lab, d
        else:
            a, lab, d = -2, "", 0
            anc[j] = -2
        for k in reversed(chain):
            if k == j:
                continue
            d += 1
            anc[k], att[k], depth[k] = a, lab, d
    # Edges of the clause/object a reporting word governs: where contents start and end.
    edge = [""] * n
    for i in range(n):
        h = head[i]
        if h != i and cand[h] and dep[i] in ("ccomp", "xcomp", "dobj", "advcl", "pobj", "prep", "nsubj", "conj"):
            tok = doc[i]
            left, right = tok.left_edge.i, tok.right_edge.i
            edge[left] += "L" + dep[i]
            edge[right] += "R" + dep[i]
    # Sentence and paragraph context.
    sent_cue = [False] * n
    sent_quote = [False] * n
    sent_first = [False] * n
    for start, end in sentence_ids(doc)[1]:
        has_cue = any(cand[start:end])
        has_q = any(states[start:end])
        sent_cue[start:end] = [has_cue] * (end - start)
        sent_quote[start:end] = [has_q] * (end - start)
        sent_first[start] = True
    para_first = [False] * n
    para_quote = [False] * n
    first_line = [False] * n
    # tokens whose text or trailing whitespace holds a newline end a paragraph
    if text is None:
        text = doc.text
    breaks = set()
    if "\n" in text:
        starts = [t.idx for t in doc] if n < 64 else doc.to_array([IDX]).reshape(-1).tolist()
        pos_nl = text.find("\n")
        while pos_nl != -1:
            breaks.add(bisect_right(starts, pos_nl) - 1)
            pos_nl = text.find("\n", pos_nl + 1)
    is_space = arr[:, 7].tolist()
    line_no = 0
    starts_para = True
    para_open = False
    for i in range(n):
        if starts_para and not is_space[i]:
            para_first[i] = True
            para_open = states[i] == 2
            starts_para = False
        para_quote[i] = para_open
        first_line[i] = line_no == 0
        if i in breaks:
            starts_para = True
            line_no += 1

    qs = [str(s) for s in states]
    # Per-token feature blocks, shared through process-level caches keyed by the token's attributes:
    # most tokens repeat a (word, lemma, tag, dep, entity, quote, rate) combination seen before.
    if len(_BLOCKS) > 500_000:
        _BLOCKS.clear()
    keys: list[tuple[str, ...]] = list(zip(lower, lemma, tag, dep, ent, qs, rb, strict=True))
    blocks = []
    for key in keys:
        blk = _BLOCKS.get(key)
        if blk is None:
            w_, lem_, t_, d_, e_, q_, r_ = key
            blk = _BLOCKS[key] = (
                ["b", "w=" + w_, "l=" + lem_, "t=" + t_, "d=" + d_, "e=" + e_, "q=" + q_, "cr=" + r_],
                ["-2l=" + lem_],
                ["-1l=" + lem_, "-1t=" + t_, "-1q=" + q_, "-1cr=" + r_, "-1d=" + d_, "-1e=" + e_],
                ["1l=" + lem_, "1t=" + t_, "1q=" + q_, "1cr=" + r_, "1d=" + d_, "1e=" + e_],
                ["2l=" + lem_],
            )
        blocks.append(blk)
    pads = {off: [str(off) + "pad"] for off in (-2, -1, 1, 2)}
    hd = ["hd=" + dep[h] for h in head]
    hl = ["hl=" + (lemma[h] if cand[h] else pos[h]) for h in head]
    sc = ["sc=" + ("1" if a else "0") + ("1" if b else "0") for a, b in zip(sent_cue, sent_quote, strict=True)]
    pq = ["pq=1" if x else "pq=0" for x in para_quote]
    feats: list[list[str]] = []
    for i in range(n):
        f = blocks[i][0] + [hd[i], hl[i], sc[i], pq[i]]
        a = anc[i]
        if a >= 0:
            d = depth[i]
            at = att[i]
            f += (
                "ra=" + at,
                "rad=" + at + ("1" if d == 1 else "2" if d == 2 else "3"),
                "rdir=" + ("L" if a < i else "R") + at,
                "rl=" + lemma[a],
                "rq=" + qs[a] + qs[i],
            )
        else:
            f.append("ra=none")
        if cand[i]:
            f.append("cand")
        if edge[i]:
            f.append("edge=" + edge[i])
        if i > 0 and edge[i - 1]:
            f.append("-1edge=" + edge[i - 1])
        if lemma[i] in REPORTING_NOUNS:
            f.append("rnoun")
        if sent_first[i]:
            f.append("sfirst")
        if para_first[i]:
            f.append("pfirst")
        if first_line[i]:
            f.append("title")
        if len(lower[i]) <= 2 and not lower[i].isalnum():
            f.append("punct=" + lower[i])
        f += blocks[i - 2][1] if i >= 2 else pads[-2]
        f += blocks[i - 1][2] if i >= 1 else pads[-1]
        f += blocks[i + 1][3] if i + 1 < n else pads[1]
        f += blocks[i + 2][4] if i + 2 < n else pads[2]
        if i > 0:
            f.append("bl=" + lemma[i - 1] + "|" + lemma[i])
        if i + 1 < n:
            f.append("bl+=" + lemma[i] + "|" + lemma[i + 1])
        feats.append(f)
    return feats


@lru_cache(maxsize=4)
def load_tagger(path: str | None = None):  # type: ignore[no-untyped-def]
    """The python-crfsuite Tagger for ``path`` (default: the shipped model), opened once per process."""
    import pycrfsuite

    model = Path(path) if path else MODEL_PATH
    if not model.exists():
        raise FileNotFoundError(f"attribution model not found: {model}; run training/train_attribution.py")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    return tagger


def bio_chunks(labels: Sequence[str]) -> list[tuple[str, int, int]]:
    """(part, start, end) token chunks from BIO labels such as ``B-CON``, ``I-CON``, ``O``."""
    chunks: list[tuple[str, int, int]] = []
    cur: str | None = None
    start = 0
    for i, lab in enumerate(labels):
        if lab == "O":
            if cur is not None:
                chunks.append((cur, start, i))
                cur = None
            continue
        bio, part = lab[0], lab[2:]
        if bio == "B" or part != cur:
            if cur is not None:
                chunks.append((cur, start, i))
            cur, start = part, i
    if cur is not None:
        chunks.append((cur, start, len(labels)))
    return chunks


def gold_labels(doc: Doc, attributions: Sequence[Mapping[str, Sequence[tuple[int, int]]]]) -> list[str]:
    """BIO labels for ``doc`` from gold attributions (``{"content"|"source"|"cue": [(start, end), ...]}``).

    Overlaps are flattened: contents are painted longest first (so a nested attribution wins inside the one
    that reports it), then sources, then cues on top.
    """
    n = len(doc)
    owner: list[tuple[str, int] | None] = [None] * n
    layers: list[tuple[str, int, tuple[int, int]]] = []
    contents = []
    for k, attribution in enumerate(attributions):
        for piece in attribution.get("content", ()):
            contents.append((piece[1] - piece[0], k, piece))
    for _, k, piece in sorted(contents, key=lambda x: -x[0]):
        layers.append(("CON", k, piece))  # k: the attribution's index, kept for debugging
    for part, key in (("SRC", "source"), ("CUE", "cue")):
        for k, attribution in enumerate(attributions):
            for piece in attribution.get(key, ()):
                layers.append((part, k, piece))
    for pid, (part, _k, (start, end)) in enumerate(layers):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            owner[i] = (part, pid)
    labels = []
    prev: tuple[str, int] | None = None
    for i in range(n):
        cur = owner[i]
        if cur is None:
            labels.append("O")
        else:
            labels.append(("I-" if cur == prev else "B-") + cur[0])
        prev = cur
    return labels

"""CRF token tagger for attribution parts: content, source and cue spans as one flat BIO label set.

Features are cheap by design (one pass over the tokens, per-doc arrays, cached per-lemma strings):
the token and its neighbours, inside-quote-marks state, the mined cue rate of the lemma, the nearest
*reporting ancestor* in the dependency tree and how the token hangs under it, named entities and
dependency labels. The python-crfsuite model is loaded once per process (:func:`load_tagger`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from tracker.nlp.attribution.cues import DATA_DIR, REPORTING_NOUNS, REPORTING_VERBS

MODEL_PATH = DATA_DIR / "attribution.crfsuite"
PARTS = ("CON", "SRC", "CUE")
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


def token_quote_states(doc: Doc, mask: bytearray) -> list[int]:
    """Per token: 2 for a quote mark that opens/closes a stretch, 1 inside a stretch, 0 outside."""
    states = []
    for tok in doc:
        idx = tok.idx
        m = mask[idx] if idx < len(mask) else 0
        if m == 0 and len(tok) > 1 and idx + 1 < len(mask):
            m = mask[idx + 1] if mask[idx + 1] == 1 else 0
        states.append(m)
    return states


def doc_features(doc: Doc, states: Sequence[int], rates: Mapping[str, float]) -> list[list[str]]:
    """One feature list per token of ``doc``."""
    n = len(doc)
    lemma = [""] * n
    lower = [""] * n
    pos = [""] * n
    tag = [""] * n
    dep = [""] * n
    ent = [""] * n
    head = [0] * n
    rb = [""] * n
    cand = [False] * n
    for tok in doc:
        i = tok.i
        lem = tok.lemma_.lower()
        lemma[i] = lem
        lower[i] = tok.lower_
        pos[i] = tok.pos_
        tag[i] = tok.tag_
        dep[i] = tok.dep_
        ent[i] = tok.ent_type_ if tok.ent_type_ in _SOURCE_ENTS else ("X" if tok.ent_type_ else "")
        head[i] = tok.head.i
        r = rates.get(lem, 0.0)
        rb[i] = _rate_bucket(r)
        cand[i] = r >= ANCESTOR_RATE or (pos[i] == "VERB" and lem in REPORTING_VERBS)

    # Nearest reporting ancestor: memoised walk up the heads.
    anc = [-1] * n  # index of the reporting ancestor
    att = [""] * n  # dependency label of the path's top child (how the subtree hangs under the cue)
    depth = [0] * n
    for i in range(n):
        if anc[i] != -1 or head[i] == i:
            continue
        chain = []
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
    # Sentence and paragraph context.
    sent_cue = [False] * n
    sent_quote = [False] * n
    sent_first = [False] * n
    for sent in doc.sents:
        has_cue = any(cand[k] for k in range(sent.start, sent.end))
        has_q = any(states[k] for k in range(sent.start, sent.end))
        for k in range(sent.start, sent.end):
            sent_cue[k] = has_cue
            sent_quote[k] = has_q
        sent_first[sent.start] = True
    para_first = [False] * n
    para_quote = [False] * n
    line_no = 0
    first_line = [False] * n
    starts_para = True
    para_open = False
    for tok in doc:
        i = tok.i
        if starts_para and not tok.is_space:
            para_first[i] = True
            para_open = states[i] == 2
            starts_para = False
        para_quote[i] = para_open
        first_line[i] = line_no == 0
        if "\n" in tok.text_with_ws:
            starts_para = True
            line_no += 1

    qs = [str(s) for s in states]
    feats: list[list[str]] = []
    for i in range(n):
        a = anc[i]
        f = [
            "b",
            "w=" + lower[i],
            "l=" + lemma[i],
            "t=" + tag[i],
            "d=" + dep[i],
            "e=" + ent[i],
            "q=" + qs[i],
            "cr=" + rb[i],
            "dcr=" + dep[i] + rb[i],
            "hq=" + qs[head[i]] + qs[i],
            "hd=" + dep[head[i]],
            "hl=" + (lemma[head[i]] if cand[head[i]] else pos[head[i]]),
            "sc=" + ("1" if sent_cue[i] else "0") + ("1" if sent_quote[i] else "0"),
            "pq=" + ("1" if para_quote[i] else "0"),
        ]
        if a >= 0:
            d = depth[i]
            f.append("ra=" + att[i])
            f.append("rad=" + att[i] + ("1" if d == 1 else "2" if d == 2 else "3"))
            f.append("rdir=" + ("L" if a < i else "R") + att[i])
            f.append("rl=" + lemma[a])
            f.append("rq=" + qs[a] + qs[i])
            f.append("rp=" + dep[i] + ">" + att[i])
        else:
            f.append("ra=none")
        if cand[i]:
            f.append("cand")
        if lemma[i] in REPORTING_NOUNS:
            f.append("rnoun")
        if sent_first[i]:
            f.append("sfirst")
        if para_first[i]:
            f.append("pfirst")
        if first_line[i]:
            f.append("title")
        if tok_is_punct(lower[i]):
            f.append("punct=" + lower[i])
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                o = str(off)
                f.append(o + "l=" + lemma[j])
                f.append(o + "t=" + tag[j])
                f.append(o + "q=" + qs[j])
                f.append(o + "cr=" + rb[j])
                if off in (-1, 1):
                    f.append(o + "d=" + dep[j])
                    f.append(o + "e=" + ent[j])
            else:
                f.append(str(off) + "pad")
        if i > 0:
            f.append("bl=" + lemma[i - 1] + "|" + lemma[i])
        if i + 1 < n:
            f.append("bl+=" + lemma[i] + "|" + lemma[i + 1])
        feats.append(f)
    return feats


def tok_is_punct(text: str) -> bool:
    return len(text) <= 2 and not text.isalnum()


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
        layers.append(("CON", k, piece))
    for part, key in (("SRC", "source"), ("CUE", "cue")):
        for k, attribution in enumerate(attributions):
            for piece in attribution.get(key, ()):
                layers.append((part, k, piece))
    for pid, (part, k, (start, end)) in enumerate(layers):
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

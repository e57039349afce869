"""Score a target-dependent stance model on NewsMTSC-format JSON Lines (macro F1 over three classes, as the paper)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from tracker.errors import InputError
from tracker.types import StanceLabel

LABELS: tuple[StanceLabel, ...] = ("negative", "neutral", "positive")
POLARITY_TO_LABEL: dict[float, StanceLabel] = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}
LABEL_TO_POLARITY: dict[StanceLabel, float] = {label: polarity for polarity, label in POLARITY_TO_LABEL.items()}


class StancePredictor(Protocol):
    """Anything with the `StanceModel.predict` signature."""

    def predict(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = ...
    ) -> list[tuple[StanceLabel, float]]: ...


@dataclass(frozen=True)
class Target:
    start: int
    end: int
    mention: str
    polarity: float

    @property
    def label(self) -> StanceLabel:
        return POLARITY_TO_LABEL[self.polarity]


@dataclass(frozen=True)
class Sentence:
    gid: str
    sentence: str
    targets: tuple[Target, ...]


def read_newsmtsc(path: Path) -> Iterator[Sentence]:
    """Sentences with their targets from a NewsMTSC jsonl file.

    Raises:
        InputError: the file is missing, or a line is not valid NewsMTSC JSON (the message names file:line).
    """
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
                text = record["sentence_normalized"]
                targets = tuple(
                    Target(
                        int(t["from"]),
                        int(t["to"]),
                        t.get("mention", text[int(t["from"]) : int(t["to"])]),
                        float(t["polarity"]),
                    )
                    for t in record["targets"]
                )
                gid = str(record.get("primary_gid", number))
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: invalid JSON ({exc.msg})") from exc
            except (KeyError, TypeError, ValueError) as exc:
                raise InputError(f"{where}: not a NewsMTSC record ({type(exc).__name__}: {exc})") from exc
            for target in targets:
                if target.polarity not in POLARITY_TO_LABEL:
                    raise InputError(f"{where}: polarity {target.polarity} is not 2.0, 4.0 or 6.0")
                if not 0 <= target.start < target.end <= len(text):
                    raise InputError(f"{where}: target offsets {target.start}:{target.end} outside the sentence")
            yield Sentence(gid, text, targets)


@dataclass
class ClassScores:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class StanceReport:
    """Figures for one run of a model over a NewsMTSC file."""

    file: str
    n_sentences: int
    n_targets: int
    per_class: dict[str, ClassScores]
    f1m: float
    accuracy: float
    seconds: float
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def targets_per_second(self) -> float:
        return self.n_targets / self.seconds if self.seconds > 0 else 0.0

    def render(self) -> str:
        """Plain-text report; the last two lines are F1m and accuracy."""
        lines = [
            f"file        {self.file}",
            f"sentences   {self.n_sentences}",
            f"targets     {self.n_targets}",
            f"targets/s   {self.targets_per_second:.1f}",
            "",
            f"{'class':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}",
        ]
        for label, scores in self.per_class.items():
            lines.append(
                f"{label:<10} {scores.precision:6.3f} {scores.recall:6.3f} {scores.f1:6.3f} {scores.support:6d}"
            )
        if self.confusion:
            lines += ["", "confusion (rows gold, columns predicted): " + " ".join(f"{c[:3]:>5}" for c in LABELS)]
            for gold in LABELS:
                lines.append(f"  {gold:<10}" + " ".join(f"{self.confusion[gold][pred]:>5}" for pred in LABELS))
        lines += ["", f"F1m         {self.f1m:.4f}", f"accuracy    {self.accuracy:.4f}"]
        return "\n".join(lines)


def score_labels(
    gold: Sequence[StanceLabel], predicted: Sequence[StanceLabel]
) -> tuple[dict[str, ClassScores], float, float]:
    """Per-class P/R/F1, macro F1 and accuracy of predicted against gold labels."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold labels but {len(predicted)} predictions")
    per_class: dict[str, ClassScores] = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[label] = ClassScores(precision, recall, f1, n_gold)
    f1m = sum(s.f1 for s in per_class.values()) / len(LABELS)
    accuracy = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p) / len(gold) if gold else 0.0
    return per_class, f1m, accuracy


def evaluate_stance(
    path: Path, model: StancePredictor, predictions_out: Path | None = None, *, batch_size: int = 1
) -> StanceReport:
    """Predict the stance toward every target in a NewsMTSC file and score it.

    Args:
        path: NewsMTSC jsonl (`sentence_normalized`, `targets` with from/to/polarity).
        model: any object with a `predict(items, batch_size)` method like `StanceModel.predict`.
        predictions_out: if given, write one JSON line per target: primary_gid, from, to, polarity (2.0/4.0/6.0).
    """
    sentences = list(read_newsmtsc(path))
    items = [(s.sentence, t.start, t.end) for s in sentences for t in s.targets]
    gold = [t.label for s in sentences for t in s.targets]
    started = time.perf_counter()
    predictions = model.predict(items, batch_size=batch_size)
    seconds = time.perf_counter() - started
    predicted = [label for label, _ in predictions]
    per_class, f1m, accuracy = score_labels(gold, predicted)
    confusion: dict[str, dict[str, int]] = {g: {p: 0 for p in LABELS} for g in LABELS}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    if predictions_out is not None:
        with Path(predictions_out).open("w", encoding="utf-8") as out:
            pairs = ((s, t) for s in sentences for t in s.targets)
            for (sentence, target), (label, score) in zip(pairs, predictions, strict=True):
                row = {
                    "primary_gid": sentence.gid,
                    "from": target.start,
                    "to": target.end,
                    "polarity": LABEL_TO_POLARITY[label],
                    "score": round(score, 4),
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return StanceReport(
        file=str(path),
        n_sentences=len(sentences),
        n_targets=len(items),
        per_class=per_class,
        f1m=f1m,
        accuracy=accuracy,
        seconds=seconds,
        confusion=confusion,
    )

"""Target-dependent stance classifier: an int8 ONNX MiniLM run by onnxruntime, with its shared preprocessing.

The preprocessing here (`mark_target`, `encode`) is used unchanged by `training/train_stance.py`, so the model sees the
same inputs at training and at run time. This module imports neither torch nor spaCy.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from tracker.errors import TrackerError
from tracker.types import StanceLabel

if TYPE_CHECKING:
    from tokenizers import Tokenizer

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_FILE = "stance-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
META_FILE = "meta.json"

LABELS: tuple[StanceLabel, ...] = ("negative", "neutral", "positive")
# BERT vocabulary entries that pre-trained models never used; they wrap the target inside the sentence.
MARKER_OPEN = "[unused0]"
MARKER_CLOSE = "[unused1]"
# Characters of context kept on each side of the target before tokenising (cut on a word boundary). The shipped
# model was trained with 200; 120 scores the same on NewsMTSC dev and cuts the model's work in ingest by 7 %.
WINDOW_CHARS = 120
MAX_LENGTH = 160


def mark_target(text: str, start: int, end: int, window: int = WINDOW_CHARS) -> tuple[str, str]:
    """Cut a window of context around a target and wrap the target in marker tokens.

    Args:
        text: the sentence (or sentences) holding the target.
        start: character offset where the target mention starts.
        end: character offset where it ends.
        window: characters of context kept on each side, extended to the nearest whitespace.

    Returns:
        `(mention, marked)`: the target text, and the cut context with `[unused0] mention [unused1]` in it.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"target offsets {start}:{end} are outside a text of length {len(text)}")
    left_from = 0
    if start > window:
        cut = text.rfind(" ", 0, start - window)
        left_from = cut + 1 if cut >= 0 else 0
    right_to = len(text)
    if len(text) - end > window:
        cut = text.find(" ", end + window)
        right_to = cut if cut >= 0 else len(text)
    mention = " ".join(text[start:end].split())
    left = text[left_from:start].strip()
    right = text[end:right_to].strip()
    marked = " ".join(part for part in (left, MARKER_OPEN, mention, MARKER_CLOSE, right) if part)
    return mention, marked


def load_tokenizer(path: Path) -> Tokenizer:
    """The fast tokenizer with the marker tokens registered as unsplittable special tokens."""
    from tokenizers import AddedToken, Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.add_special_tokens(
        [AddedToken(MARKER_OPEN, normalized=False), AddedToken(MARKER_CLOSE, normalized=False)]
    )
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def encode(
    tokenizer: Tokenizer, items: Sequence[tuple[str, int, int]], max_length: int = MAX_LENGTH
) -> dict[str, np.ndarray]:
    """Encode `(text, start, end)` items as one padded batch: `mention [SEP] marked sentence`.

    Returns int64 arrays `input_ids`, `attention_mask`, `token_type_ids` and a float32 `target_mask` that is 1 on the
    markers and the target tokens between them.
    """
    open_id = tokenizer.token_to_id(MARKER_OPEN)
    close_id = tokenizer.token_to_id(MARKER_CLOSE)
    if open_id is None or close_id is None:
        raise TrackerError(f"the stance tokenizer has no {MARKER_OPEN} / {MARKER_CLOSE} tokens")
    pairs = [mark_target(text, start, end) for text, start, end in items]
    encodings = tokenizer.encode_batch(pairs)
    rows: list[tuple[list[int], list[int], list[float]]] = []
    for encoding in encodings:
        ids = list(encoding.ids)
        types = list(encoding.type_ids)
        if len(ids) > max_length:
            ids, types = _truncate(ids, types, open_id, close_id, max_length)
        mask = [0.0] * len(ids)
        if open_id in ids:
            first = ids.index(open_id)
            last = ids.index(close_id, first) if close_id in ids[first:] else len(ids) - 1
            for i in range(first, last + 1):
                mask[i] = 1.0
        rows.append((ids, types, mask))
    width = max(len(ids) for ids, _, _ in rows)
    batch: dict[str, np.ndarray] = {
        "input_ids": np.zeros((len(rows), width), dtype=np.int64),
        "attention_mask": np.zeros((len(rows), width), dtype=np.int64),
        "token_type_ids": np.zeros((len(rows), width), dtype=np.int64),
        "target_mask": np.zeros((len(rows), width), dtype=np.float32),
    }
    for row, (ids, types, mask) in enumerate(rows):
        batch["input_ids"][row, : len(ids)] = ids
        batch["attention_mask"][row, : len(ids)] = 1
        batch["token_type_ids"][row, : len(ids)] = types
        batch["target_mask"][row, : len(ids)] = mask
    return batch


def _truncate(
    ids: list[int], types: list[int], open_id: int, close_id: int, max_length: int
) -> tuple[list[int], list[int]]:
    """Shorten an over-long encoding from its ends while keeping the marked target and the final [SEP]."""
    first = ids.index(open_id) if open_id in ids else 0
    last = ids.index(close_id, first) if close_id in ids[first:] else first
    # Segment two starts after the first [SEP]; drop tokens alternately from its far left and far right.
    second = types.index(1) if 1 in types else 1
    body_ids, body_types = ids[second:-1], types[second:-1]
    lo, hi = first - second, last - second
    excess = len(ids) - max_length
    left_room, right_room = lo, len(body_ids) - 1 - hi
    drop_left = min(left_room, max(excess - right_room, excess // 2))
    drop_right = min(right_room, excess - drop_left)
    body_ids = body_ids[drop_left : len(body_ids) - drop_right]
    body_types = body_types[drop_left : len(body_types) - drop_right]
    ids = ids[:second] + body_ids + ids[-1:]
    types = types[:second] + body_types + types[-1:]
    return ids[:max_length], types[:max_length]


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Softmax over the last axis of `logits / temperature`."""
    scaled = np.asarray(logits, dtype=np.float32) / np.float32(temperature)
    shifted = scaled - scaled.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class StancePrediction(NamedTuple):
    """`predict_with_confidence`'s answer: `predict`'s `(label, score)` and the model's confidence in the label.

    `confidence` is the calibrated probability of `label` (the largest class probability): on held-out
    hand-labelled statements, about that share of the predictions made with it were right (see `meta.json`).
    """

    label: StanceLabel
    score: float
    confidence: float


@dataclass
class StanceModel:
    """The shipped stance classifier: predicts stance toward a target given by character offsets.

    `temperature` divides the logits before the softmax (one scalar fitted on held-out hand-labelled rows by
    `training/train_stance.py` and kept in `meta.json`), so that the largest class probability is calibrated. It
    does not change which label wins, only the probabilities, and so the score and the confidence.
    """

    session: Any  # onnxruntime.InferenceSession
    tokenizer: Tokenizer
    labels: tuple[StanceLabel, ...] = LABELS
    max_length: int = MAX_LENGTH
    temperature: float = 1.0

    @classmethod
    def load(cls, path: Path | None = None, *, model_file: str = MODEL_FILE, threads: int | None = None) -> StanceModel:
        """Load the ONNX model, tokenizer and metadata from `path` (default: the package's data folder).

        Raises:
            TrackerError: when the model or tokenizer file is missing.
        """
        if path is None:
            folder, model_path = DATA_DIR, DATA_DIR / model_file
        elif Path(path).suffix == ".onnx":
            model_path = Path(path)
            folder = model_path.parent
        else:
            folder, model_path = Path(path), Path(path) / model_file
        tokenizer_path = folder / TOKENIZER_FILE
        for needed in (model_path, tokenizer_path):
            if not needed.is_file():
                raise TrackerError(
                    f"stance model file {needed} is missing; train one with `python training/train_stance.py` "
                    "or reinstall tracker"
                )
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or min(2, os.cpu_count() or 1)
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        meta_path = folder / META_FILE
        labels: tuple[StanceLabel, ...] = LABELS
        max_length = MAX_LENGTH
        temperature = 1.0
        if meta_path.is_file():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            labels = tuple(meta.get("labels", LABELS))
            max_length = int(meta.get("max_length", MAX_LENGTH))
            temperature = _temperature(meta.get("calibration", {}).get("temperature", 1.0), meta_path)
        return cls(
            session=session,
            tokenizer=load_tokenizer(tokenizer_path),
            labels=labels,
            max_length=max_length,
            temperature=temperature,
        )

    def probabilities(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = 1, *, calibrated: bool = True
    ) -> np.ndarray:
        """Class probabilities, shape `(len(items), 3)` in `self.labels` order, in input order.

        With `calibrated` (the default) the logits are divided by the model's temperature first; `calibrated=False`
        gives the network's own softmax (what a distillation teacher passes on).

        The int8 model quantizes activations with one scale per call, so items sharing a call nudge each other's
        scores. One item per call (the default) makes every prediction depend on its own input only, and so
        the same whatever else is ingested with it; batching gains only about a fifth in speed here.
        """
        return softmax(self.logits(items, batch_size), self.temperature if calibrated else 1.0)

    def logits(self, items: Sequence[tuple[str, int, int]], batch_size: int = 1) -> np.ndarray:
        """The network's raw class scores, shape `(len(items), 3)`, in input order (see `probabilities`)."""
        result = np.zeros((len(items), len(self.labels)), dtype=np.float32)
        if not items:
            return result
        if batch_size == 1:
            return self.run_each_logits(self.encode_each(items))
        # Sort by text length so that each batch pads little; results go back to input order.
        order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
        input_names = {inp.name for inp in self.session.get_inputs()}
        for begin in range(0, len(order), batch_size):
            chunk = order[begin : begin + batch_size]
            batch = encode(self.tokenizer, [items[i] for i in chunk], self.max_length)
            feeds = {name: value for name, value in batch.items() if name in input_names}
            (logits,) = self.session.run(["logits"], feeds)
            result[chunk] = np.asarray(logits, dtype=np.float32)
        return result

    def encode_each(self, items: Sequence[tuple[str, int, int]]) -> list[dict[str, np.ndarray]]:
        """One model input per item, each exactly as long as its own tokens (no padding).

        All the Python work of a prediction happens here, so that `run_each_logits` can spend its time inside
        onnxruntime, which releases the GIL: a thread running it slows the thread that called this very little.
        """
        if not items:
            return []
        input_names = {inp.name for inp in self.session.get_inputs()}
        batch = encode(self.tokenizer, items, self.max_length)
        lengths = batch["attention_mask"].sum(axis=1)
        return [
            {
                name: np.ascontiguousarray(value[row : row + 1, : lengths[row]])
                for name, value in batch.items()
                if name in input_names
            }
            for row in range(len(items))
        ]

    def run_each_logits(self, feeds: Sequence[dict[str, np.ndarray]]) -> np.ndarray:
        """Raw class scores for inputs from `encode_each`, one model call each."""
        run = self.session.run
        logits = [run(["logits"], feed)[0] for feed in feeds]
        if not logits:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        return np.concatenate(logits).astype(np.float32)

    def labelled(self, probs: np.ndarray) -> list[tuple[StanceLabel, float]]:
        """`(label, p(positive) - p(negative))` for each row of class probabilities."""
        negative = self.labels.index("negative")
        positive = self.labels.index("positive")
        return [(self.labels[int(row.argmax())], float(row[positive] - row[negative])) for row in probs]

    def with_confidence(self, probs: np.ndarray) -> list[StancePrediction]:
        """`StancePrediction(label, p(positive) - p(negative), max probability)` for each row of probabilities."""
        return [
            StancePrediction(label, score, float(row.max()))
            for (label, score), row in zip(self.labelled(probs), probs, strict=True)
        ]

    def predict(self, items: Sequence[tuple[str, int, int]], batch_size: int = 1) -> list[tuple[StanceLabel, float]]:
        """Stance toward each item's target: `(label, p(positive) - p(negative))`.

        Args:
            items: `(text, target_start, target_end)` with character offsets of the target in the text.
            batch_size: items per model call (see `probabilities` for why 1).
        """
        return self.labelled(self.probabilities(items, batch_size))

    def predict_with_confidence(
        self, items: Sequence[tuple[str, int, int]], batch_size: int = 1
    ) -> list[StancePrediction]:
        """As `predict`, with each prediction's confidence: `(label, score, confidence)` per item.

        `label` and `score` are exactly what `predict` gives for the same call; `confidence` is the calibrated
        probability of `label`, in [1/3, 1].
        """
        return self.with_confidence(self.probabilities(items, batch_size))


def _temperature(value: object, where: Path) -> float:
    try:
        temperature = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        temperature = math.nan
    if not math.isfinite(temperature) or temperature <= 0:
        raise TrackerError(f"{where}: calibration temperature must be a positive number, not {value!r}")
    return temperature

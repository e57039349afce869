"""The shipped stance model: shared preprocessing, loading, and predictions on clear cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import TrackerError
from tracker.stance.model import (
    DATA_DIR,
    MARKER_CLOSE,
    MARKER_OPEN,
    MODEL_FILE,
    TOKENIZER_FILE,
    StanceModel,
    encode,
    load_tokenizer,
    mark_target,
)

HAVE_MODEL = (DATA_DIR / MODEL_FILE).is_file() and (DATA_DIR / TOKENIZER_FILE).is_file()
needs_model = pytest.mark.skipif(not HAVE_MODEL, reason="trained stance model not in tracker/stance/data")

SEED = "Japan is our indispensable partner in deterring Communist China’s military aggression"
CHINA = (SEED.index("Communist China"), SEED.index("Communist China") + len("Communist China"))


def test_mark_target_wraps_the_target_in_markers() -> None:
    mention, marked = mark_target(SEED, *CHINA)
    assert mention == "Communist China"
    assert (
        marked
        == f"Japan is our indispensable partner in deterring {MARKER_OPEN} Communist China {MARKER_CLOSE} ’s military aggression"
    )


def test_mark_target_cuts_a_window_on_word_boundaries() -> None:
    text = " ".join(f"w{i}" for i in range(300)) + " Target " + " ".join(f"v{i}" for i in range(300))
    start = text.index("Target")
    _, marked = mark_target(text, start, start + 6, window=50)
    left, right = marked.split(f" {MARKER_OPEN} Target {MARKER_CLOSE} ")
    assert 49 <= len(left) <= 60 and 49 <= len(right) <= 60
    assert left.split()[0].startswith("w") and right.split()[-1].startswith("v")  # whole words only
    with pytest.raises(ValueError, match="outside"):
        mark_target("short", 2, 10)


def test_missing_model_raises_a_tracker_error(tmp_path: Path) -> None:
    with pytest.raises(TrackerError, match=r"stance model file .*stance-int8\.onnx is missing"):
        StanceModel.load(tmp_path)


@needs_model
def test_encode_marks_target_tokens_and_keeps_them_when_truncating() -> None:
    tokenizer = load_tokenizer(DATA_DIR / TOKENIZER_FILE)
    batch = encode(tokenizer, [(SEED, 0, 5), (SEED, *CHINA)])
    assert batch["input_ids"].shape == batch["target_mask"].shape
    ids = batch["input_ids"][1].tolist()
    marked = [tokenizer.id_to_token(i) for i, m in zip(ids, batch["target_mask"][1], strict=True) if m]
    assert marked == [MARKER_OPEN, "communist", "china", MARKER_CLOSE]
    long_text = "word " * 400 + "Japan" + " word" * 400
    start = long_text.index("Japan")
    long = encode(tokenizer, [(long_text, start, start + 5)], max_length=32)
    assert long["input_ids"].shape == (1, 32) and long["target_mask"].sum() == 3  # markers + "japan"


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


@needs_model
@pytest.mark.parametrize(
    ("sentence", "target", "expected"),
    [
        (SEED, "Japan", "positive"),
        (SEED, "Communist China", "negative"),
        ("The president praised the firefighters for their heroic and selfless work.", "the firefighters", "positive"),
        ("Prosecutors accused the senator of taking bribes and lying to investigators.", "the senator", "negative"),
        ("Critics slammed the governor for his disastrous response to the floods.", "the governor", "negative"),
        ("The committee will meet again on Tuesday in Washington.", "The committee", "neutral"),
    ],
)
def test_clear_cases(model: StanceModel, sentence: str, target: str, expected: str) -> None:
    start = sentence.index(target)
    [(label, score)] = model.predict([(sentence, start, start + len(target))])
    assert label == expected
    assert -1.0 <= score <= 1.0
    if expected != "neutral":
        assert (score > 0) == (expected == "positive")


@needs_model
def test_predictions_keep_input_order_and_do_not_depend_on_their_neighbours(model: StanceModel) -> None:
    japan = (SEED, 0, 5)
    china = (SEED, *CHINA)
    prefix = "A much longer sentence that pads the batch " * 5
    padded = (prefix + SEED, len(prefix) + CHINA[0], len(prefix) + CHINA[1])
    single = model.predict([japan]) + model.predict([china])
    mixed = model.predict([china, padded, japan])
    assert mixed[0] == single[1] and mixed[2] == single[0]
    assert model.predict([]) == []


@needs_model
def test_predict_with_confidence_agrees_with_predict(model: StanceModel) -> None:
    items = [(SEED, 0, 5), (SEED, *CHINA), ("The committee will meet again on Tuesday.", 4, 13)]
    plain = model.predict(items)
    rich = model.predict_with_confidence(items)
    assert [(p.label, p.score) for p in rich] == plain
    for prediction, row in zip(rich, model.probabilities(items), strict=True):
        label, score, confidence = prediction  # a plain tuple too
        assert confidence == pytest.approx(float(row.max()))
        assert 1 / 3 <= confidence <= 1.0
        assert label == model.labels[int(row.argmax())]
    assert model.predict_with_confidence([]) == []


def _copy_model(tmp_path: Path, meta: dict) -> Path:
    import json
    import shutil

    for name in (MODEL_FILE, TOKENIZER_FILE):
        shutil.copyfile(DATA_DIR / name, tmp_path / name)
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return tmp_path


@needs_model
def test_temperature_from_meta_scales_probabilities_not_labels(tmp_path: Path) -> None:
    import numpy as np

    from tracker.stance.model import softmax

    hot = StanceModel.load(_copy_model(tmp_path, {"calibration": {"temperature": 2.5}}))
    assert hot.temperature == 2.5
    items = [(SEED, 0, 5), (SEED, *CHINA)]
    logits = hot.logits(items)
    np.testing.assert_allclose(hot.probabilities(items), softmax(logits / 2.5), rtol=1e-5)
    np.testing.assert_allclose(hot.probabilities(items, calibrated=False), softmax(logits), rtol=1e-5)
    cold = hot.probabilities(items, calibrated=False)
    warm = hot.probabilities(items)
    assert (cold.argmax(axis=1) == warm.argmax(axis=1)).all()
    assert (warm.max(axis=1) < cold.max(axis=1)).all()  # T > 1 softens


@pytest.mark.parametrize("bad", [0, -1.0, "hot", None, float("nan")])
@needs_model
def test_a_bad_temperature_is_a_tracker_error(tmp_path: Path, bad: object) -> None:
    with pytest.raises(TrackerError, match="temperature"):
        StanceModel.load(_copy_model(tmp_path, {"calibration": {"temperature": bad}}))

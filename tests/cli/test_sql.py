"""`tracker sql` runs one query read-only: anything that would change something is refused."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from tracker.cli import cli


def _state(db: str) -> str:
    """A fingerprint of every table's and view's rows and of the schema."""
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    with engine.connect() as connection:
        parts = []
        for table in (
            "outlets",
            "articles",
            "speakers",
            "speaker_aliases",
            "quotes",
            "stances",
            "targets",
            "target_aliases",
        ):
            parts.append(repr(connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()))
        parts.append(repr(connection.execute(text("SELECT * FROM quote_facts ORDER BY quote_id")).all()))
    engine.dispose()
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def test_select_from_the_views(runner: CliRunner, seeded_db: str) -> None:
    result = runner.invoke(
        cli,
        [
            "--db",
            seeded_db,
            "sql",
            "SELECT speaker, COUNT(*) AS n FROM quote_facts WHERE speaker = 'Pete Hegseth' GROUP BY speaker",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    assert row["speaker"] == "Pete Hegseth" and row["n"] >= 5


REFUSED = [
    "DELETE FROM quotes",
    "UPDATE speakers SET name = 'x'",
    "INSERT INTO outlets (name, key) VALUES ('x', 'x')",
    "DROP TABLE quotes",
    "CREATE TABLE evil (x int)",
    "PRAGMA foreign_keys = OFF",
    "SELECT 1; DELETE FROM quotes",
    "ATTACH DATABASE '{tmp}/evil.db' AS evil",
    "VACUUM INTO '{tmp}/copy.db'",
    "WITH gone AS (DELETE FROM quotes RETURNING id) SELECT * FROM gone",
    "SELECT * INTO evil_copy FROM quotes",
]


@pytest.mark.parametrize("query", REFUSED)
def test_writes_are_refused_and_change_nothing(runner: CliRunner, seeded_db: str, tmp_path: Path, query: str) -> None:
    before = _state(seeded_db)
    files_before = set(Path(seeded_db).parent.iterdir()) if "://" not in seeded_db else set()
    result = runner.invoke(cli, ["--db", seeded_db, "sql", query.format(tmp=tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert _state(seeded_db) == before
    assert list(tmp_path.iterdir()) == []
    if files_before:
        assert set(Path(seeded_db).parent.iterdir()) == files_before


def test_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "absent.db"
    result = runner.invoke(cli, ["--db", str(db), "sql", "SELECT 1"])
    assert result.exit_code == 1 and "no database at" in result.output
    assert not db.exists()

"""`tracker serve` refuses what it cannot serve with one line, before listening; and its host check."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text
from starlette.testclient import TestClient

from tracker.cli import cli
from tracker.store.engine import open_database
from tracker.web.app import LOOPBACK_HOSTS, create_app
from tracker.web.database import readonly_engine


def test_no_database_is_refused_and_not_created(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = runner.invoke(cli, ["--db", str(missing), "serve"])
    assert result.exit_code == 1
    assert result.output == f"Error: no database at {missing}: run `tracker ingest` first\n"
    assert not missing.exists()


def test_empty_and_old_databases_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = runner.invoke(cli, ["--db", str(empty), "serve"])
    assert result.exit_code == 1
    assert result.output == f"Error: no tracker data in {empty}: run `tracker ingest` first\n"
    old = tmp_path / "old.db"
    engine = open_database(str(old))
    with engine.begin() as connection:  # as a tracker of an earlier schema would have left it
        connection.execute(text("UPDATE alembic_version SET version_num = '0002'"))
    engine.dispose()
    result = runner.invoke(cli, ["--db", str(old), "serve"])
    assert result.exit_code == 1
    assert "has an older schema (revision 0002): run `tracker db upgrade` first" in result.output
    assert empty.stat().st_size == 0  # serving never migrates


def test_a_port_in_use_is_one_line(runner: CliRunner, sample_db: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(cli, ["--db", sample_db, "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1:{port}: the port is in use\n"


def test_on_loopback_only_loopback_host_names_are_answered(sample_db: str) -> None:
    engine = readonly_engine(sample_db)
    client = TestClient(create_app(engine, allowed_hosts=list(LOOPBACK_HOSTS)), base_url="http://127.0.0.1:8000")
    assert client.get("/").status_code == 200
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200
    # A page on another site that points its own name at 127.0.0.1 (DNS rebinding) gets nothing.
    rebound = client.get("/api/quotes", headers={"host": "attacker.example:8000"})
    assert rebound.status_code == 400 and "Jane Roe" not in rebound.text
    engine.dispose()

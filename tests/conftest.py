"""Shared fixtures: databases on every configured backend, the trained pipeline, a CLI runner."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_ARTICLE = SEEDS / "hegseth-tokyo-2025-03-30.txt"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
# Set by .ci/run, which starts a throwaway PostgreSQL server; without it only SQLite is tested.
POSTGRES_URL = os.environ.get("TRACKER_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(not POSTGRES_URL, reason="TRACKER_TEST_POSTGRES_URL not set")),
]


#: Fixtures that load the trained pipeline or ingest with it: a test using one is slow.
SLOW_FIXTURES = frozenset({"nlp", "attribution_nlp", "extract", "seeded_db"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow what needs the trained pipeline or PostgreSQL, so `pytest -m "not slow"` is the quick loop.

    Done here from the fixtures a test uses, so a new test that takes `nlp` or `seeded_db`, or runs on
    the PostgreSQL backend, is marked without anyone remembering to.
    """
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and any(
            isinstance(value, str) and value == "postgresql" for value in callspec.params.values()
        )
        if on_postgres or SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def _postgres_database() -> Iterator[str]:
    assert POSTGRES_URL
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield str(tmp_path / "tracker.db")
    else:
        yield from _postgres_database()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (a SQLite path or a PostgreSQL URL), one per backend."""
    yield from make_database(request.param, tmp_path)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The full pipeline (trained English model, attribution and stance), loaded once."""
    from tracker.nlp import load_nlp

    return load_nlp()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module", params=BACKENDS)
def seeded_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database holding the bundled seeds, ingested through the CLI once per module and backend."""
    from tracker.cli import cli

    for url in make_database(request.param, tmp_path_factory.mktemp("seeded")):
        result = CliRunner().invoke(cli, ["--db", url, "ingest", "-q", str(SEEDS)])
        assert result.exit_code == 0, result.output
        yield url

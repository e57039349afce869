"""Opening a database: what is refused and how, failures that stop every later write, first use by many processes."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.conftest import SEEDS
from tracker.cli import cli
from tracker.errors import DatabaseError, StorageUnavailable
from tracker.ingest import ingest
from tracker.sources import read_paths
from tracker.store.engine import classify_write_error, create_db_engine, open_database, require_database
from tracker.store.migrate import current_revision, downgrade, head_revision

TRACKER = Path(sys.executable).with_name("tracker")
NEWER = "ffff0000beef"


@pytest.fixture(scope="module")
def nlp_no_stance():  # type: ignore[no-untyped-def]
    """The trained pipeline without the stance component, whose alias seeding writes before the article loop."""
    from tracker.nlp import load_nlp

    return load_nlp(stance=False)


@pytest.mark.parametrize(
    "url", ["foo://x", "mysql://user:secret@host/news", "postgresql://user@host/news", "sqlite+aiosqlite:///x.db"]
)
def test_an_unsupported_url_names_the_supported_ones(url: str) -> None:
    with pytest.raises(DatabaseError) as raised:
        open_database(url)
    message = str(raised.value)
    assert message.startswith("unsupported database URL")
    assert "SQLite file path" in message and "postgresql+psycopg://" in message
    assert "secret" not in message


def test_a_text_file_is_not_a_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.txt").write_text("hello\n")
    for call in (open_database, require_database):
        with pytest.raises(DatabaseError, match=r"^x\.txt is not a SQLite database: "):
            call("x.txt")
    assert Path("x.txt").read_text() == "hello\n"


def test_require_database_creates_nothing(tmp_path: Path) -> None:
    db, deep = tmp_path / "x.db", tmp_path / "missing" / "dir" / "x.db"
    for path, reason in ((db, "run `tracker ingest` first"), (deep, f"directory {deep.parent} does not exist")):
        with pytest.raises(DatabaseError) as raised:
            require_database(str(path))
        assert str(raised.value) == f"no database at {path}: {reason}"
    with pytest.raises(DatabaseError, match="^no database at sqlite:///"):
        require_database(f"sqlite:///{tmp_path / 'x.db'}")
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "empty.db").touch()  # SQLite takes an empty file for an empty database
    require_database(str(tmp_path / "empty.db"))
    open_database(str(tmp_path / "made.db"))  # the library still creates one when asked to open it
    require_database(str(tmp_path / "made.db"))


def _set_revision(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})


def test_a_database_from_a_newer_tracker_is_refused(db: str) -> None:
    _set_revision(open_database(db), NEWER)
    expected = f"database was created by a newer tracker (revision {NEWER}): upgrade tracker"
    with pytest.raises(DatabaseError) as raised:
        open_database(db)
    assert str(raised.value) == expected
    engine = open_database(db, migrate=False)
    with pytest.raises(DatabaseError, match=r"newer tracker"):
        downgrade(engine, "base")
    assert current_revision(engine) == NEWER


def _read_only_engine(path: Path) -> Engine:
    # Read-only without privileges (root writes through permission bits; the mount namespace tests
    # below may be skipped): the same engine code, on a URI that has SQLite open the file read-only.
    return create_db_engine(f"sqlite:///file:{path}?mode=ro&uri=true")


def test_a_read_only_sqlite_write_is_classified(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    open_database(str(path)).dispose()
    engine = _read_only_engine(path)
    with pytest.raises(OperationalError) as raised, engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))
    assert "attempt to write a readonly database" in str(raised.value)
    error = classify_write_error(raised.value)
    assert isinstance(error, StorageUnavailable)
    assert str(error).startswith("the database is read-only (attempt to write a readonly database): ")


def _full_engine(path: Path) -> Engine:
    """An engine whose connections cannot grow the database by one page: SQLite's own SQLITE_FULL."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("VACUUM")  # no free pages left for writes to fill instead of growing the file
    engine = create_db_engine(str(path))

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    return engine


def test_a_full_sqlite_database_is_classified(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    open_database(str(path)).dispose()
    engine = _full_engine(path)
    with pytest.raises(OperationalError) as raised, engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x)"))  # may fit in a free page, the megabyte cannot
        connection.execute(text("INSERT INTO t VALUES (randomblob(1000000))"))
    assert "database or disk is full" in str(raised.value)
    error = classify_write_error(raised.value)
    assert isinstance(error, StorageUnavailable)
    assert str(error).startswith("disk full (database or disk is full): ")


def test_other_write_errors_are_left_to_the_caller(tmp_path: Path) -> None:
    engine = open_database(str(tmp_path / "x.db"))
    with pytest.raises(OperationalError) as raised, engine.begin() as connection:
        connection.execute(text("INSERT INTO no_such_table VALUES (1)"))
    assert classify_write_error(raised.value) is None


@pytest.mark.slow  # loads the trained pipeline
@pytest.mark.parametrize(
    ("make_engine", "message"),
    [(_read_only_engine, "the database is read-only"), (_full_engine, "disk full")],
    ids=["read-only", "full"],
)
def test_ingest_stops_at_the_first_write_that_cannot_succeed(
    tmp_path: Path,
    make_engine,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "x.db"
    open_database(str(path)).dispose()
    failures: list[str] = []
    with pytest.raises(StorageUnavailable, match=f"^{message}"):
        ingest(read_paths([str(SEEDS)]), make_engine(path), stance=False, workers=1, on_failure=failures.append)
    assert failures == []  # stopped at once, not one "not stored" per article


@pytest.fixture
def postgres_db() -> Iterator[str]:
    from tests.conftest import POSTGRES_URL, _postgres_database

    if not POSTGRES_URL:
        pytest.skip("TRACKER_TEST_POSTGRES_URL not set")
    yield from _postgres_database()


@pytest.mark.slow  # loads the trained pipeline
def test_ingest_on_a_read_only_postgresql_database_stops_with_one_line(runner: CliRunner, postgres_db: str) -> None:
    engine = open_database(postgres_db)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # What a hot standby, or an administrator closing a database for writes, gives every session.
        connection.execute(text(f'ALTER DATABASE "{engine.url.database}" SET default_transaction_read_only = on'))
    engine.dispose()
    for stance in ([], ["--no-stance"]):  # the stance alias seeding writes first, then the article loop
        result = runner.invoke(cli, ["--db", postgres_db, "ingest", "-q", *stance, str(SEEDS)])
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert result.stderr == (
            "Error: the database is read-only (cannot execute INSERT in a read-only transaction): "
            "connect to a writable server or database\n"
        )


@pytest.mark.slow  # loads the trained pipeline
def test_ingest_without_write_permission_on_postgresql_stops_with_one_line(runner: CliRunner, postgres_db: str) -> None:
    engine = open_database(postgres_db)
    role = f"reader_{uuid.uuid4().hex[:12]}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
    try:
        as_reader = make_url(postgres_db).set(username=role).render_as_string(hide_password=False)
        result = runner.invoke(cli, ["--db", as_reader, "ingest", "-q", "--no-stance", str(SEEDS)])
        assert result.exit_code == 1, result.output
        assert result.stderr.startswith("Error: no permission to write (permission denied for table ")
        assert result.stderr.endswith("): grant the user write access, or connect as another\n")
        assert result.stderr.count("\n") == 1
    finally:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(f'DROP OWNED BY "{role}"'))
            connection.execute(text(f'DROP ROLE "{role}"'))
        engine.dispose()


# --- Real conditions, in a private mount namespace: a tmpfs that is remounted read-only, or filled up.


def _namespace_works(tmp_path: Path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    command = ["unshare", "--mount", "--map-root-user", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {probe}"]
    try:
        return subprocess.run(command, capture_output=True).returncode == 0
    except FileNotFoundError:
        return False


def _in_namespace(tmp_path: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run `script` where $M is a fresh 1 MB tmpfs holding a migrated database $M/x.db and $T is `tracker`."""
    if not _namespace_works(tmp_path):
        pytest.skip("cannot mount a tmpfs in a private mount namespace here")
    mount = tmp_path / "mnt"
    mount.mkdir()
    prelude = 'set -e; mount -t tmpfs -o size=1m tmpfs "$M"; "$T" --db "$M/x.db" db upgrade 2>/dev/null; '
    return subprocess.run(
        ["unshare", "--mount", "--map-root-user", "sh", "-c", prelude + script],
        env={**os.environ, "M": str(mount), "T": str(TRACKER), "SEEDS": str(SEEDS)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow  # loads the trained pipeline
def test_ingest_into_a_read_only_filesystem_is_one_line(tmp_path: Path) -> None:
    result = _in_namespace(
        tmp_path,
        'mount -o remount,ro "$M"; "$T" --db "$M/x.db" sql "SELECT 1 AS one" --format csv; '
        'exec "$T" --db "$M/x.db" ingest -q "$SEEDS"',
    )
    assert result.stdout == "one\n1\n"  # reading a read-only database still works
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "Error: the database is read-only (attempt to write a readonly database): "
        "make the file and its directory writable, or give another --db\n"
    )


@pytest.mark.slow  # loads the trained pipeline
def test_ingest_onto_a_full_disk_is_one_line(tmp_path: Path) -> None:
    result = _in_namespace(
        tmp_path,
        'dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null || true; '  # fill what the database left free
        'exec "$T" --db "$M/x.db" ingest -q --no-stance "$SEEDS"',
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        "Error: disk full (database or disk is full): "
        "free some space and run the command again; what was stored is kept\n"
    )


# --- First use by several processes at once.


@pytest.mark.slow  # rounds of six tracker processes started at once
def test_first_use_by_several_processes_at_once(db: str, tmp_path: Path) -> None:
    if not TRACKER.exists():
        pytest.skip(f"no installed tracker command at {TRACKER}")
    upgrade = (["db", "upgrade"], "", f"database at revision {head_revision()}\n")
    quotes = (["quotes", "--format", "json"], "[]\n", "")  # as first reported: reading migrates a new database
    if "://" in db:
        rounds = [(db, [upgrade] * 3 + [quotes] * 3)]
    else:
        empty = tmp_path / "empty.db"
        empty.touch()  # a file someone created but nothing migrated yet, which `quotes` may open
        # Without the lock three rounds in four had a failure: three rounds miss a regression about once in 60 runs.
        rounds = [
            (str(tmp_path / "fresh-1.db"), [upgrade] * 6),
            (str(empty), [upgrade] * 3 + [quotes] * 3),
            (str(tmp_path / "fresh-2.db"), [upgrade] * 6),
        ]
    for database, commands in rounds:
        processes = [
            (
                subprocess.Popen(
                    [str(TRACKER), "--db", database, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
                ),
                stdout,
                stderr,
            )
            for args, stdout, stderr in commands
        ]
        for process, stdout, stderr in processes:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert (out, err) == (stdout, stderr)
        assert current_revision(open_database(database, migrate=False)) == head_revision()

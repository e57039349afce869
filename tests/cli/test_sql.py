"""`tracker sql` runs one query read-only: the database refuses anything that would change something.

Every known way around it is tried twice: through the CLI (where a text check answers first) and
straight against the database with that check off, to show the database alone holds the line.
On PostgreSQL it is tried as the read-only role the README tells you to make and as a role that may
write every table, so the READ ONLY transaction, not the missing privilege, is what refuses.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import ROOT
from tracker.cli import cli
from tracker.errors import TrackerError
from tracker.reports.sql import readonly_query

ADMIN = "tracker"  # the superuser of the test server (conftest's TRACKER_TEST_POSTGRES_URL)
FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def _readme_role_sql(role: str) -> list[str]:
    """The statements README's "SQL reporting" gives for a read-only role, for `role`."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### SQL reporting", 1)[1].split("\n## ", 1)[0]
    block = next(b for b in re.findall(r"```sql\n(.*?)```", section, re.S) if "CREATE ROLE" in b)
    lines = [re.sub(r"\s*--.*", "", line) for line in block.splitlines()]
    return [line.replace("tracker_reader", role) for line in lines if line.strip()]


def _admin(db: str) -> str:
    return db if "://" in db else f"sqlite:///{db}"


@pytest.fixture(scope="module")
def roles(seeded_db: str) -> Iterator[dict[str, str]]:
    """Where `tracker sql` is pointed: the SQLite file, or the PostgreSQL store as two roles."""
    if "://" not in seeded_db:
        yield {"file": seeded_db}
        return
    suffix = uuid.uuid4().hex[:8]
    reader, writer = f"tracker_reader_{suffix}", f"tracker_writer_{suffix}"
    engine = create_engine(seeded_db, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in _readme_role_sql(reader):
            connection.exec_driver_sql(statement)
        for statement in (
            f"CREATE ROLE {writer} LOGIN",
            f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {writer}",
            f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {writer}",
            f"GRANT CREATE ON SCHEMA public TO {writer}",
            # What a careless server might offer: a way out to another session, and code that writes
            # with its owner's (a superuser's) rights.
            "CREATE EXTENSION IF NOT EXISTS dblink",
            "CREATE PROCEDURE wipe_quotes() LANGUAGE sql AS $$ DELETE FROM quotes $$",
            "CREATE FUNCTION wipe_quotes_definer() RETURNS bigint LANGUAGE sql SECURITY DEFINER"
            " AS $$ WITH d AS (DELETE FROM quotes RETURNING 1) SELECT count(*) FROM d $$",
        ):
            connection.exec_driver_sql(statement)
    url = make_url(seeded_db)
    try:
        yield {
            "reader": url.set(username=reader).render_as_string(hide_password=False),
            "writer": url.set(username=writer).render_as_string(hide_password=False),
        }
    finally:
        with engine.connect() as connection:
            for role in (reader, writer):
                connection.exec_driver_sql(f"DROP OWNED BY {role}")
                connection.exec_driver_sql(f"DROP ROLE {role}")
        engine.dispose()


@pytest.fixture
def sql_db(roles: dict[str, str]) -> str:
    """The database as `tracker sql` users should reach it (the read-only role on PostgreSQL)."""
    return roles.get("reader") or roles["file"]


def _state(db: str) -> str:
    """A fingerprint of every table's rows and of the schema, read as the owner."""
    engine = create_engine(_admin(db))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            schema = connection.exec_driver_sql("SELECT type, name, sql FROM sqlite_master ORDER BY name").all()
            tables = [name for kind, name, _ in schema if kind == "table"]
        else:
            schema = [
                *connection.exec_driver_sql(
                    "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1"
                ),
                *connection.exec_driver_sql(
                    "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"
                ),
                *connection.exec_driver_sql("SELECT extname FROM pg_extension ORDER BY 1"),
                *connection.exec_driver_sql(
                    "SELECT setrole, setconfig FROM pg_db_role_setting"
                    " WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1"
                ),
                *connection.exec_driver_sql("SELECT count(*) FROM pg_largeobject_metadata"),
                *connection.exec_driver_sql("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"),
            ]
            tables = list(connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
        parts = [repr(schema)]
        for table in sorted(tables):
            parts.append(repr(sorted(map(repr, connection.exec_driver_sql(f'SELECT * FROM "{table}"')))))
        quotes = connection.scalar(text("SELECT count(*) FROM quotes"))
    engine.dispose()
    assert quotes, "the seeded store has quotes to lose"
    assert "pwned" not in repr(schema)
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _files(db: str, tmp_path: Path) -> set[Path]:
    files = set(tmp_path.iterdir())
    if "://" not in db:
        files |= set(Path(db).parent.iterdir())
    return files


def _invoke(runner: CliRunner, db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--db", db, "sql", *args])
    return result.exit_code, result.stdout, result.stderr


def _rows(db: str, query: str, **options: object) -> list[tuple[object, ...]]:
    with readonly_query(db, query, **options) as result:  # type: ignore[arg-type]
        return list(result.rows)


# -- what must be refused ---------------------------------------------------------------------------

BOTH = [
    "DELETE FROM quotes",
    "UPDATE quotes SET text = 'x'",
    "INSERT INTO outlets (name, key) VALUES ('x', 'x')",
    "DROP TABLE quotes",
    "CREATE TABLE pwned (x int)",
    "SELECT 1; CREATE TABLE pwned (x int)",
    "SELECT 'a'';'; CREATE TABLE pwned (x int); --'",
    "SELECT * INTO pwned FROM quotes",
    "SELECT 1 /* ; */; CREATE TABLE pwned (x int)",
    "SELECT 1 -- ;\n; CREATE TABLE pwned (x int)",
    'SELECT 1 AS "a;"; CREATE TABLE pwned (x int)',
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "VALUES (1); DELETE FROM quotes",
]
POSTGRES = [
    # The splitter that used to be the guard did not know E'' strings: COMMIT then ran for real.
    "SELECT E'\\''; COMMIT; DELETE FROM quotes; CREATE TABLE pwned(x int); --'",
    "SELECT $$;$$; DELETE FROM quotes; CREATE TABLE pwned (x int)",
    "SELECT $a$ $$ ; $a$; CREATE TABLE pwned (x int); --",
    "COMMIT; CREATE TABLE pwned (x int)",
    "END; CREATE TABLE pwned (x int)",
    "ROLLBACK; SET default_transaction_read_only = off; CREATE TABLE pwned (x int)",
    "SET default_transaction_read_only = off",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    f"SET ROLE {ADMIN}",
    f"SELECT set_config('role', '{ADMIN}', true)",
    "SELECT set_config('transaction_read_only', 'off', true)",
    "DO $$ BEGIN CREATE TABLE pwned (x int); END $$",
    "COPY quotes TO PROGRAM 'touch {tmp}/pwned'",
    "COPY (SELECT 1) TO '{tmp}/pwned'",
    "SELECT pg_read_file('/etc/hostname')",
    "SELECT lo_export(lo_from_bytea(0, 'x'), '{tmp}/pwned')",
    "SELECT dblink_exec('{admin}', 'CREATE TABLE pwned (x int)')",
    "CREATE EXTENSION IF NOT EXISTS adminpack",
    "SELECT * FROM quotes FOR UPDATE",
    "WITH d AS (DELETE FROM quotes RETURNING id) SELECT count(*) FROM d",
    "CALL wipe_quotes()",
    "SELECT wipe_quotes_definer()",
    "PREPARE p AS DELETE FROM quotes",
    "EXECUTE p",
    "SELECT query_to_xml('CREATE TABLE pwned (x int)', true, true, '')",
    "SELECT nextval(pg_get_serial_sequence('quotes', 'id'))",
    "TRUNCATE quotes",
    "GRANT ALL ON quotes TO PUBLIC",
    "VACUUM quotes",
    "EXPLAIN ANALYZE DELETE FROM quotes",
]
SQLITE = [
    "SELECT E'\\''; DELETE FROM quotes; --'",
    "ATTACH DATABASE '{tmp}/pwned.db' AS pwned",
    "VACUUM INTO '{tmp}/pwned.db'",
    "VACUUM",
    "PRAGMA user_version = 5",
    "PRAGMA journal_mode = WAL",
    "PRAGMA writable_schema = ON",
    "UPDATE sqlite_master SET sql = 'CREATE TABLE pwned (x)' WHERE name = 'outlets'",
    "DELETE FROM main.sqlite_master",
    "SELECT * FROM pragma_journal_mode",
    "WITH x AS (SELECT 1) DELETE FROM quotes",
    "WITH x AS (SELECT 1) UPDATE quotes SET text = ''",
    "WITH x AS (SELECT 1) INSERT INTO outlets (name, key) SELECT 'x', 'x'",
    "REPLACE INTO outlets (name, key) VALUES ('x', 'x')",
    "SELECT load_extension('{tmp}/pwned')",
    "SELECT fts3_tokenizer('simple')",
    "CREATE TEMP TABLE pwned (x)",
    "CREATE TRIGGER pwned AFTER INSERT ON quotes BEGIN DELETE FROM quotes; END",
    "INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all')",
    "SAVEPOINT s",
    "REINDEX",
    "ANALYZE",
    "EXPLAIN DELETE FROM quotes",
]


def _bypasses() -> list[object]:
    return [
        *(pytest.param(q, None, id=q[:60]) for q in BOTH),
        *(pytest.param(q, "postgresql", id=f"pg {q[:57]}") for q in POSTGRES),
        *(pytest.param(q, "sqlite", id=f"sqlite {q[:53]}") for q in SQLITE),
    ]


@pytest.mark.parametrize(("query", "backend"), _bypasses())
def test_bypass_is_refused_and_changes_nothing(
    runner: CliRunner, seeded_db: str, roles: dict[str, str], tmp_path: Path, query: str, backend: str | None
) -> None:
    if backend and (backend == "postgresql") != ("://" in seeded_db):
        pytest.skip(f"a {backend} query")
    tmp_path.chmod(0o777)  # the server may write there, so a file it wrote would show
    url = make_url(_admin(seeded_db))
    admin = f"host={url.host} port={url.port} dbname={url.database} user={url.username}"
    query = query.format(tmp=tmp_path, admin=admin)
    before, files = _state(seeded_db), _files(seeded_db, tmp_path)
    for db in roles.values():
        code, out, err = _invoke(runner, db, query)
        assert (code, out) == (1, ""), err
        assert err.startswith("Error: ") and len(err.strip().splitlines()) == 1, err
        with pytest.raises(TrackerError):  # and without the text check: the database refuses
            _rows(db, query, check_text=False)
        assert _state(seeded_db) == before
        assert _files(seeded_db, tmp_path) == files


HARMLESS = {
    # Runs, and all it did goes with the transaction or the session.
    "postgresql": [
        "SELECT lo_from_bytea(0, 'x')",
        "SELECT set_config('default_transaction_read_only', 'off', false)",
        "SELECT set_config('statement_timeout', '0', false)",
    ],
    "sqlite": ["SELECT * FROM pragma_data_version"],
}


def test_what_runs_leaves_nothing_behind(seeded_db: str, roles: dict[str, str]) -> None:
    before = _state(seeded_db)
    for query in HARMLESS["postgresql" if "://" in seeded_db else "sqlite"]:
        assert _rows(roles.get("writer") or roles["file"], query, check_text=False)
    assert _state(seeded_db) == before


def test_a_role_that_is_or_can_become_superuser_is_refused(runner: CliRunner, seeded_db: str) -> None:
    if "://" not in seeded_db:
        pytest.skip("PostgreSQL roles")
    member = f"tracker_member_{uuid.uuid4().hex[:8]}"
    engine = create_engine(seeded_db, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {member} LOGIN IN ROLE {ADMIN}")
    member_db = make_url(seeded_db).set(username=member).render_as_string(hide_password=False)
    try:
        for db, said in ((seeded_db, "is a superuser"), (member_db, f"able to become superuser {ADMIN}")):
            code, _, err = _invoke(runner, db, "SELECT 1")
            assert code == 1 and said in err and "read-only role" in err, err
    finally:
        with engine.connect() as connection:
            connection.exec_driver_sql(f"DROP ROLE {member}")
        engine.dispose()


# -- what must work ---------------------------------------------------------------------------------


def _json(runner: CliRunner, db: str, query: str, *args: str) -> list[dict]:  # type: ignore[type-arg]
    code, out, err = _invoke(runner, db, query, "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)


def test_select_from_the_views(runner: CliRunner, sql_db: str) -> None:
    [row] = _json(
        runner,
        sql_db,
        "SELECT speaker, COUNT(*) AS n FROM quote_facts WHERE speaker = 'Pete Hegseth' GROUP BY speaker",
    )
    assert row["speaker"] == "Pete Hegseth" and row["n"] >= 5


def test_numeric_results_are_json_numbers(runner: CliRunner, sql_db: str) -> None:
    # NUMERIC is a Decimal from PostgreSQL, a float from SQLite: a JSON number either way.
    query = "SELECT CAST(0.25 AS NUMERIC(10, 2)) AS share, CAST(AVG(score) AS NUMERIC(10, 2)) AS mean FROM stance_facts"
    [row] = _json(runner, sql_db, query)
    assert row["share"] == 0.25 and isinstance(row["mean"], float)


def test_repeated_column_names_are_all_kept(runner: CliRunner, sql_db: str) -> None:
    query = "SELECT 1 AS a, 2 AS a, 3 AS a_2"
    assert _json(runner, sql_db, query) == [{"a": 1, "a_3": 2, "a_2": 3}]
    code, out, _ = _invoke(runner, sql_db, query, "--format", "csv")
    assert (code, out) == (0, "a,a_3,a_2\n1,2,3\n")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT rowid FROM quotes_fts",
        "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'Japan'",
        "SELECT name, type FROM pragma_table_info('quotes')",
        "SELECT * FROM pragma_table_xinfo('quotes')",
        "SELECT name FROM pragma_index_list('quotes')",
        "SELECT * FROM pragma_foreign_key_list('quotes')",
        "SELECT * FROM pragma_index_info((SELECT name FROM pragma_index_list('quotes') LIMIT 1))",
        "EXPLAIN QUERY PLAN SELECT * FROM quotes WHERE id = 1",
    ],
)
def test_sqlite_reads_that_need_a_pragma_or_a_virtual_table(runner: CliRunner, sql_db: str, query: str) -> None:
    if "://" in sql_db:
        pytest.skip("SQLite's FTS5 table and pragma functions")
    assert isinstance(_json(runner, sql_db, query), list)


def test_fts_and_pragma_functions_find_real_rows(runner: CliRunner, sql_db: str) -> None:
    if "://" in sql_db:
        pytest.skip("SQLite's FTS5 table and pragma functions")
    assert _json(runner, sql_db, "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH 'indispensable'")
    columns = {r["name"] for r in _json(runner, sql_db, "SELECT name FROM pragma_table_info('quotes')")}
    assert {"id", "text"} <= columns


def test_a_pragma_statement_gets_a_pointer_to_the_function(runner: CliRunner, sql_db: str) -> None:
    if "://" in sql_db:
        pytest.skip("SQLite pragmas")
    code, _, err = _invoke(runner, sql_db, "PRAGMA table_info(quotes)")
    assert code == 1 and "pragma_table_info" in err


def test_many_rows_stream_as_one_valid_document(runner: CliRunner, sql_db: str) -> None:
    # More rows than one PostgreSQL fetch and one write batch, so the seams are crossed.
    n = 5000
    query = f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i, 'é\n' AS t FROM s"
    expected = [{"i": i, "t": "é\n"} for i in range(1, n + 1)]
    assert _json(runner, sql_db, query) == expected
    code, out, _ = _invoke(runner, sql_db, query, "--format", "csv")
    assert code == 0 and [{"i": int(r["i"]), "t": r["t"]} for r in csv.DictReader(io.StringIO(out))] == expected
    code, out, _ = _invoke(runner, sql_db, query, "--format", "jsonl")
    assert code == 0 and [json.loads(line) for line in out.splitlines()] == expected


def test_empty_result_is_an_empty_array(runner: CliRunner, sql_db: str) -> None:
    assert _json(runner, sql_db, "SELECT id FROM quotes WHERE 1 = 0") == []


def test_missing_database_is_not_created(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "absent.db"
    code, _, err = _invoke(runner, str(db), "SELECT 1")
    assert code == 1 and "no database at" in err
    assert not db.exists()


# -- time limits ------------------------------------------------------------------------------------


def test_a_query_that_never_ends_is_stopped(runner: CliRunner, sql_db: str) -> None:
    code, out, err = _invoke(runner, sql_db, FOREVER, "--timeout", "1")
    assert (code, out, err) == (1, "", "Error: query stopped after 1 s (--timeout)\n")


def test_a_query_whose_rows_never_end_is_stopped(runner: CliRunner, sql_db: str) -> None:
    # The limit adds up the time spent fetching: rows that keep coming do not reset it.
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c WHERE x % 100 = 0"
    code, out, err = _invoke(runner, sql_db, endless, "--timeout", "1", "--format", "jsonl")
    assert code == 1 and err == "Error: query stopped after 1 s (--timeout)\n"
    assert out.startswith('{"x": 100}\n{"x": 200}\n')


def test_a_query_cannot_lift_its_own_limit(runner: CliRunner, sql_db: str) -> None:
    if "://" not in sql_db:
        pytest.skip("SQLite has no setting a query could change")
    # The first fetch turns statement_timeout off for the session; the second one then runs forever.
    query = (
        "SELECT set_config('statement_timeout', '0', false) FROM generate_series(1, 3000)"
        f" UNION ALL SELECT ({FOREVER})::text"
    )
    code, _, err = _invoke(runner, sql_db, query, "--timeout", "1", "--format", "jsonl")
    assert (code, err) == (1, "Error: query stopped after 1 s (--timeout)\n")


def _inside_the_query(process: subprocess.Popen[str], db: str) -> bool:
    """The command has reached its query: SQLite's file is open, or PostgreSQL runs a FETCH."""
    if "://" not in db:
        target = str(Path(db).resolve())
        try:
            return any(os.readlink(fd) == target for fd in Path(f"/proc/{process.pid}/fd").iterdir())
        except OSError:  # a descriptor closed while we looked
            return False
    engine = create_engine(_admin(db))
    with engine.connect() as connection:
        running = connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = :user AND application_name = 'tracker sql'"
                " AND state = 'active' AND query LIKE 'FETCH%'"
            ),
            {"user": make_url(db).username},
        )
    engine.dispose()
    return bool(running)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches the command through /proc")
def test_ctrl_c_stops_a_query_that_never_ends(sql_db: str) -> None:
    command = [sys.executable, "-c", "from tracker.cli import main; main()", "--db", sql_db, "sql", FOREVER]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        waited = time.monotonic()
        while not _inside_the_query(process, sql_db):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() - waited < 120, "the command never reached its query"
            time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, out, err) == (130, "", "Error: interrupted\n")

"""`tracker sql`: run one query with a guarantee, enforced by the database, that nothing changes.

SQLite: the file is opened with `mode=ro`, one statement per call (the sqlite3 module refuses more),
and an authorizer allows only reads: every write, ATTACH (so VACUUM INTO), load_extension and any
PRAGMA outside a short list of read-only ones are refused while the statement is prepared.

PostgreSQL: the query runs as `DECLARE ... CURSOR FOR <query>` sent over the extended query
protocol, so the server parses exactly one statement and only a query (SELECT, WITH, VALUES,
TABLE; no data-modifying WITH) is valid there. It runs in a READ ONLY transaction that it cannot
end, and that is rolled back. A superuser can step out of any transaction (dblink, lo_export,
set_config('role', ...)), so a role that is or can become one is refused.

Both stream rows (a server-side cursor on PostgreSQL) and stop the query once the database has
spent its time budget on it; Ctrl-C raises KeyboardInterrupt after the query is stopped. The text check in `check_query` only gives a
friendlier message first; it is not what keeps the data safe.
"""

from __future__ import annotations

import re
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

from tracker.errors import DatabaseError, ReadOnlyViolation
from tracker.store.engine import database_url

if TYPE_CHECKING:
    import psycopg

DEFAULT_TIMEOUT = 60.0
#: Rows fetched at a time; memory stays bounded by it.
BATCH_ROWS = 2000

QUERY_KEYWORDS = {
    "sqlite": ("select", "with", "values", "explain"),
    # Only what DECLARE CURSOR accepts; EXPLAIN is a different statement there.
    "postgresql": ("select", "with", "values", "table"),
}
#: Pragmas that only report on the schema (their argument names an object, it never sets a
#: value). data_version is what FTS5 reads when it opens a virtual table.
READ_PRAGMAS = frozenset(
    {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list"}
    | {"data_version"}
)
_DENIED_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer"})
_SQLITE_READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, getattr(sqlite3, "SQLITE_RECURSIVE", 33)})
_LEADING = re.compile(r"(?:\s+|--[^\n]*|/\*.*?\*/|\()*", re.S)
_ONE_STATEMENT = "only one SQL statement may be run at a time"


class QueryTimeout(DatabaseError):
    """The query ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after {seconds:g} s")
        self.seconds = seconds


@dataclass
class QueryResult:
    """Unique column names and the rows, fetched as they are read."""

    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


@dataclass
class _Budget:
    """The seconds the database may spend on the query, summed over its fetches. Writing the rows
    out does not count, so a long export is not cut short; a query that never ends still stops."""

    timeout: float | None
    spent: float = 0.0
    _since: float | None = None

    @contextmanager
    def running(self) -> Iterator[None]:
        self._since = time.monotonic()
        try:
            yield
        finally:
            self.spent += time.monotonic() - self._since
            self._since = None

    def remaining(self) -> float | None:
        if self.timeout is None:
            return None
        now = 0.0 if self._since is None else time.monotonic() - self._since
        return self.timeout - self.spent - now

    def passed(self) -> bool:
        left = self.remaining()
        return left is not None and left <= 0

    def stopped(self) -> QueryTimeout:
        return QueryTimeout(self.timeout or 0)


def check_query(sql: str, backend: str = "sqlite") -> None:
    """Refuse, with a friendly message, text that is obviously not a query."""
    body = _LEADING.sub("", sql, count=1)  # the leftmost match is the (maybe empty) leading one
    if not body.strip(" \t\n;"):
        raise ReadOnlyViolation("empty query")
    word = re.match(r"\w+", body)
    first = word.group(0).lower() if word else ""
    allowed = QUERY_KEYWORDS[backend]
    if first not in allowed:
        hint = " (use SELECT * FROM pragma_table_info('quotes') and the like)" if first == "pragma" else ""
        raise ReadOnlyViolation(
            f"only queries can be run ({', '.join(k.upper() for k in allowed)}), not {first.upper() or body[:1]}{hint}"
        )


def unique_columns(names: Sequence[str]) -> list[str]:
    """`names` with repeats renamed `a_2`, `a_3`, ... (as sqlite-utils does), so no column is lost."""
    taken, used, result = set(names), set(), []
    for name in names:
        new, n = name, 1
        # A suffix another column already has is skipped: `a, a, a_2` becomes `a, a_3, a_2`.
        while new in used or (new != name and new in taken):
            n += 1
            new = f"{name}_{n}"
        used.add(new)
        result.append(new)
    return result


@contextmanager
def readonly_query(
    db: str, sql: str, *, timeout: float | None = DEFAULT_TIMEOUT, check_text: bool = True
) -> Iterator[QueryResult]:
    """Run one read-only query against `db` (a path or URL); rows are read inside the `with`.

    Args:
        timeout: seconds the database may spend on the query, its fetches added up, before it is
            stopped with QueryTimeout; None for no limit.
        check_text: refuse obvious non-queries with a friendly message before the database does.
    """
    url = make_url(database_url(db)) if "://" in db else None
    backend = "sqlite" if url is None else url.get_backend_name()
    if backend not in QUERY_KEYWORDS:
        raise DatabaseError(f"tracker sql runs on SQLite and PostgreSQL, not {backend}")
    if check_text:
        check_query(sql, backend)
    budget = _Budget(timeout)
    if url is None or backend == "sqlite":
        path = Path(db).expanduser() if url is None else Path(url.database or "")
        with _sqlite_query(path, sql, budget) as result:
            yield result
    else:
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        with _postgres_query(conninfo, sql, budget) as result:
            yield result


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, dbname: str | None, _: str | None) -> int:
    if action in _SQLITE_READ_ACTIONS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if (arg2 or "").lower() in _DENIED_FUNCTIONS else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in READ_PRAGMAS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and arg1 == "sqlite_master" and dbname == "main":
        # Asked the first time a connection opens a virtual table (FTS5, pragma functions), and
        # nothing is written: a real UPDATE of the schema table needs writable_schema, which is
        # refused above, on a file opened read-only.
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


@contextmanager
def _sigint_sets(flag: threading.Event) -> Iterator[None]:
    """Ctrl-C sets `flag` instead of raising: a KeyboardInterrupt raised inside SQLite's progress
    callback would be swallowed, and without the callback SQLite would not notice until done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: flag.set())
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def _sqlite_query(path: Path, query: str, budget: _Budget) -> Iterator[QueryResult]:
    if not path.is_file():
        raise DatabaseError(f"no database at {path}")
    interrupted = threading.Event()
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.set_authorizer(_sqlite_authorizer)
        # Called every 1000 VM steps; a true result aborts the statement with "interrupted".
        connection.set_progress_handler(lambda: interrupted.is_set() or budget.passed(), 1000)
        with _sigint_sets(interrupted):
            try:
                with budget.running():
                    cursor = connection.execute(query)

                def rows() -> Iterator[tuple[Any, ...]]:
                    while True:
                        with budget.running():
                            batch = cursor.fetchmany(BATCH_ROWS)
                        if not batch:
                            return
                        yield from batch

                yield QueryResult(unique_columns([d[0] for d in cursor.description or ()]), rows())
            except sqlite3.Error as exc:
                if interrupted.is_set():
                    raise KeyboardInterrupt from None
                if budget.passed():
                    raise budget.stopped() from None
                raise _sqlite_error(exc) from None
            if interrupted.is_set():
                raise KeyboardInterrupt
    finally:
        connection.close()


def _sqlite_error(exc: sqlite3.Error) -> Exception:
    message = str(exc)
    if isinstance(exc, sqlite3.ProgrammingError) and "one statement" in message:
        return ReadOnlyViolation(_ONE_STATEMENT)
    if "not authorized" in message or "authorization denied" in message or "readonly" in message:
        return ReadOnlyViolation(f"refused: the query would change the database or read outside it ({message})")
    return DatabaseError(f"query failed: {message}")


@contextmanager
def _postgres_query(conninfo: str, query: str, budget: _Budget) -> Iterator[QueryResult]:
    try:
        import psycopg
    except ImportError:
        raise DatabaseError('PostgreSQL needs psycopg: pip install -e ".[postgres]"') from None
    try:
        # autocommit: the transaction is ours to open (READ ONLY) and never to commit.
        connection = psycopg.connect(conninfo, autocommit=True, application_name="tracker sql")
    except psycopg.OperationalError as exc:
        raise DatabaseError(f"cannot open database: {_first_line(exc)}") from None
    try:
        connection.execute("BEGIN READ ONLY")
        _refuse_superuser(connection)
        cursor = connection.cursor(name="tracker_sql")
        _limit_statement(connection, budget)
        with budget.running():
            # psycopg sends DECLARE over the extended protocol: one statement, and a query only.
            cursor.execute(query)
        columns = unique_columns([d.name for d in cursor.description or ()])

        def rows() -> Iterator[tuple[Any, ...]]:
            while True:
                _limit_statement(connection, budget)
                with budget.running():
                    batch = cursor.fetchmany(BATCH_ROWS)
                if not batch:
                    return
                yield from batch

        yield QueryResult(columns, rows())
    except psycopg.errors.QueryCanceled as exc:
        # Ctrl-C does not come here: psycopg cancels the statement itself and raises
        # KeyboardInterrupt. This is our statement_timeout, or a cancel from elsewhere.
        if budget.timeout is not None and "statement timeout" in str(exc):
            raise budget.stopped() from None
        raise _postgres_error(exc) from None
    except psycopg.Error as exc:
        raise _postgres_error(exc) from None
    finally:
        connection.close()  # without COMMIT: the server rolls the transaction back


def _limit_statement(connection: psycopg.Connection[Any], budget: _Budget) -> None:
    """Give the next statement (one FETCH) only the time left, so the limit covers the whole query
    and a query cannot lift it with set_config for later fetches."""
    left = budget.remaining()
    if left is None:
        return
    if left <= 0:
        raise budget.stopped()
    milliseconds = min(max(1, int(left * 1000)), 2**31 - 1)  # the setting's range
    connection.execute("SELECT set_config('statement_timeout', %s, true)", [f"{milliseconds}ms"])


def _refuse_superuser(connection: psycopg.Connection[Any]) -> None:
    row = connection.execute(
        "SELECT session_user, rolname FROM pg_roles WHERE rolsuper AND pg_has_role(session_user, oid, 'MEMBER')"
        " ORDER BY rolname <> session_user LIMIT 1"
    ).fetchone()
    if row:
        user, superuser = row
        as_ = "a superuser" if user == superuser else f"able to become superuser {superuser}"
        raise ReadOnlyViolation(
            f"refused: role {user} is {as_}, which no read-only transaction holds back;"
            " connect as a read-only role (README, SQL reporting)"
        )


def _postgres_error(exc: Exception) -> Exception:
    message = _first_line(exc)
    state = getattr(exc, "sqlstate", None) or ""
    if "multiple commands" in message:
        return ReadOnlyViolation(_ONE_STATEMENT)
    # 25xxx read-only transaction, 42501 insufficient privilege, 0A000 e.g. a writing WITH.
    if state.startswith("25") or state in ("42501", "0A000"):
        return ReadOnlyViolation(f"refused: {message}")
    return DatabaseError(f"query failed: {message}")


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]

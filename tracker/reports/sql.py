"""`tracker sql`: run one query with a guarantee that nothing in the database changes.

Read-only is enforced by the database, not by inspecting the text alone: SQLite files are opened
with `mode=ro` and an authorizer that allows only reads (so ATTACH, VACUUM INTO, PRAGMA and every
write are refused); PostgreSQL runs the query in a READ ONLY transaction that is rolled back.
The text check on top refuses several statements in one string and anything but a query.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from tracker.errors import DatabaseError, ReadOnlyViolation
from tracker.store.engine import database_url

QUERY_KEYWORDS = ("select", "with", "values", "explain")
_SQLITE_READ_ACTIONS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    getattr(sqlite3, "SQLITE_RECURSIVE", 33),
}
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\$(\w*)\$.*?\$\1\$|;|[^'"$;/-]+|.""", re.S)


def _strip(sql: str) -> list[str]:
    """The statement's tokens with comments dropped, strings and identifiers kept whole."""
    return [m.group(0) for m in _TOKEN.finditer(sql) if not m.group(0).startswith(("--", "/*"))]


def check_single_query(sql: str) -> str:
    """The query without a trailing semicolon; raises when it is several statements or no query."""
    tokens = _strip(sql)
    while tokens and (not tokens[-1].strip() or tokens[-1] == ";"):
        tokens.pop()
    if ";" in tokens:
        raise ReadOnlyViolation("only one SQL statement may be run at a time")
    body = "".join(tokens).strip()
    if not body:
        raise ReadOnlyViolation("empty query")
    first = body.split(None, 1)[0].lower()
    if first not in QUERY_KEYWORDS:
        raise ReadOnlyViolation(
            f"only queries can be run ({', '.join(k.upper() for k in QUERY_KEYWORDS)}), not {first.upper()}"
        )
    return body


def _sqlite_authorizer(action: int, *_: Any) -> int:
    return sqlite3.SQLITE_OK if action in _SQLITE_READ_ACTIONS else sqlite3.SQLITE_DENY


def _run_sqlite(path: str, query: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    if not Path(path).is_file():
        raise DatabaseError(f"no database at {path}")
    connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    connection.set_authorizer(_sqlite_authorizer)
    try:
        cursor = connection.execute(query)
    except sqlite3.DatabaseError as exc:
        connection.close()
        message = str(exc)
        if "not authorized" in message or "authorization denied" in message:
            raise ReadOnlyViolation(
                f"refused: the query would change the database or read outside it ({message})"
            ) from None
        raise DatabaseError(f"query failed: {message}") from None
    except sqlite3.ProgrammingError as exc:
        connection.close()
        raise ReadOnlyViolation(str(exc)) from None
    columns = [d[0] for d in cursor.description or ()]

    def rows() -> Iterator[tuple[Any, ...]]:
        try:
            yield from cursor
        finally:
            connection.close()

    return columns, rows()


def _run_server(url: str, query: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(postgresql_readonly=True)
            with connection.begin() as transaction:
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql("SET TRANSACTION READ ONLY")
                result = connection.exec_driver_sql(query)
                columns = list(result.keys())
                rows = [tuple(r) for r in result] if result.returns_rows else []
                transaction.rollback()
    except DBAPIError as exc:
        message = str(exc.orig).strip().splitlines()[0]
        if "read-only" in message or "read only" in message:
            raise ReadOnlyViolation(f"refused: {message}") from None
        raise DatabaseError(f"query failed: {message}") from None
    finally:
        engine.dispose()
    return columns, iter(rows)


def run_readonly(db: str, sql: str) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """Column names and rows of one read-only query against `db` (a path or URL)."""
    query = check_single_query(sql)
    url = make_url(database_url(db)) if "://" in db else None
    if url is None or url.get_backend_name() == "sqlite":
        path = db if url is None else (url.database or "")
        return _run_sqlite(path, query)
    return _run_server(url.render_as_string(hide_password=False), query)

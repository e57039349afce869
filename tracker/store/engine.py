"""Open a database from a path or URL, migrate it to head, and hand out sessions."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from tracker.errors import DatabaseError, StorageUnavailable, TrackerError

DEFAULT_DB = "tracker.db"
SUPPORTED = "use a SQLite file path, a sqlite:///PATH URL or a postgresql+psycopg://USER@HOST/NAME URL"
SQLITE_HEADER = b"SQLite format 3\x00"

# Primary result codes (the low byte of an extended code) that mean no later write can succeed either.
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_NOTADB = 26
# PostgreSQL SQLSTATEs with the same meaning: a read-only transaction (a standby, or
# default_transaction_read_only), no permission to write, a full disk.
_PG_READ_ONLY = "25006"
_PG_NO_PRIVILEGE = "42501"
_PG_DISK_FULL = "53100"


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`, which is either a URL or a SQLite file path.

    Raises:
        DatabaseError: the URL is malformed or names a database this tracker cannot use.
    """
    if "://" in db:
        try:
            url = make_url(db)
        except ArgumentError as exc:
            raise DatabaseError(f"invalid database URL {db!r}: {SUPPORTED}") from exc
        _check_supported(url, db)
        return db
    path = Path(db).expanduser()
    if not path.parent.exists():
        raise DatabaseError(f"cannot open database {db}: directory {path.parent} does not exist")
    if path.is_dir():
        raise DatabaseError(f"cannot open database {db}: it is a directory")
    return f"sqlite:///{path}"


def _check_supported(url: URL, db: str) -> None:
    # Split the name by hand: asking SQLAlchemy for the driver imports the dialect, which fails for an unknown one.
    backend, _, driver = url.drivername.partition("+")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return
    if backend == "postgresql" and driver == "psycopg":
        if importlib.util.find_spec("psycopg") is None:
            raise DatabaseError('PostgreSQL needs psycopg, which is not installed: pip install "psycopg[binary]>=3.1"')
        return
    raise DatabaseError(f"unsupported database URL {shown(db)!r}: {SUPPORTED}")


def shown(db: str) -> str:
    """`db` fit for a message: a URL's password masked."""
    if "://" not in db:
        return db
    try:
        return make_url(db).render_as_string(hide_password=True)
    except ArgumentError:
        return db


def sqlite_path(db: str) -> Path | None:
    """The file behind `db` when it is a SQLite file; None for a server URL or an in-memory database."""
    if "://" not in db:
        return Path(db).expanduser()
    url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):  # a SQLite URI filename: its path is SQLite's business
        return None
    return Path(url.database).expanduser()


def require_database(db: str) -> None:
    """Raise unless `db` is a SQLite file that exists (and looks like one) or a server URL.

    Commands that only read call this first, so a mistyped --db never leaves an empty database behind.
    """
    path = sqlite_path(db)
    if path is None:
        return
    if path.is_dir():
        raise DatabaseError(f"cannot open database {db}: it is a directory")
    if not path.parent.is_dir():
        raise DatabaseError(f"no database at {db}: directory {path.parent} does not exist")
    if not path.is_file():
        raise DatabaseError(f"no database at {db}: run `tracker ingest` first")
    _check_header(path, db)


def _check_header(path: Path, db: str) -> None:
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseError(f"cannot read database {db}: {exc.strerror}") from exc
    # An empty file is a valid, empty SQLite database.
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{db} is not a SQLite database: give the path of a tracker database with --db")


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Concurrent writers wait for each other instead of failing at once.
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def create_db_engine(db: str) -> Engine:
    url = database_url(db)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def open_database(db: str, *, migrate: bool = True) -> Engine:
    """An engine on `db`, migrated to the newest schema unless `migrate` is False.

    A SQLite file that does not exist yet is created (callers that must not create one call
    `require_database` first).

    Raises:
        DatabaseError: `db` cannot be opened, is not a database, or cannot be migrated.
    """
    path = sqlite_path(db)
    if path is not None and path.is_file():
        _check_header(path, db)
    engine = create_db_engine(db)
    try:
        with engine.connect() as connection:
            # Reads the schema, so a file that is not a database fails here rather than mid-migration.
            if engine.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA schema_version")
            else:
                connection.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise describe_error(exc, db) from exc
    if migrate:
        from tracker.store.migrate import upgrade

        upgrade(engine)
    return engine


def _chain(exc: BaseException) -> list[BaseException]:
    """`exc`, the DBAPI error it wraps, and the errors it was raised from or while handling."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop(0)
        if current is None or any(current is s for s in seen) or len(seen) > 20:
            continue
        seen.append(current)
        todo += [getattr(current, "orig", None), current.__cause__, current.__context__]
    return seen


def classify_write_error(exc: BaseException) -> TrackerError | None:
    """The error to stop on when `exc` means no later write can succeed either; None for an error
    that concerns only the statement that raised it (a constraint, a lock conflict).

    A full disk on SQLite surfaces as "no such savepoint" (SQLite has already rolled the whole
    transaction back), so the errors `exc` was raised while handling are looked at too.
    """
    for error in _chain(exc):
        code = _sqlite_code(error)
        if code is not None:
            if code == _SQLITE_READONLY:
                return StorageUnavailable(
                    f"the database is read-only ({error}): make the file and its directory writable, "
                    "or give another --db"
                )
            if code == _SQLITE_FULL:
                return StorageUnavailable(
                    f"disk full ({error}): free some space and run the command again; what was stored is kept"
                )
            if code == _SQLITE_IOERR:
                return StorageUnavailable(f"the disk failed ({error}): check the disk, then run the command again")
            if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
                return DatabaseError(f"the database is damaged ({error}): restore it from a backup")
        sqlstate = getattr(error, "sqlstate", None)
        if sqlstate == _PG_READ_ONLY:
            return StorageUnavailable(
                f"the database is read-only ({_first_line(error)}): connect to a writable server or database"
            )
        if sqlstate == _PG_NO_PRIVILEGE:
            return StorageUnavailable(
                f"no permission to write ({_first_line(error)}): grant the user write access, or connect as another"
            )
        if sqlstate == _PG_DISK_FULL:
            return StorageUnavailable(
                f"disk full on the database server ({_first_line(error)}): free some space and run the command again"
            )
    return None


def describe_error(exc: DBAPIError, db: str) -> DatabaseError:
    """A one-line DatabaseError for a failure to open or read `db`."""
    if any(_sqlite_code(error) == _SQLITE_NOTADB for error in _chain(exc)):
        return DatabaseError(f"{db} is not a SQLite database: give the path of a tracker database with --db")
    known = classify_write_error(exc)
    if isinstance(known, DatabaseError):
        return known
    return DatabaseError(f"cannot open database {shown(db)}: {_first_line(exc.orig)}")


def _sqlite_code(error: BaseException) -> int | None:
    """The primary result code of a sqlite3 error (the low byte of its extended code)."""
    if isinstance(error, sqlite3.Error):
        return int(getattr(error, "sqlite_errorcode", 0)) & 0xFF
    return None


def _first_line(error: BaseException | None) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

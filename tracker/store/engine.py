"""Open a database from a path or URL, migrate it to head, and hand out sessions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from tracker.errors import DatabaseError

DEFAULT_DB = "tracker.db"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`, which is either a URL or a SQLite file path."""
    if "://" in db:
        try:
            make_url(db)
        except ArgumentError as exc:
            raise DatabaseError(f"invalid database URL {db!r}: {exc}") from exc
        return db
    path = Path(db).expanduser()
    if not path.parent.exists():
        raise DatabaseError(f"cannot open database {db}: directory {path.parent} does not exist")
    if path.is_dir():
        raise DatabaseError(f"cannot open database {db}: it is a directory")
    return f"sqlite:///{path}"


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
    """An engine on `db`, migrated to the newest schema unless `migrate` is False."""
    engine = create_db_engine(db)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {db}: {exc.orig}") from exc
    if migrate:
        from tracker.store.migrate import upgrade

        upgrade(engine)
    return engine

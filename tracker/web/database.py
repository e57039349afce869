"""The review app's database connection: read-only, enforced by the database rather than by the app.

SQLite is opened through a `mode=ro` URI (and `query_only`), so no statement can change the file;
PostgreSQL sessions run in READ ONLY transactions (psycopg's `read_only`, which SQLAlchemy sets from the
`postgresql_readonly` execution option), so the server refuses every write.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from tracker.errors import DatabaseError
from tracker.store.engine import database_url, describe_error, require_database, shown, sqlite_path


def readonly_engine(db: str) -> Engine:
    """An engine on the existing database `db` (path or URL) that can only read.

    Raises:
        DatabaseError: there is no database at `db`, or it cannot be opened.
    """
    require_database(db)
    path = sqlite_path(db)
    url = make_url(database_url(db))
    if path is not None:
        uri = f"{path.resolve().as_uri()}?mode=ro"

        def connect() -> sqlite3.Connection:
            # Requests are served from a thread pool; SQLAlchemy's pool hands each connection to one thread at a time.
            connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
            connection.execute("PRAGMA query_only=ON")
            # An ingest writing at the same time holds the lock briefly; wait for it rather than fail the page.
            connection.execute("PRAGMA busy_timeout=10000")
            return connection

        engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool)
    elif url.get_backend_name() == "postgresql":
        engine = create_engine(url).execution_options(postgresql_readonly=True)
    else:  # pragma: no cover - database_url accepts nothing else
        raise DatabaseError(f"cannot serve {shown(db)}")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        raise describe_error(exc, db) from exc
    return engine


def check_schema(engine: Engine, db: str) -> None:
    """Refuse a database that is not at this tracker's newest schema: the app cannot migrate it.

    Raises:
        DatabaseError: the database is empty, older or newer than this tracker.
    """
    from tracker.store.migrate import check_known, current_revision, head_revision

    try:
        current = current_revision(engine)
    except DBAPIError as exc:
        raise describe_error(exc, db) from exc
    if current is None:
        raise DatabaseError(f"no tracker data in {shown(db)}: run `tracker ingest` first")
    check_known(current)
    if current != head_revision():
        raise DatabaseError(
            f"the database {shown(db)} has an older schema (revision {current}): run `tracker db upgrade` first"
        )

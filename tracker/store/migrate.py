"""Alembic, driven from Python: the CLI and the tests migrate the same way."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tracker.errors import DatabaseError
from tracker.store.engine import classify_write_error

_PACKAGE = Path(__file__).resolve().parents[1]
#: Where the Alembic revisions are: inside the installed package (setup.py ships the top-level
#: migrations/ folder as tracker/migrations), else at the top of the source tree.
MIGRATIONS = (
    _PACKAGE / "migrations" if (_PACKAGE / "migrations" / "env.py").is_file() else _PACKAGE.parent / "migrations"
)
# Created by migrations with raw SQL (FTS5 tables and their shadow tables, the PostgreSQL text index):
# not part of the models, so left out of schema comparisons.
RAW_SQL_PREFIXES = ("quotes_fts", "ix_quotes_text_fts")
# Any 64-bit constant; serialises concurrent first-time migrations on one PostgreSQL database.
PG_MIGRATION_LOCK = 7_310_455_201


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (name and name.startswith(RAW_SQL_PREFIXES))


def alembic_config() -> Config:
    """The configuration the CLI and the tests migrate with. It needs no alembic.ini (an installed
    tracker has none): the database comes as a connection, and logging is left to the caller."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_known(revision: str | None) -> None:
    """Raise when the database is at a revision these migrations do not have."""
    if revision is None:
        return
    script = ScriptDirectory.from_config(alembic_config())
    if revision not in {r.revision for r in script.walk_revisions()}:
        raise DatabaseError(f"database was created by a newer tracker (revision {revision}): upgrade tracker")


def _run(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config()
    try:
        with engine.begin() as connection:
            # Two processes opening a fresh database at once must not both create the tables: hold a
            # lock that only one of them gets, and let Alembic read the revision again under it.
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
            elif connection.dialect.name == "sqlite":
                # The driver starts no transaction for DDL on its own; this one also makes the migration atomic.
                connection.exec_driver_sql("BEGIN EXCLUSIVE")
            check_known(MigrationContext.configure(connection).get_current_revision())
            config.attributes["connection"] = connection
            getattr(command, action)(config, revision)
    except CommandError as exc:
        raise DatabaseError(f"cannot {action} to {revision}: {exc}") from exc
    except DBAPIError as exc:
        known = classify_write_error(exc)
        if known is None:
            raise
        raise type(known)(f"cannot migrate the database: {known}") from exc


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate up to `revision`; a no-op (one query) when already there.

    Raises:
        DatabaseError: the database is newer than these migrations, `revision` is unknown, or the
            database cannot be written.
    """
    current = current_revision(engine)
    check_known(current)
    if revision == "head" and current == head_revision():
        return
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    check_known(current_revision(engine))
    _run(engine, "downgrade", revision)

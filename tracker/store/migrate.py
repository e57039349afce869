"""Alembic, driven from Python: the CLI and the tests migrate the same way."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Created by migrations with raw SQL (FTS5 tables and their shadow tables, the PostgreSQL text index):
# not part of the models, so left out of schema comparisons.
RAW_SQL_PREFIXES = ("quotes_fts", "ix_quotes_text_fts")
# Any 64-bit constant; serialises concurrent first-time migrations on one PostgreSQL database.
PG_MIGRATION_LOCK = 7_310_455_201


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    return not (name and name.startswith(RAW_SQL_PREFIXES))


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _run(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate up to `revision`; a no-op (one query) when already there."""
    if revision == "head" and current_revision(engine) == head_revision():
        return
    _run(engine, "upgrade", revision)


def downgrade(engine: Engine, revision: str) -> None:
    _run(engine, "downgrade", revision)

"""The migrations build exactly the models' schema, go down and up again, and have one head."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from tracker.store.engine import open_database
from tracker.store.migrate import alembic_config, current_revision, downgrade, head_revision, include_name, upgrade
from tracker.store.models import Base

VIEWS = {"quote_facts", "stance_facts", "speakers", "speaker_aliases", "speaker_roles", "targets"}


def _differences(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name, "compare_type": True})
        return compare_metadata(context, Base.metadata)


def test_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1


def test_upgrade_gives_the_models_schema(db: str) -> None:
    engine = open_database(db)
    assert current_revision(engine) == head_revision()
    assert _differences(engine) == []
    inspector = inspect(engine)
    assert {"outlets", "articles", "entities", "entity_aliases", "quotes"} <= set(inspector.get_table_names())
    assert VIEWS <= set(inspector.get_view_names())


def test_every_revision_goes_down_and_up_again(db: str) -> None:
    engine = open_database(db, migrate=False)
    script = ScriptDirectory.from_config(alembic_config())
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for revision in revisions:
        previous = script.get_revision(revision).down_revision or "base"
        upgrade(engine, revision)
        downgrade(engine, previous)
        assert (current_revision(engine) or "base") == previous
        upgrade(engine, revision)
        assert current_revision(engine) == revision
    assert _differences(engine) == []
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    assert not VIEWS & set(inspect(engine).get_view_names())

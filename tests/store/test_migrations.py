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


OLD_ROWS = [
    "INSERT INTO outlets (name, key) VALUES ('Riverside Ledger', 'riverside ledger')",
    "INSERT INTO articles (external_id, title, outlet_id, published, text, content_hash, extractor_version) "
    "SELECT 'alvarez-budget', 'Alvarez vows to protect school budget', id, '2024-03-04', "
    "'Senator Maria Alvarez said ...', 'h1', 'v1' FROM outlets",
    "INSERT INTO speakers (name, key, kind) VALUES ('Maria Alvarez', 'maria alvarez', 'person')",
    "INSERT INTO speakers (name, key, kind) VALUES ('John Okafor', 'john okafor', 'person')",
    "INSERT INTO speaker_aliases (speaker_id, alias, key) SELECT id, 'Alvarez', 'alvarez' FROM speakers "
    "WHERE key = 'maria alvarez'",
    "INSERT INTO speaker_aliases (speaker_id, alias, key) SELECT id, 'Okafor', 'okafor' FROM speakers "
    "WHERE key = 'john okafor'",
    "INSERT INTO speaker_roles (speaker_id, role) SELECT id, 'Senator' FROM speakers WHERE key = 'maria alvarez'",
    "INSERT INTO targets (name, key, kind) VALUES ('Japan', 'japan', 'country')",
    # A target that is also a speaker: after 0003 both are one entity.
    "INSERT INTO targets (name, key, kind) VALUES ('Maria Alvarez', 'maria alvarez', 'person')",
    "INSERT INTO target_aliases (target_id, alias, key) SELECT id, 'Tokyo', 'tokyo' FROM targets WHERE key = 'japan'",
    *(
        f"INSERT INTO quotes (article_id, speaker_id, kind, text, content_start, content_end, extractor_version) "
        f"SELECT a.id, {speaker}, '{kind}', '{text}', {start}, {start + len(text)}, 'v1' FROM articles a"
        for speaker, kind, text, start in [
            ("(SELECT id FROM speakers WHERE key = 'maria alvarez')", "direct", "We will win", 0),
            ("(SELECT id FROM speakers WHERE key = 'john okafor')", "direct", "Japan is a partner", 20),
            ("NULL", "indirect", "the bridge opens in May", 40),
        ]
    ),
    *(
        f"INSERT INTO stances (quote_id, target_id, mention, mention_start, mention_end, label, score) "
        f"SELECT q.id, t.id, '{mention}', 0, {len(mention)}, '{label}', {score} FROM quotes q, targets t "
        f"WHERE q.text = '{quote}' AND t.key = '{target}'"
        for quote, target, mention, label, score in [
            ("Japan is a partner", "japan", "Japan", "positive", 0.8),
            ("Japan is a partner", "maria alvarez", "Maria Alvarez", "neutral", 0.1),
            ("We will win", "japan", "Japan", "negative", -0.4),
        ]
    ),
]


def test_upgrade_from_0002_keeps_speakers_targets_quotes_and_stances(db: str) -> None:
    from sqlalchemy import text

    engine = open_database(db, migrate=False)
    upgrade(engine, "0002")
    with engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(text(statement))
        speaker_ids = dict(connection.execute(text("SELECT key, id FROM speakers")).all())
        quote_speakers = connection.execute(text("SELECT id, speaker_id FROM quotes ORDER BY id")).all()
    upgrade(engine, "head")

    def rows(query: str) -> list[tuple[object, ...]]:
        with engine.connect() as connection:
            # Dates as ISO text, as SQLite gives them.
            return [
                tuple(str(v) if hasattr(v, "isoformat") else v for v in row) for row in connection.execute(text(query))
            ]

    maria, okafor = speaker_ids["maria alvarez"], speaker_ids["john okafor"]
    assert rows("SELECT id, speaker_id, speaker_name, speaker_kind FROM quotes ORDER BY id") == [
        (quote_speakers[0][0], maria, "Maria Alvarez", "person"),
        (quote_speakers[1][0], okafor, "John Okafor", "person"),
        (quote_speakers[2][0], None, None, None),
    ]
    # 0007: stored quotes keep their text; their pieces wait for a reprocess.
    assert rows("SELECT text, pieces FROM quotes ORDER BY id") == [
        ("We will win", None),
        ("Japan is a partner", None),
        ("the bridge opens in May", None),
    ]
    # Stances point to entities; the target that was also a speaker is now the speaker's entity.
    assert rows(
        "SELECT q.text, st.target_name, st.target_kind, e.name, e.kind, st.target_id = "
        f"{maria} FROM stances st JOIN quotes q ON q.id = st.quote_id JOIN entities e ON e.id = st.target_id "
        "ORDER BY st.id"
    ) == [
        ("Japan is a partner", "Japan", "country", "Japan", "country", False),
        ("Japan is a partner", "Maria Alvarez", "person", "Maria Alvarez", "person", True),
        ("We will win", "Japan", "country", "Japan", "country", False),
    ]
    assert rows("SELECT id, name, key, kind FROM speakers ORDER BY id") == [
        (maria, "Maria Alvarez", "maria alvarez", "person"),
        (okafor, "John Okafor", "john okafor", "person"),
    ]
    assert rows("SELECT speaker_id, alias, key FROM speaker_aliases ORDER BY key") == [
        (maria, "Alvarez", "alvarez"),
        (okafor, "Okafor", "okafor"),
    ]
    assert rows("SELECT speaker_id, role FROM speaker_roles") == [(maria, "Senator")]
    assert rows("SELECT name, key, kind FROM targets ORDER BY key") == [
        ("Japan", "japan", "country"),
        ("Maria Alvarez", "maria alvarez", "person"),
    ]
    assert rows("SELECT e.name, ta.alias FROM target_aliases ta JOIN entities e ON e.id = ta.target_id") == [
        ("Japan", "Tokyo")
    ]
    assert rows("SELECT speaker, text, outlet, published, said_on FROM quote_facts ORDER BY quote_id") == [
        ("Maria Alvarez", "We will win", "Riverside Ledger", "2024-03-04", "2024-03-04"),
        ("John Okafor", "Japan is a partner", "Riverside Ledger", "2024-03-04", "2024-03-04"),
        (None, "the bridge opens in May", "Riverside Ledger", "2024-03-04", "2024-03-04"),
    ]
    stance_facts = "SELECT speaker, target, target_kind, label FROM stance_facts ORDER BY stance_id"
    facts = [
        ("John Okafor", "Japan", "country", "positive"),
        ("John Okafor", "Maria Alvarez", "person", "neutral"),
        ("Maria Alvarez", "Japan", "country", "negative"),
    ]
    assert rows(stance_facts) == facts

    downgrade(engine, "0002")
    assert rows("SELECT COUNT(*) FROM quotes") == [(3,)]
    assert rows("SELECT COUNT(*) FROM stances") == [(3,)]
    assert rows(stance_facts) == facts
    assert rows("SELECT speaker, text FROM quote_facts ORDER BY quote_id") == [
        ("Maria Alvarez", "We will win"),
        ("John Okafor", "Japan is a partner"),
        (None, "the bridge opens in May"),
    ]

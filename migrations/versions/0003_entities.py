"""One entity layer shared by speakers and targets, with the names articles give kept for relinking.

`speakers` becomes `entities` by a rename (so quotes keep their speaker ids and SQLite rebuilds no table
that others reference); every target joins it, merged with a speaker of the same key. Aliases and roles
move to `entity_aliases` / `entity_roles`. Quotes and stances gain the article's own name for their
speaker or target, the input of linking. `speakers`, `speaker_aliases`, `speaker_roles` and `targets`
stay readable as views with their old columns.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_QUOTE_FACTS_JOIN = "LEFT JOIN speakers s ON s.id = q.speaker_id"
NEW_QUOTE_FACTS_JOIN = "LEFT JOIN entities s ON s.id = q.speaker_id"

QUOTE_FACTS = """
CREATE VIEW quote_facts AS
SELECT
    q.id AS quote_id,
    q.kind,
    q.text,
    s.id AS speaker_id,
    s.name AS speaker,
    s.kind AS speaker_kind,
    q.speaker_mention,
    q.cue,
    a.id AS article_id,
    a.external_id AS article,
    a.title AS article_title,
    a.url,
    o.name AS outlet,
    c.name AS credited_source,
    a.published,
    q.event_date,
    COALESCE(q.event_date, a.published) AS said_on,
    q.content_start,
    q.content_end,
    q.extractor_version
FROM quotes q
JOIN articles a ON a.id = q.article_id
{speaker_join}
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN outlets c ON c.id = q.credited_outlet_id
"""

STANCE_FACTS = """
CREATE VIEW stance_facts AS
SELECT
    st.id AS stance_id,
    qf.quote_id,
    qf.speaker_id,
    qf.speaker,
    {target_id}
    t.name AS target,
    t.kind AS target_kind,
    st.mention,
    st.label,
    st.score,
    qf.kind,
    qf.text,
    qf.outlet,
    qf.credited_source,
    qf.article,
    qf.published,
    qf.event_date,
    qf.said_on
FROM stances st
JOIN quote_facts qf ON qf.quote_id = st.quote_id
JOIN {targets} t ON t.id = st.target_id
"""

ROLE_VIEWS = [
    """CREATE VIEW speakers AS
    SELECT e.id, e.name, e.key, e.kind FROM entities e
    WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = e.id)""",
    """CREATE VIEW speaker_aliases AS
    SELECT a.id, a.entity_id AS speaker_id, a.alias, a.key FROM entity_aliases a
    WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.speaker_id = a.entity_id)""",
    """CREATE VIEW speaker_roles AS
    SELECT r.id, r.entity_id AS speaker_id, r.role FROM entity_roles r""",
    """CREATE VIEW targets AS
    SELECT e.id, e.name, e.key, e.kind FROM entities e
    WHERE EXISTS (SELECT 1 FROM stances st WHERE st.target_id = e.id)
       OR EXISTS (SELECT 1 FROM target_aliases ta WHERE ta.target_id = e.id)""",
]
ROLE_VIEW_NAMES = ["targets", "speaker_roles", "speaker_aliases", "speakers"]


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        # Ids are remapped before the foreign keys that check them are rebuilt; checked at commit.
        op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("DROP VIEW stance_facts")
    op.execute("DROP VIEW quote_facts")

    op.rename_table("speakers", "entities")
    op.add_column("entities", sa.Column("wikidata_id", sa.String(length=20), nullable=True))

    op.create_table(
        "entity_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_aliases_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_aliases")),
        sa.UniqueConstraint("entity_id", "key", name=op.f("uq_entity_aliases_entity_id_key")),
    )
    op.create_index(op.f("ix_entity_aliases_key"), "entity_aliases", ["key"], unique=False)
    op.create_table(
        "entity_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_entity_roles_entity_id_entities"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_roles")),
        sa.UniqueConstraint("entity_id", "role", name=op.f("uq_entity_roles_entity_id_role")),
    )
    op.create_table(
        "entity_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("made_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("value", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("wikidata_id", sa.String(length=20), nullable=True),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_corrections")),
    )
    op.execute(
        "INSERT INTO entity_aliases (id, entity_id, alias, key) SELECT id, speaker_id, alias, key FROM speaker_aliases"
    )
    op.execute("INSERT INTO entity_roles (id, entity_id, role) SELECT id, speaker_id, role FROM speaker_roles")
    op.drop_table("speaker_aliases")
    op.drop_table("speaker_roles")

    # Targets join the entities: the same key is the same entity, else a new row.
    op.execute(
        "INSERT INTO entities (name, key, kind) SELECT t.name, t.key, t.kind FROM targets t "
        "WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.key = t.key)"
    )
    new_id = "(SELECT e.id FROM entities e JOIN targets t ON t.key = e.key WHERE t.id = {table}.target_id)"

    op.add_column("quotes", sa.Column("speaker_name", sa.String(length=300), nullable=True))
    op.add_column("quotes", sa.Column("speaker_kind", sa.String(length=20), nullable=True))
    op.add_column("quotes", sa.Column("speaker_roles", sa.Text(), nullable=True))
    op.create_index(op.f("ix_quotes_speaker_name"), "quotes", ["speaker_name"], unique=False)
    op.execute(
        "UPDATE quotes SET speaker_name = (SELECT e.name FROM entities e WHERE e.id = quotes.speaker_id), "
        "speaker_kind = (SELECT e.kind FROM entities e WHERE e.id = quotes.speaker_id) WHERE speaker_id IS NOT NULL"
    )

    # PostgreSQL checks a foreign key at once: drop the old ones before remapping the ids.
    if not sqlite:
        op.drop_constraint("fk_stances_target_id_targets", "stances", type_="foreignkey")
        op.drop_constraint("fk_target_aliases_target_id_targets", "target_aliases", type_="foreignkey")
    op.add_column("stances", sa.Column("target_name", sa.String(length=300), nullable=True))
    op.add_column("stances", sa.Column("target_kind", sa.String(length=20), nullable=True))
    op.execute(
        "UPDATE stances SET target_name = (SELECT t.name FROM targets t WHERE t.id = stances.target_id), "
        "target_kind = (SELECT t.kind FROM targets t WHERE t.id = stances.target_id)"
    )
    op.execute(f"UPDATE stances SET target_id = {new_id.format(table='stances')}")
    op.execute(f"UPDATE target_aliases SET target_id = {new_id.format(table='target_aliases')}")
    with op.batch_alter_table("stances") as batch:
        batch.alter_column("target_name", existing_type=sa.String(length=300), nullable=False)
        batch.alter_column("target_kind", existing_type=sa.String(length=20), nullable=False)
        batch.alter_column("target_id", existing_type=sa.Integer(), nullable=True)
        if sqlite:
            batch.drop_constraint("fk_stances_target_id_targets", type_="foreignkey")
        batch.create_foreign_key(op.f("fk_stances_target_id_entities"), "entities", ["target_id"], ["id"])
        batch.create_index(op.f("ix_stances_target_name"), ["target_name"], unique=False)
        batch.drop_constraint("uq_stances_quote_id_target_id", type_="unique")
        batch.create_unique_constraint(op.f("uq_stances_quote_id_target_name"), ["quote_id", "target_name"])
    with op.batch_alter_table("target_aliases") as batch:
        if sqlite:
            batch.drop_constraint("fk_target_aliases_target_id_targets", type_="foreignkey")
        batch.create_foreign_key(
            op.f("fk_target_aliases_target_id_entities"), "entities", ["target_id"], ["id"], ondelete="CASCADE"
        )
    op.drop_table("targets")

    for statement in ROLE_VIEWS:
        op.execute(statement)
    op.execute(QUOTE_FACTS.format(speaker_join=NEW_QUOTE_FACTS_JOIN))
    op.execute(STANCE_FACTS.format(target_id="st.target_id,", targets="entities"))


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("DROP VIEW stance_facts")
    op.execute("DROP VIEW quote_facts")
    for name in ROLE_VIEW_NAMES:
        op.execute(f"DROP VIEW {name}")

    # Targets come back with their entity's id, so stances and aliases keep their target ids.
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("key", name=op.f("uq_targets_key")),
    )
    op.execute(
        "INSERT INTO targets (id, name, key, kind) SELECT e.id, e.name, e.key, e.kind FROM entities e "
        "WHERE e.id IN (SELECT target_id FROM stances UNION SELECT target_id FROM target_aliases)"
    )
    with op.batch_alter_table("target_aliases") as batch:
        batch.drop_constraint("fk_target_aliases_target_id_entities", type_="foreignkey")
        batch.create_foreign_key(
            op.f("fk_target_aliases_target_id_targets"), "targets", ["target_id"], ["id"], ondelete="CASCADE"
        )
    # The old schema has no stance without a target, and one row per quote and target.
    op.execute("DELETE FROM stances WHERE target_id IS NULL")
    op.execute("DELETE FROM stances WHERE id NOT IN (SELECT MIN(id) FROM stances GROUP BY quote_id, target_id)")
    with op.batch_alter_table("stances") as batch:
        batch.drop_constraint("uq_stances_quote_id_target_name", type_="unique")
        batch.create_unique_constraint(op.f("uq_stances_quote_id_target_id"), ["quote_id", "target_id"])
        batch.drop_index(op.f("ix_stances_target_name"))
        batch.drop_constraint("fk_stances_target_id_entities", type_="foreignkey")
        batch.create_foreign_key(op.f("fk_stances_target_id_targets"), "targets", ["target_id"], ["id"])
        batch.drop_column("target_kind")
        batch.drop_column("target_name")
        batch.alter_column("target_id", existing_type=sa.Integer(), nullable=False)
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): rebuilding quotes or entities would delete their
    # children through ON DELETE CASCADE.
    op.drop_index(op.f("ix_quotes_speaker_name"), table_name="quotes")
    for column in ("speaker_roles", "speaker_kind", "speaker_name"):
        op.drop_column("quotes", column)

    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["entities.id"], name=op.f("fk_speaker_aliases_speaker_id_speakers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_aliases")),
        sa.UniqueConstraint("speaker_id", "key", name=op.f("uq_speaker_aliases_speaker_id_key")),
    )
    op.create_index(op.f("ix_speaker_aliases_key"), "speaker_aliases", ["key"], unique=False)
    op.create_table(
        "speaker_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["entities.id"], name=op.f("fk_speaker_roles_speaker_id_speakers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_roles")),
        sa.UniqueConstraint("speaker_id", "role", name=op.f("uq_speaker_roles_speaker_id_role")),
    )
    op.execute(
        "INSERT INTO speaker_aliases (id, speaker_id, alias, key) SELECT id, entity_id, alias, key FROM entity_aliases"
    )
    op.execute("INSERT INTO speaker_roles (id, speaker_id, role) SELECT id, entity_id, role FROM entity_roles")
    op.drop_table("entity_corrections")
    op.drop_table("entity_roles")
    op.drop_index(op.f("ix_entity_aliases_key"), table_name="entity_aliases")
    op.drop_table("entity_aliases")
    op.drop_column("entities", "wikidata_id")
    op.rename_table("entities", "speakers")

    op.execute(QUOTE_FACTS.format(speaker_join=OLD_QUOTE_FACTS_JOIN))
    op.execute(STANCE_FACTS.format(target_id="", targets="targets"))

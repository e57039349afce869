"""Statements (the reports of one utterance across articles) and a calibrated confidence for each stance.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

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
    q.extractor_version,
    q.statement_id
FROM quotes q
JOIN articles a ON a.id = q.article_id
LEFT JOIN entities s ON s.id = q.speaker_id
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
    st.target_id,
    t.name AS target,
    t.kind AS target_kind,
    st.mention,
    st.label,
    st.score,
    st.confidence,
    qf.statement_id,
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
JOIN entities t ON t.id = st.target_id
"""

OLD_QUOTE_FACTS = """
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
LEFT JOIN entities s ON s.id = q.speaker_id
LEFT JOIN outlets o ON o.id = a.outlet_id
LEFT JOIN outlets c ON c.id = q.credited_outlet_id
"""

OLD_STANCE_FACTS = """
CREATE VIEW stance_facts AS
SELECT
    st.id AS stance_id,
    qf.quote_id,
    qf.speaker_id,
    qf.speaker,
    st.target_id,
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
JOIN entities t ON t.id = st.target_id
"""


def upgrade() -> None:
    op.execute("DROP VIEW stance_facts")
    op.execute("DROP VIEW quote_facts")
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=520), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("reports", sa.Integer(), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("outlets", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("altered", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["entities.id"], name=op.f("fk_statements_speaker_id_entities"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
        sa.UniqueConstraint("key", name=op.f("uq_statements_key")),
    )
    op.create_index(op.f("ix_statements_speaker_id"), "statements", ["speaker_id"], unique=False)
    # A plain ADD COLUMN, without a foreign key: SQLite could only drop such a column again by rebuilding
    # quotes, which deletes its stances through ON DELETE CASCADE; grouping keeps the ids right. Existing
    # quotes get their statements from the grouping at the end of the next ingest.
    op.add_column("quotes", sa.Column("statement_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_quotes_statement_id"), "quotes", ["statement_id"], unique=False)
    op.add_column("stances", sa.Column("confidence", sa.Float(), nullable=True))
    op.execute(QUOTE_FACTS)
    op.execute(STANCE_FACTS)


def downgrade() -> None:
    op.execute("DROP VIEW stance_facts")
    op.execute("DROP VIEW quote_facts")
    op.drop_column("stances", "confidence")
    op.drop_index(op.f("ix_quotes_statement_id"), table_name="quotes")
    op.drop_column("quotes", "statement_id")
    op.drop_index(op.f("ix_statements_speaker_id"), table_name="statements")
    op.drop_table("statements")
    op.execute(OLD_QUOTE_FACTS)
    op.execute(OLD_STANCE_FACTS)

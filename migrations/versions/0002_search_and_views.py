"""Full-text search on quote text and the reporting views SQL users query.

SQLite gets an FTS5 external-content table kept in sync by triggers (the sqlite-utils recipe);
PostgreSQL gets a GIN index over to_tsvector. The views are the documented, stable contract
for reports (README, "SQL reporting").

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content="quotes", content_rowid="id")""",
    """CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
    END""",
    """CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END""",
    """CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
        INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
    END""",
    """INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')""",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER quotes_au",
    "DROP TRIGGER quotes_ad",
    "DROP TRIGGER quotes_ai",
    "DROP TABLE quotes_fts",
]
POSTGRES_FTS = ["CREATE INDEX ix_quotes_text_fts ON quotes USING GIN (to_tsvector('english', text))"]
POSTGRES_FTS_DROP = ["DROP INDEX ix_quotes_text_fts"]

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
LEFT JOIN speakers s ON s.id = q.speaker_id
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
JOIN targets t ON t.id = st.target_id
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS if dialect == "sqlite" else POSTGRES_FTS if dialect == "postgresql" else []:
        op.execute(statement)
    op.execute(QUOTE_FACTS)
    op.execute(STANCE_FACTS)


def downgrade() -> None:
    op.execute("DROP VIEW stance_facts")
    op.execute("DROP VIEW quote_facts")
    dialect = op.get_bind().dialect.name
    for statement in SQLITE_FTS_DROP if dialect == "sqlite" else POSTGRES_FTS_DROP if dialect == "postgresql" else []:
        op.execute(statement)

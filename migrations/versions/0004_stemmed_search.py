"""Full-text search with stemming on SQLite: "deplorable" finds "deplorables", "email" finds "emails".

The FTS5 table of 0002 split words with the default `unicode61` tokenizer, which matches whole tokens
only. It is made again with `porter unicode61` (the Porter stemmer over the same tokenizer) and rebuilt
from the quotes table; its triggers are made again with it, since they name the table, and the update
trigger now fires only when a quote's text (or id) changes: setting a quote's statement or speaker no
longer re-indexes it. PostgreSQL already indexes `to_tsvector('english', text)`, which stems: nothing
changes there.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fts(tokenize: str, update: str) -> list[str]:
    """The quotes_fts table with `tokenize`, its sync triggers (as in 0002, the update one on `update`),
    and a rebuild from quotes."""
    return [
        f"""CREATE VIRTUAL TABLE quotes_fts USING fts5(
            text, content="quotes", content_rowid="id", tokenize="{tokenize}"
        )""",
        """CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
        END""",
        """CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
        f"""CREATE TRIGGER quotes_au AFTER {update} ON quotes BEGIN
            INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
            INSERT INTO quotes_fts (rowid, text) VALUES (new.id, new.text);
        END""",
        """INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')""",
    ]


DROP_FTS = [
    "DROP TRIGGER IF EXISTS quotes_au",
    "DROP TRIGGER IF EXISTS quotes_ad",
    "DROP TRIGGER IF EXISTS quotes_ai",
    "DROP TABLE IF EXISTS quotes_fts",
]


def _replace_fts(tokenize: str, update: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in [*DROP_FTS, *_fts(tokenize, update)]:
        op.execute(statement)


def upgrade() -> None:
    _replace_fts("porter unicode61", "UPDATE OF id, text")


def downgrade() -> None:
    _replace_fts("unicode61", "UPDATE")  # as 0002 made them: the default tokenizer, any update

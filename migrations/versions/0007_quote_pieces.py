"""The pieces of a statement its attribution splits ("“A,” she said. “B.”", "The test, officials said, was a success").

Revision ID: 0007
Revises: 0006

Quotes stored before this revision keep their text and get no pieces (null, as for a quote in one piece):
their pieces need the article parsed again, which `tracker ingest --reprocess` does.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("quotes", sa.Column("pieces", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("quotes", "pieces")

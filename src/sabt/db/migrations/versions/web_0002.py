"""Estimates recorded through the web (branch "web").

Revision ID: web_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0002"
down_revision = "web_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_estimates",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        sa.Column("run", sa.String(80)),
        sa.Column("result", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("web_estimates")

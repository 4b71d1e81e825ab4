"""Web sessions and failed logins, shared by every web worker (branch "web").

Not projections: ``sabt.web.state`` says why.

Revision ID: web_0003
"""

import sqlalchemy as sa
from alembic import op

revision = "web_0003"
down_revision = "web_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(63), nullable=False),
        sa.Column("created", sa.Float, nullable=False),
        sa.Column("expires", sa.Float, nullable=False),
    )
    op.create_index("ix_web_sessions_username", "web_sessions", ["username"])
    op.create_index("ix_web_sessions_expires", "web_sessions", ["expires"])
    op.create_table(
        "web_login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("at", sa.Float, nullable=False),
    )
    op.create_index("ix_web_login_failures_at", "web_login_failures", ["at"])
    op.create_index("ix_web_login_failures_key_at", "web_login_failures", ["key", "at"])


def downgrade() -> None:
    op.drop_table("web_login_failures")
    op.drop_table("web_sessions")

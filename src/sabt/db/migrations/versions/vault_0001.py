"""The vault: evidence held and its chain of custody.

Revision ID: vault_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "vault_0001"
down_revision = None
branch_labels = ("vault",)
depends_on = "spine_0001"


def upgrade() -> None:
    op.create_table(
        "vault_evidence",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("media_type", sa.String(200), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("path", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("collected_by", sa.Text),
        sa.Column("collected_at", sa.String(40)),
        sa.Column("note", sa.Text),
        sa.Column("derived_from", sa.String(64)),
        sa.Column("captured_at", sa.String(40)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("phash", sa.String(32)),
        sa.Column("meta", sa.JSON, nullable=False),
    )
    op.create_index("ix_vault_evidence_phash", "vault_evidence", ["phash"])
    op.create_table(
        "vault_custody",
        sa.Column("seq", sa.BigInteger, primary_key=True),
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("event", sa.String(20), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("to_party", sa.Text),
        sa.Column("from_party", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("detail", sa.JSON, nullable=False),
    )
    op.create_index("ix_vault_custody_hash", "vault_custody", ["hash"])


def downgrade() -> None:
    op.drop_table("vault_custody")
    op.drop_table("vault_evidence")

"""records: records and their claims (sabt.records.projection).

Revision ID: records_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "records_0001"
down_revision = None
branch_labels = ("records",)
depends_on = "spine_0001"


def upgrade() -> None:
    op.create_table(
        "records_record",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("protected", sa.Boolean, nullable=False),
        sa.Column("forgotten", sa.Boolean, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_records_record_kind", "records_record", ["kind"])
    op.create_table(
        "records_claim",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("entity", sa.String(80), nullable=False),
        sa.Column("property", sa.String(64), nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("value_key", sa.Text),
        sa.Column("script", sa.String(8)),
        sa.Column("ref", sa.String(80)),
        sa.Column("sealed", sa.Text),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("locator", sa.Text, nullable=False),
        sa.Column("credibility", sa.Integer, nullable=False),
        sa.Column("review", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("analyst", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("retracted", sa.Boolean, nullable=False),
        sa.Column("added_seq", sa.BigInteger, nullable=False),
        sa.Column("updated_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_records_claim_entity", "records_claim", ["entity"])
    op.create_index("ix_records_claim_ref", "records_claim", ["ref"])
    op.create_index("ix_records_claim_source", "records_claim", ["source"])
    op.create_index("ix_records_claim_entity_property", "records_claim", ["entity", "property"])


def downgrade() -> None:
    op.drop_table("records_claim")
    op.drop_table("records_record")

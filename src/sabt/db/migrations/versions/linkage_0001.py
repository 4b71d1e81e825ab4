"""Linkage: lists, attestations, runs, scored pairs, decisions, clusters.

Revision ID: linkage_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "linkage_0001"
down_revision = None
branch_labels = ("linkage",)
depends_on = "spine_0001"


def upgrade() -> None:
    op.create_table(
        "linkage_lists",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("file", sa.String(500), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("skipped", sa.Integer, nullable=False),
        sa.Column("mapping", sa.Text, nullable=False),
        sa.Column("fictional", sa.Boolean, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
    )
    op.create_table(
        "linkage_attestations",
        sa.Column("id", sa.String(120), primary_key=True),
        sa.Column("list", sa.String(100), sa.ForeignKey("linkage_lists.name"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("given_name", sa.Text, nullable=True),
        sa.Column("family_name", sa.Text, nullable=True),
        sa.Column("father_name", sa.Text, nullable=True),
        sa.Column("raw", sa.Text, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_linkage_attestations_list", "linkage_attestations", ["list"])
    op.create_table(
        "linkage_runs",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("backend", sa.String(20), nullable=False),
        sa.Column("settings", sa.Text, nullable=False),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("review_low", sa.Float, nullable=False),
        sa.Column("review_high", sa.Float, nullable=False),
        sa.Column("one_per_list", sa.Boolean, nullable=False),
        sa.Column("attestations", sa.Integer, nullable=False),
        sa.Column("pairs", sa.Integer, nullable=False),
        sa.Column("completed", sa.Boolean, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "linkage_pairs",
        sa.Column("run", sa.String(40), sa.ForeignKey("linkage_runs.id"), primary_key=True),
        sa.Column("a", sa.String(120), primary_key=True),
        sa.Column("b", sa.String(120), primary_key=True),
        sa.Column("match_weight", sa.Float, nullable=False),
        sa.Column("match_probability", sa.Float, nullable=False),
        sa.Column("comparisons", sa.Text, nullable=False),
    )
    op.create_index("ix_linkage_pairs_prob", "linkage_pairs", ["run", "match_probability"])
    op.create_index("ix_linkage_pairs_b", "linkage_pairs", ["run", "b"])
    op.create_table(
        "linkage_decisions",
        sa.Column("a", sa.String(120), primary_key=True),
        sa.Column("b", sa.String(120), primary_key=True),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
    )
    op.create_table(
        "linkage_clusters",
        sa.Column("attestation", sa.String(120), primary_key=True),
        sa.Column("cluster", sa.String(120), nullable=False),
        sa.Column("run", sa.String(40), nullable=False),
    )
    op.create_index("ix_linkage_clusters_cluster", "linkage_clusters", ["cluster"])


def downgrade() -> None:
    for table in (
        "linkage_clusters",
        "linkage_decisions",
        "linkage_pairs",
        "linkage_runs",
        "linkage_attestations",
        "linkage_lists",
    ):
        op.drop_table(table)

"""Linkage: skeleton keys of given and family name on attestations, for name search.

Revision ID: linkage_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "linkage_0002"
down_revision = "linkage_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("linkage_attestations") as batch:
        batch.add_column(sa.Column("given_skel", sa.String(100), nullable=True))
        batch.add_column(sa.Column("family_skel", sa.String(100), nullable=True))
    op.create_index("ix_linkage_attestations_family_skel", "linkage_attestations", ["family_skel"])
    op.create_index("ix_linkage_attestations_given_skel", "linkage_attestations", ["given_skel"])
    # Fill the keys of rows imported before this revision, as the projection would.
    from sabt.names import skeleton_key

    conn = op.get_bind()
    table = sa.table(
        "linkage_attestations",
        sa.column("id", sa.String),
        sa.column("given_name", sa.Text),
        sa.column("family_name", sa.Text),
        sa.column("given_skel", sa.String),
        sa.column("family_skel", sa.String),
    )
    rows = conn.execute(sa.select(table.c.id, table.c.given_name, table.c.family_name)).all()
    for att, given, family in rows:
        conn.execute(
            table.update()
            .where(table.c.id == att)
            .values(
                given_skel=(skeleton_key(given) or None) if given else None,
                family_skel=(skeleton_key(family) or None) if family else None,
            )
        )


def downgrade() -> None:
    op.drop_index("ix_linkage_attestations_given_skel", "linkage_attestations")
    op.drop_index("ix_linkage_attestations_family_skel", "linkage_attestations")
    with op.batch_alter_table("linkage_attestations") as batch:
        batch.drop_column("family_skel")
        batch.drop_column("given_skel")

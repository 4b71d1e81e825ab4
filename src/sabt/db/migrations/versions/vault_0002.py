"""The vault: the sealed text of an item is kept once, in the log.

Rows projected before hold the sealed text itself in ``meta.text_sealed``;
the projection now keeps ``true`` there (``sabt.vault.projection.IN_LOG``) and
readers fetch the text from the item's ``evidence.added`` event. Without this
step such a case would still read, but ``sabt rebuild`` would find its live
projection differ from a replay of its log.

Revision ID: vault_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "vault_0002"
down_revision = "vault_0001"
branch_labels = None
depends_on = None

_evidence = sa.table("vault_evidence", sa.column("hash", sa.String), sa.column("meta", sa.JSON))


def upgrade() -> None:
    conn = op.get_bind()
    for hash, meta in conn.execute(sa.select(_evidence.c.hash, _evidence.c.meta)).all():
        if isinstance(meta, dict) and isinstance(meta.get("text_sealed"), str):
            marked = {**meta, "text_sealed": True}
            conn.execute(_evidence.update().where(_evidence.c.hash == hash).values(meta=marked))


def downgrade() -> None:
    """Nothing to undo by hand: rebuild the projection from the log."""

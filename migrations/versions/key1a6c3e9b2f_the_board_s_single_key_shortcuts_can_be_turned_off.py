"""A user can turn the board's single-key shortcuts off ("Sneltoetsen uit"), remembered on the account

Revision ID: key1a6c3e9b2f
Revises: phn3a7c1e9b2
Create Date: 2026-12-05 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'key1a6c3e9b2f'
down_revision = 'phn3a7c1e9b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shortcuts_off', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('shortcuts_off')

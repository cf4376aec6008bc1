"""A follow link's seed, so every consultant of the case (and the projector) shows its QR code

Revision ID: boa5e1c7d2f9
Revises: a7c3e1f09b42
Create Date: 2026-12-04 20:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'boa5e1c7d2f9'
down_revision = 'a7c3e1f09b42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('follow_link', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_seed', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('follow_link', schema=None) as batch_op:
        batch_op.drop_column('token_seed')

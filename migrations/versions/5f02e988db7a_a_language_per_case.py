"""A language per case: the family's screens speak it (Dutch by default)

Revision ID: 5f02e988db7a
Revises: adfdf37d8f90
Create Date: 2026-11-29 06:29:09.095263

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5f02e988db7a'
down_revision = 'adfdf37d8f90'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('family_language', sa.String(length=5), server_default='nl', nullable=False))


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('family_language')

"""pdfs made by a separate worker that claims them with a lease

Revision ID: 9401753be933
Revises: 90f733bef67a
Create Date: 2026-11-29 01:35:25.127802

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9401753be933'
down_revision = '90f733bef67a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('lease_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_index(batch_op.f('ix_export_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_export_status'))
        batch_op.drop_column('attempts')
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_by')

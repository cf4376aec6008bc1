"""a quick add's submission key, so a resend adds nothing twice

Revision ID: bec916303de2
Revises: 9401753be933
Create Date: 2026-11-29 02:27:31.859469

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bec916303de2'
down_revision = '9401753be933'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_mapping_item_meeting_id'), ['meeting_id', 'submission'])


def downgrade():
    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_mapping_item_meeting_id'), type_='unique')
        batch_op.drop_column('submission')

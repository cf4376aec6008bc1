"""The safety network: closeness, commitment, knowing the danger statement, last confirmed

Revision ID: 8e73bc9a2ff7
Revises: 9401753be933
Create Date: 2026-11-29 02:24:11.129805

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e73bc9a2ff7'
down_revision = '9401753be933'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closeness', sa.String(length=12), nullable=False, server_default='close'))
        batch_op.add_column(sa.Column('in_safety_network', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('commitment', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('knows_danger', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('confirmed_on', sa.Date(), nullable=True))



def downgrade():
    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.drop_column('confirmed_on')
        batch_op.drop_column('knows_danger')
        batch_op.drop_column('commitment')
        batch_op.drop_column('in_safety_network')
        batch_op.drop_column('closeness')


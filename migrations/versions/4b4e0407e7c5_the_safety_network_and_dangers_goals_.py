"""The safety network, and dangers, goals and scale rounds about one child

Revision ID: 4b4e0407e7c5
Revises: bec916303de2
Create Date: 2026-11-29 02:38:11.452016

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b4e0407e7c5'
down_revision = 'bec916303de2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_mapping_item_child_id_child'), 'child', ['child_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closeness', sa.String(length=12), nullable=False, server_default='close'))
        batch_op.add_column(sa.Column('in_safety_network', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('commitment', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('knows_danger', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('confirmed_on', sa.Date(), nullable=True))

    with op.batch_alter_table('scale_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_scale_round_child_id_child'), 'child', ['child_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('scale_round', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_scale_round_child_id_child'), type_='foreignkey')
        batch_op.drop_column('child_id')

    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.drop_column('confirmed_on')
        batch_op.drop_column('knows_danger')
        batch_op.drop_column('commitment')
        batch_op.drop_column('in_safety_network')
        batch_op.drop_column('closeness')

    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mapping_item_child_id_child'), type_='foreignkey')
        batch_op.drop_column('child_id')


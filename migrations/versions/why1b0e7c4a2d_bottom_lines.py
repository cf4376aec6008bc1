"""Bottom lines (niet-onderhandelbare voorwaarden): an item of the analysis with its reason
and the danger statement it belongs to

Revision ID: why1b0e7c4a2d
Revises: urg1c4e2a9b7d
Create Date: 2026-12-04 23:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'why1b0e7c4a2d'
down_revision = 'urg1c4e2a9b7d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('bottom_line',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('danger_item_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['danger_item_id'], ['mapping_item.id'], name=op.f('fk_bottom_line_danger_item_id_mapping_item')),
    sa.ForeignKeyConstraint(['item_id'], ['mapping_item.id'], name=op.f('fk_bottom_line_item_id_mapping_item')),
    sa.PrimaryKeyConstraint('item_id', name=op.f('pk_bottom_line'))
    )
    with op.batch_alter_table('bottom_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bottom_line_danger_item_id'), ['danger_item_id'], unique=False)


def downgrade():
    with op.batch_alter_table('bottom_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bottom_line_danger_item_id'))
    op.drop_table('bottom_line')

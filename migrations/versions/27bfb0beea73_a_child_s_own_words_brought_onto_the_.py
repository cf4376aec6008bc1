"""A child's own words brought onto the board from the three houses: the entry they came from,
once per meeting, and that they are the child's (kept when the entry is deleted)

Revision ID: 27bfb0beea73
Revises: 1320ffb55ec2
Create Date: 2026-11-29 04:36:06.275067

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '27bfb0beea73'
down_revision = '1320ffb55ec2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('house_entry_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('child_words', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint('uq_mapping_item_meeting_id_house_entry_id', ['meeting_id', 'house_entry_id'])
        batch_op.create_foreign_key(batch_op.f('fk_mapping_item_house_entry_id_child_house_entry'), 'child_house_entry', ['house_entry_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('mapping_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_mapping_item_house_entry_id_child_house_entry'), type_='foreignkey')
        batch_op.drop_constraint('uq_mapping_item_meeting_id_house_entry_id', type_='unique')
        batch_op.drop_column('child_words')
        batch_op.drop_column('house_entry_id')


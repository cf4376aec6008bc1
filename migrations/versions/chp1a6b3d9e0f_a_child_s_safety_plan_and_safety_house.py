"""A child's own safety plan ("Als het weer gebeurt") and Safety House, one version per meeting

Revision ID: chp1a6b3d9e0f
Revises: key1a6c3e9b2f
Create Date: 2026-12-05 02:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'chp1a6b3d9e0f'
down_revision = 'key1a6c3e9b2f'
branch_labels = None
depends_on = None


def _versioned(table: str) -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('child_id', sa.Integer(), nullable=False),
        sa.Column('version_number', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=True),
        sa.Column('visibility', sa.String(length=15), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f(f'fk_{table}_case_id_case')),
        sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f(f'fk_{table}_child_id_child')),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f(f'fk_{table}_created_by_id_user')),
        sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f(f'fk_{table}_meeting_id_meeting'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}')),
        sa.UniqueConstraint('child_id', 'version_number', name=op.f(f'uq_{table}_child_id')),
    ]


def upgrade():
    op.create_table('child_safety_plan', *_versioned('child_safety_plan'),
                    sa.Column('what_i_do', sa.Text(), nullable=False),
                    sa.Column('where_i_go', sa.Text(), nullable=False),
                    sa.Column('signal', sa.Text(), nullable=False),
                    sa.Column('calls', sa.JSON(), nullable=False),
                    sa.Column('figure', sa.String(length=20), nullable=True),
                    sa.Column('drawing_id', sa.Integer(), nullable=True),
                    sa.ForeignKeyConstraint(['drawing_id'], ['drawing.id'],
                                            name=op.f('fk_child_safety_plan_drawing_id_drawing'), ondelete='SET NULL'))
    with op.batch_alter_table('child_safety_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_safety_plan_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_safety_plan_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_safety_plan_drawing_id'), ['drawing_id'], unique=False)
    op.create_table('child_safety_house', *_versioned('child_safety_house'),
                    sa.Column('inside', sa.JSON(), nullable=False),
                    sa.Column('rules', sa.JSON(), nullable=False),
                    sa.Column('not_in', sa.JSON(), nullable=False),
                    sa.Column('with_someone', sa.JSON(), nullable=False),
                    sa.Column('scale', sa.Integer(), nullable=True))
    with op.batch_alter_table('child_safety_house', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_safety_house_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_safety_house_child_id'), ['child_id'], unique=False)


def downgrade():
    with op.batch_alter_table('child_safety_house', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_safety_house_child_id'))
        batch_op.drop_index(batch_op.f('ix_child_safety_house_case_id'))
    op.drop_table('child_safety_house')
    with op.batch_alter_table('child_safety_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_safety_plan_drawing_id'))
        batch_op.drop_index(batch_op.f('ix_child_safety_plan_child_id'))
        batch_op.drop_index(batch_op.f('ix_child_safety_plan_case_id'))
    op.drop_table('child_safety_plan')

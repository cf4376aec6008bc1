"""The young person's own link (its own token, its openings), and a child's own score given
on it: for which meeting, whether as one of five faces, and with whom it is shared

Revision ID: chl1a7e3c9d5
Revises: chp1a6b3d9e0f
Create Date: 2026-12-05 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'chl1a7e3c9d5'
down_revision = 'chp1a6b3d9e0f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('child_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('last_opened_at', sa.DateTime(), nullable=True),
    sa.Column('open_count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], name=op.f('fk_child_link_case_id_case')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_child_link_child_id_child'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_child_link_created_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_link')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_child_link_token_hash'))
    )
    with op.batch_alter_table('child_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_link_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_link_child_id'), ['child_id'], unique=False)
    op.create_table('child_link_view',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('link_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['link_id'], ['child_link.id'], name=op.f('fk_child_link_view_link_id_child_link'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_link_view'))
    )
    with op.batch_alter_table('child_link_view', schema=None) as batch_op:
        batch_op.create_index('ix_child_link_view_link_at', ['link_id', 'at'], unique=False)
    with op.batch_alter_table('child_score', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('as_face', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('visibility', sa.String(length=15), server_default='professional', nullable=False))
        batch_op.create_index(batch_op.f('ix_child_score_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_child_score_meeting_id_meeting'), 'meeting', ['meeting_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('child_score', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_child_score_meeting_id_meeting'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_child_score_meeting_id'))
        batch_op.drop_column('visibility')
        batch_op.drop_column('as_face')
        batch_op.drop_column('meeting_id')
    with op.batch_alter_table('child_link_view', schema=None) as batch_op:
        batch_op.drop_index('ix_child_link_view_link_at')
    op.drop_table('child_link_view')
    with op.batch_alter_table('child_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_link_child_id'))
        batch_op.drop_index(batch_op.f('ix_child_link_case_id'))
    op.drop_table('child_link')

"""a heartbeat of the pdf worker, for the health check

Revision ID: res20a1b2c3d4
Revises: desk7c41e0a2
Create Date: 2026-12-04 20:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'res20a1b2c3d4'
down_revision = 'desk7c41e0a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'heartbeat',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('beat_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_heartbeat')),
    )


def downgrade():
    op.drop_table('heartbeat')

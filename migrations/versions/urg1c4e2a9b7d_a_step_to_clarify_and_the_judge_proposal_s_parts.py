"""An unclear answer to "is het kind nu veilig?" has a step to clarify it; a proposal to
the juvenile judge keeps the parts drawn from the case beside the consultant's own text

Revision ID: urg1c4e2a9b7d
Revises: clo5e7a1b2c3
Create Date: 2026-12-04 23:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'urg1c4e2a9b7d'
down_revision = 'clo5e7a1b2c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('safety_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clarify_step', sa.Text(), nullable=True))
    with op.batch_alter_table('judge_proposal', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('judge_proposal', schema=None) as batch_op:
        batch_op.drop_column('content')
    with op.batch_alter_table('safety_decision', schema=None) as batch_op:
        batch_op.drop_column('clarify_step')

"""A translation line under what people typed: board items and plan entries in the family's language

Revision ID: a7c3e1f09b42
Revises: 5f02e988db7a
Create Date: 2026-11-29 07:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e1f09b42'
down_revision = '5f02e988db7a'
branch_labels = None
depends_on = None

TABLES = ('mapping_item', 'plan_action', 'plan_rule', 'warning_sign', 'plan_contact')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translation', sa.Text(), nullable=True))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translation')

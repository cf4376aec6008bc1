"""The consultant's proposal for the plan, made at the desk between meetings; the next step's
urgency is not asked when the child is safe now

Revision ID: clo5e7a1b2c3
Revises: res20a1b2c3d4
Create Date: 2026-12-04 20:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'clo5e7a1b2c3'
down_revision = 'res20a1b2c3d4'
branch_labels = None
depends_on = None

TABLES = ('plan_action', 'plan_rule', 'warning_sign', 'plan_contact')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('proposal', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('safety_decision', schema=None) as batch_op:
        batch_op.alter_column('urgency', existing_type=sa.String(length=10), nullable=True)


def downgrade():
    op.execute("UPDATE safety_decision SET urgency = 'month' WHERE urgency IS NULL")
    with op.batch_alter_table('safety_decision', schema=None) as batch_op:
        batch_op.alter_column('urgency', existing_type=sa.String(length=10), nullable=False)
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('proposal')

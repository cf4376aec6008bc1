"""users matched by the agency's identity provider

Revision ID: 90f733bef67a
Revises: 82141c128f44
Create Date: 2026-11-28 23:45:09.970000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '90f733bef67a'
down_revision = '82141c128f44'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('oidc_subject', sa.String(length=255), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_oidc_subject'), ['oidc_subject'])


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_user_oidc_subject'), type_='unique')
        batch_op.drop_column('oidc_subject')

"""Who takes an action is kept by name alone: "Yasmine", not "Yasmine (kind)"; how the family
reads them (first name and relation) comes from the child or the network member

Revision ID: wor1d5a7e2c4
Revises: tra1c2d3e4f5
Create Date: 2026-12-04 23:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'wor1d5a7e2c4'
down_revision = 'tra1c2d3e4f5'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE action_person SET name = (SELECT child.first_name FROM child "
               "WHERE child.id = action_person.child_id) WHERE child_id IS NOT NULL")
    op.execute("UPDATE action_person SET name = (SELECT network_member.name FROM network_member "
               "WHERE network_member.id = action_person.network_member_id) WHERE network_member_id IS NOT NULL")


def downgrade():
    op.execute("UPDATE action_person SET name = name || ' (kind)' WHERE child_id IS NOT NULL")
    op.execute("UPDATE action_person SET name = name || ' (' || (SELECT network_member.relation FROM network_member "
               "WHERE network_member.id = action_person.network_member_id) || ')' WHERE network_member_id IS NOT NULL")

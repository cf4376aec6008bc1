"""A story panel keeps its heading apart from its words; a family name holds the name only

Revision ID: desk7c41e0a2
Revises: boa5e1c7d2f9
Create Date: 2026-12-04 20:40:00.000000

The panels made from the suggested start (and the demo's) began their text with the
question as a first line ("Wat zijn de zorgen?\\n..."): that line (or another short question
on a line of its own) moves into the new `heading`, the rest stays the words. A family name
typed as "Gezin Maes" loses the word "Gezin", which every screen puts in front of the name.
"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'desk7c41e0a2'
down_revision = 'boa5e1c7d2f9'
branch_labels = None
depends_on = None

# The headings of the suggested first panels (children/stories.py SUGGESTED).
SUGGESTED_HEADINGS = ("Wat zijn de zorgen?", "Wie helpt er?", "Wat gaat er nu gebeuren?", "Met wie kan ik praten?")
FAMILY_WORD = re.compile(r"^gezin\s+(?=\S)", re.IGNORECASE)

panel = sa.table('story_panel', sa.column('id', sa.Integer), sa.column('heading', sa.String),
                 sa.column('text', sa.Text))
case = sa.table('case', sa.column('id', sa.Integer), sa.column('family_name', sa.String))


def split_heading(text: str) -> tuple[str, str] | None:
    """(heading, words) when the text starts with a heading on a line of its own: one of the
    suggested ones, or another short question written the same way."""
    first, newline, rest = text.replace("\r\n", "\n").partition("\n")
    first = first.strip()
    question = first.endswith("?") and len(first) <= 120
    if newline and (first in SUGGESTED_HEADINGS or question) and rest.strip():
        return first, rest.strip("\n")
    return None


def upgrade():
    with op.batch_alter_table('story_panel', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heading', sa.String(length=120), nullable=True))
    conn = op.get_bind()
    for panel_id, text in conn.execute(sa.select(panel.c.id, panel.c.text)).all():
        split = split_heading(text or "")
        if split:
            conn.execute(panel.update().where(panel.c.id == panel_id).values(heading=split[0], text=split[1]))
    for case_id, name in conn.execute(sa.select(case.c.id, case.c.family_name)).all():
        cleaned = FAMILY_WORD.sub("", name)
        if cleaned != name:
            conn.execute(case.update().where(case.c.id == case_id).values(family_name=cleaned))


def downgrade():
    conn = op.get_bind()
    for panel_id, heading, text in conn.execute(sa.select(panel.c.id, panel.c.heading, panel.c.text)).all():
        if heading:
            conn.execute(panel.update().where(panel.c.id == panel_id).values(text=f"{heading}\n{text}"))
    with op.batch_alter_table('story_panel', schema=None) as batch_op:
        batch_op.drop_column('heading')

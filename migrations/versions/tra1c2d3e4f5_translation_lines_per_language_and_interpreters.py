"""A translation line per language (a family may read more than one), a case's other family
languages, and an interpreter among those present at a meeting

Revision ID: tra1c2d3e4f5
Revises: why1b0e7c4a2d
Create Date: 2026-12-04 23:30:00.000000

"""
import json

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'tra1c2d3e4f5'
down_revision = 'why1b0e7c4a2d'
branch_labels = None
depends_on = None

PLAN_TABLES = ('plan_action', 'plan_rule', 'warning_sign', 'plan_contact')
TABLES = ('mapping_item', *PLAN_TABLES)
# How each table reaches its case's language.
CASE_OF = {
    'mapping_item': 'SELECT t.id, t.translation, c.family_language FROM mapping_item t '
                    'JOIN meeting m ON m.id = t.meeting_id JOIN "case" c ON c.id = m.case_id '
                    'WHERE t.translation IS NOT NULL',
    **{table: f'SELECT t.id, t.translation, c.family_language FROM {table} t '
              f'JOIN "case" c ON c.id = t.case_id WHERE t.translation IS NOT NULL' for table in PLAN_TABLES},
}


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('other_languages', sa.String(length=40), nullable=False, server_default=''))
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('interpreter_language', sa.String(length=5), nullable=True))
    connection = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translations', sa.JSON(), nullable=True))
        # The one line so far was in the case's language of that day: it keeps that language.
        rows = connection.execute(sa.text(CASE_OF[table])).fetchall()
        target = sa.table(table, sa.column('id', sa.Integer), sa.column('translations', sa.JSON))
        for row_id, text, language in rows:
            if text and language and language != 'nl':
                connection.execute(target.update().where(target.c.id == row_id).values(translations={language: text}))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translation')
    # The plans kept at closing carry the same line in each entry.
    snapshots = sa.table('plan_snapshot', sa.column('meeting_id', sa.Integer), sa.column('content', sa.JSON))
    rows = connection.execute(sa.text(
        'SELECT s.meeting_id, s.content, c.family_language FROM plan_snapshot s '
        'JOIN meeting m ON m.id = s.meeting_id JOIN "case" c ON c.id = m.case_id')).fetchall()
    for meeting_id, content, language in rows:
        content = json.loads(content) if isinstance(content, str) else content
        for entries in (content or {}).values():
            for entry in entries if isinstance(entries, list) else []:
                text = entry.pop('translation', None)
                entry['translations'] = {language: text} if text and language and language != 'nl' else None
        connection.execute(snapshots.update().where(snapshots.c.meeting_id == meeting_id).values(content=content))


def downgrade():
    connection = op.get_bind()
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('translation', sa.Text(), nullable=True))
        rows = connection.execute(sa.text(f'SELECT id, translations FROM {table} WHERE translations IS NOT NULL'))
        target = sa.table(table, sa.column('id', sa.Integer), sa.column('translation', sa.Text))
        for row_id, lines in rows.fetchall():
            lines = json.loads(lines) if isinstance(lines, str) else lines
            if lines:  # one line only: the first language's
                connection.execute(target.update().where(target.c.id == row_id)
                                   .values(translation=next(iter(lines.values()))))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('translations')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('interpreter_language')
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('other_languages')

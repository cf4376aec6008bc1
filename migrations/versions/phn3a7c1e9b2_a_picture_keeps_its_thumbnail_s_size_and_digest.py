"""A drawing and a story panel's image keep their thumbnail's size and digest: every <img> of
it says its width and height, and its URL carries the digest as its version

Revision ID: phn3a7c1e9b2
Revises: wor1d5a7e2c4
Create Date: 2026-12-05 02:00:00.000000

The pictures already stored get them from their thumbnail's own header and bytes.
"""
import hashlib
import io

import sqlalchemy as sa
from alembic import op
from PIL import Image

# revision identifiers, used by Alembic.
revision = 'phn3a7c1e9b2'
down_revision = 'wor1d5a7e2c4'
branch_labels = None
depends_on = None

TABLES = ('drawing', 'story_image')


def facts(thumbnail: bytes, width: int, height: int) -> dict:
    try:
        with Image.open(io.BytesIO(thumbnail)) as opened:
            width, height = opened.size
    except (OSError, ValueError):
        pass
    return dict(thumb_width=width, thumb_height=height,
                thumb_digest=hashlib.sha256(thumbnail).hexdigest()[:16])


def upgrade():
    for name in TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column('thumb_width', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('thumb_height', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('thumb_digest', sa.String(length=16), nullable=True))
        table = sa.table(name, sa.column('id', sa.Integer), sa.column('width', sa.Integer),
                         sa.column('height', sa.Integer), sa.column('thumbnail', sa.LargeBinary),
                         sa.column('thumb_width', sa.Integer), sa.column('thumb_height', sa.Integer),
                         sa.column('thumb_digest', sa.String))
        conn = op.get_bind()
        ids = conn.execute(sa.select(table.c.id)).scalars().all()
        for row_id in ids:  # one at a time: a thumbnail is small, all of them need not be
            width, height, thumbnail = conn.execute(
                sa.select(table.c.width, table.c.height, table.c.thumbnail).where(table.c.id == row_id)).one()
            conn.execute(table.update().where(table.c.id == row_id).values(**facts(thumbnail, width, height)))
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.alter_column('thumb_width', existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column('thumb_height', existing_type=sa.Integer(), nullable=False)
            batch_op.alter_column('thumb_digest', existing_type=sa.String(length=16), nullable=False)


def downgrade():
    for name in TABLES:
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_column('thumb_digest')
            batch_op.drop_column('thumb_height')
            batch_op.drop_column('thumb_width')

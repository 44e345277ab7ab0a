"""the language of the day

Revision ID: 0007_event_language
Revises: 0006_purge
"""

from alembic import op
import sqlalchemy as sa


revision = '0007_event_language'
down_revision = '0006_purge'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), nullable=False, server_default='fr'))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('language')

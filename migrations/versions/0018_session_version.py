"""accounts: a session version, raised by a new password and by disabling, checked on every request

Revision ID: 0018_session_version
Revises: 0017_anonymous_answers
"""

from alembic import op
import sqlalchemy as sa


revision = '0018_session_version'
down_revision = '0017_anonymous_answers'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organisers') as batch:
        batch.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('organisers') as batch:
        batch.drop_column('session_version')

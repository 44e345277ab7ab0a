"""mail: which worker claimed a message (a restarted worker takes back what its dead predecessor held)

Revision ID: 0020_mail_claimed_by
Revises: 0019_signatures_reduced
"""

from alembic import op
import sqlalchemy as sa


revision = '0020_mail_claimed_by'
down_revision = '0019_signatures_reduced'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mail_messages') as batch:
        batch.add_column(sa.Column('claimed_by', sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table('mail_messages') as batch:
        batch.drop_column('claimed_by')

"""transactional outbox: messages composed and sent by a worker

Revision ID: 0009_mail_outbox
Revises: 0008_checkin_code
"""

from alembic import op
import sqlalchemy as sa


revision = '0009_mail_outbox'
down_revision = '0008_checkin_code'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=False, server_default=sa.func.now()))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('context', sa.JSON(), nullable=False, server_default='{}'))


def downgrade():
    with op.batch_alter_table('mail_messages', schema=None) as batch_op:
        batch_op.drop_column('context')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('next_attempt_at')

"""the waiting list's last place read from an index

Revision ID: 0010_waitlist_index
Revises: 0009_mail_outbox
"""

from alembic import op


revision = '0010_waitlist_index'
down_revision = '0009_mail_outbox'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_registrations_event_status')
        batch_op.create_index('ix_registrations_event_status_position', ['event_id', 'status', 'waitlist_position'])


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_index('ix_registrations_event_status_position')
        batch_op.create_index('ix_registrations_event_status', ['event_id', 'status'])

"""the door: which optional questions of the bulletin a walk-in skips; accounts allowed to create events

Revision ID: 0015_door_questions
Revises: 0014_surveys
"""

from alembic import op
import sqlalchemy as sa


revision = '0015_door_questions'
down_revision = '0014_surveys'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('form_questions') as batch:
        batch.add_column(sa.Column('skip_at_door', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('organisers') as batch:
        batch.add_column(sa.Column('can_create_events', sa.Boolean(), nullable=False, server_default=sa.false()))
    # everyone who could create events before keeps the right, but the door volunteers and readers a team
    # invitation brought in: an account that organises at least one event, or an administrator
    op.execute(
        "UPDATE organisers SET can_create_events = "
        "(is_admin OR id IN (SELECT organiser_id FROM event_organisers WHERE role = 'organiser'))"
    )


def downgrade():
    with op.batch_alter_table('organisers') as batch:
        batch.drop_column('can_create_events')
    with op.batch_alter_table('form_questions') as batch:
        batch.drop_column('skip_at_door')

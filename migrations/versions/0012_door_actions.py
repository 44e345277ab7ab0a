"""the door's actions, applied once (offline check-in)

Revision ID: 0012_door_actions
Revises: 0011_team
"""

from alembic import op
import sqlalchemy as sa


revision = '0012_door_actions'
down_revision = '0011_team'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'door_actions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.String(length=36), nullable=False),
        sa.Column('organiser_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.JSON(), nullable=False),
        sa.Column('made_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organiser_id'], ['organisers.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'client_id'),
    )
    with op.batch_alter_table('door_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_door_actions_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('door_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_door_actions_event_id'))
    op.drop_table('door_actions')

"""resources: the resource stand (links and files attached to the event, a programme item or a workshop) and the
proceedings' numbered annexes

Revision ID: 0023_resources
Revises: 0022_plenary
"""

from alembic import op
import sqlalchemy as sa


revision = '0023_resources'
down_revision = '0022_plenary'
branch_labels = None
depends_on = None


def _file_columns():
    return [
        sa.Column('url', sa.String(length=2000), nullable=True),
        sa.Column('file_key', sa.String(length=200), nullable=True),
        sa.Column('file_name', sa.String(length=120), nullable=True),
        sa.Column('file_type', sa.String(length=120), nullable=True),
        sa.Column('file_size', sa.Integer(), nullable=True),
    ]


def upgrade():
    op.create_table(
        'resources',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('programme_item_id', sa.Integer(), nullable=True),
        sa.Column('workshop_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=False),
        sa.Column('visibility', sa.String(length=12), nullable=False),
        sa.Column('added_by_registration_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        *_file_columns(),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['workshop_id'], ['workshops.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['added_by_registration_id'], ['registrations.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_resources_event_id', 'resources', ['event_id'])
    op.create_table(
        'annexes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        *_file_columns(),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'number'),
    )
    op.create_index('ix_annexes_event_id', 'annexes', ['event_id'])


def downgrade():
    op.drop_index('ix_annexes_event_id', table_name='annexes')
    op.drop_table('annexes')
    op.drop_index('ix_resources_event_id', table_name='resources')
    op.drop_table('resources')

"""the restitution on the projector: which workshop and page the screen shows, playing or paused

Revision ID: 0016_restitution_show
Revises: 0015_door_questions
"""

from alembic import op
import sqlalchemy as sa


revision = '0016_restitution_show'
down_revision = '0015_door_questions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('boards') as batch:
        batch.add_column(sa.Column('show', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('boards') as batch:
        batch.drop_column('show')

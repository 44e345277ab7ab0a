"""mail: the kinds of message a person stopped (questionnaires, reminders), by address

Revision ID: 0021_mail_opt_outs
Revises: 0020_mail_claimed_by
"""

from alembic import op
import sqlalchemy as sa


revision = '0021_mail_opt_outs'
down_revision = '0020_mail_claimed_by'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_opt_outs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email', 'kind'),
    )


def downgrade():
    op.drop_table('mail_opt_outs')

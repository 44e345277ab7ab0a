"""the organising team: roles per event, invitations, account administration, audit details

Revision ID: 0011_team
Revises: 0010_waitlist_index
"""

from alembic import op
import sqlalchemy as sa


revision = '0011_team'
down_revision = '0010_waitlist_index'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event_organisers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=12), nullable=False, server_default='organiser'))
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('failed_login_at', sa.DateTime(), nullable=True))
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('label', sa.String(length=80), nullable=False, server_default=''))
    with op.batch_alter_table('export_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('detail', sa.String(length=300), nullable=False, server_default=''))
    op.create_table(
        'team_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=12), nullable=False),
        sa.Column('public_id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(), nullable=True),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by_id'], ['organisers.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('public_id'),
        sa.UniqueConstraint('token_hash'),
    )
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_invitations_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('team_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_invitations_event_id'))
    op.drop_table('team_invitations')
    with op.batch_alter_table('export_records', schema=None) as batch_op:
        batch_op.drop_column('detail')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('label')
    with op.batch_alter_table('organisers', schema=None) as batch_op:
        batch_op.drop_column('failed_login_at')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('disabled_at')
        batch_op.drop_column('is_admin')
    with op.batch_alter_table('event_organisers', schema=None) as batch_op:
        batch_op.drop_column('role')

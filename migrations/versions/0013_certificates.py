"""certificates of attendance: the event's wording and signature, one certificate per person

Revision ID: 0013_certificates
Revises: 0012_door_actions
"""

from alembic import op
import sqlalchemy as sa


revision = '0013_certificates'
down_revision = '0012_door_actions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'certificate_settings',
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('signatory', sa.String(length=120), nullable=False),
        sa.Column('signatory_role', sa.String(length=160), nullable=False),
        sa.Column('signature', sa.LargeBinary(), nullable=True),
        sa.Column('signature_kind', sa.String(length=8), nullable=False),
        sa.Column('wording_fr', sa.Text(), nullable=False),
        sa.Column('wording_en', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('event_id'),
    )
    op.create_table(
        'certificates',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('full_name', sa.String(length=240), nullable=False),
        sa.Column('organisation', sa.String(length=200), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('language', sa.String(length=2), nullable=False),
        sa.Column('issued_at', sa.DateTime(), nullable=False),
        sa.Column('issued_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['issued_by_id'], ['organisers.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('code'),
        sa.UniqueConstraint('event_id', 'registration_id'),
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificates_event_id'), ['event_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificates_event_id'))
    op.drop_table('certificates')
    op.drop_table('certificate_settings')

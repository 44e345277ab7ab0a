"""a check-in code apart from the personal link

Revision ID: 0008_checkin_code
Revises: 0007_event_language
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0008_checkin_code'
down_revision = '0007_event_language'
branch_labels = None
depends_on = None

ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_code', sa.String(length=10), nullable=True))
    registrations = sa.table('registrations', sa.column('id', sa.Integer), sa.column('checkin_code', sa.String))
    connection = op.get_bind()
    for (registration_id,) in connection.execute(sa.select(registrations.c.id)).all():
        code = "".join(secrets.choice(ALPHABET) for _ in range(10))
        connection.execute(
            registrations.update().where(registrations.c.id == registration_id).values(checkin_code=code)
        )
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('checkin_code', existing_type=sa.String(length=10), nullable=False)
        batch_op.create_unique_constraint('uq_registrations_checkin_code', ['checkin_code'])


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_constraint('uq_registrations_checkin_code', type_='unique')
        batch_op.drop_column('checkin_code')

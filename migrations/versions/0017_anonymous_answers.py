"""anonymous questionnaires: nothing per invitation dates an answer, answers dated by the day, random ids

Revision ID: 0017_anonymous_answers
Revises: 0016_restitution_show
"""

import secrets

from alembic import op
import sqlalchemy as sa


revision = '0017_anonymous_answers'
down_revision = '0016_restitution_show'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    anonymous = "SELECT id FROM surveys WHERE anonymous = :yes"
    connection.execute(
        sa.text(f"UPDATE survey_invitations SET answered_at = NULL WHERE survey_id IN ({anonymous})"), {"yes": True}
    )
    rows = connection.execute(
        sa.text(f"SELECT id, created_at FROM survey_responses WHERE survey_id IN ({anonymous})"), {"yes": True}
    ).all()
    taken = {row[0] for row in connection.execute(sa.text("SELECT id FROM survey_responses")).all()}
    for old_id, created_at in rows:
        new_id = old_id
        while new_id in taken:
            new_id = secrets.randbelow(2**31 - 2) + 1
        taken.add(new_id)
        day = created_at.replace(hour=0, minute=0, second=0, microsecond=0) if created_at else None
        connection.execute(
            sa.text("UPDATE survey_responses SET id = :new, created_at = :day, updated_at = :day WHERE id = :old"),
            {"new": new_id, "day": day, "old": old_id},
        )


def downgrade():
    pass  # what was forgotten stays forgotten

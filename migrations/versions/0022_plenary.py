"""board: the plenary on the live board: questions from the room and their supports, quick polls and their
answers, each item's moderator; a workshop can be the record of a plenary item (no cell of the grid)

Revision ID: 0022_plenary
Revises: 0021_mail_opt_outs
"""

from alembic import op
import sqlalchemy as sa


revision = '0022_plenary'
down_revision = '0021_mail_opt_outs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workshops') as batch:
        batch.alter_column('slot_id', existing_type=sa.Integer(), nullable=True)
        batch.alter_column('space_id', existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column('programme_item_id', sa.Integer(), nullable=True))
        batch.create_unique_constraint('uq_workshops_programme_item_id', ['programme_item_id'])
        batch.create_foreign_key(
            'fk_workshops_programme_item_id', 'programme_items', ['programme_item_id'], ['id'], ondelete='CASCADE'
        )
    op.create_table(
        'room_questions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('programme_item_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author', sa.String(length=300), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('status_before', sa.String(length=12), nullable=False),
        sa.Column('hidden_reason', sa.String(length=300), nullable=False),
        sa.Column('merged_into_id', sa.Integer(), nullable=True),
        sa.Column('supports', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['merged_into_id'], ['room_questions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'client_id'),
    )
    op.create_index('ix_room_questions_event_id', 'room_questions', ['event_id'])
    op.create_index('ix_room_questions_programme_item_id', 'room_questions', ['programme_item_id'])
    op.create_table(
        'plenary_items',
        sa.Column('programme_item_id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('questions_open', sa.Boolean(), nullable=False),
        sa.Column('moderator_id', sa.Integer(), nullable=True),
        sa.Column('on_screen_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['moderator_id'], ['registrations.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['on_screen_id'], ['room_questions.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('programme_item_id'),
    )
    op.create_index('ix_plenary_items_event_id', 'plenary_items', ['event_id'])
    op.create_table(
        'question_supports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('question_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['question_id'], ['room_questions.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('question_id', 'registration_id'),
    )
    op.create_index('ix_question_supports_question_id', 'question_supports', ['question_id'])
    op.create_index('ix_question_supports_registration_id', 'question_supports', ['registration_id'])
    op.create_table(
        'polls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('programme_item_id', sa.Integer(), nullable=False),
        sa.Column('question', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('results_to_phones', sa.Boolean(), nullable=False),
        sa.Column('answers', sa.Integer(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['programme_item_id'], ['programme_items.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('event_id', 'client_id'),
    )
    op.create_index('ix_polls_event_id', 'polls', ['event_id'])
    op.create_index('ix_polls_programme_item_id', 'polls', ['programme_item_id'])
    op.create_table(
        'poll_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('poll_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('choices', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('poll_id', 'registration_id'),
    )
    op.create_index('ix_poll_answers_poll_id', 'poll_answers', ['poll_id'])
    op.create_index('ix_poll_answers_registration_id', 'poll_answers', ['registration_id'])


def downgrade():
    op.drop_table('poll_answers')
    op.drop_table('polls')
    op.drop_table('question_supports')
    op.drop_table('plenary_items')
    op.drop_table('room_questions')
    with op.batch_alter_table('workshops') as batch:
        batch.drop_constraint('fk_workshops_programme_item_id', type_='foreignkey')
        batch.drop_constraint('uq_workshops_programme_item_id', type_='unique')
        batch.drop_column('programme_item_id')
        batch.alter_column('space_id', existing_type=sa.Integer(), nullable=False)
        batch.alter_column('slot_id', existing_type=sa.Integer(), nullable=False)

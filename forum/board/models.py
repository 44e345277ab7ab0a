"""The open forum's setup: guiding questions, spaces, time slots, workshops."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db


class Question(db.Model):
    """A guiding question of the open forum."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: 1-based order shown to the room
    position: Mapped[int] = mapped_column(default=1)
    text: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship()


class Space(db.Model):
    """A room of the marketplace grid."""

    __tablename__ = "spaces"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(String(120))
    #: how many people the room holds
    capacity: Mapped[int] = mapped_column(default=20)


class Slot(db.Model):
    """A time slot of the marketplace grid (local times of the event's zone)."""

    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("event_id", "label"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(120))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]


class Workshop(db.Model):
    """An atelier: a topic (or a theme set by organisers) in one cell of the grid."""

    __tablename__ = "workshops"
    __table_args__ = (UniqueConstraint("slot_id", "space_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: the cell of the grid (none for the record of a plenary item: nobody joins it)
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="RESTRICT"))
    space_id: Mapped[int | None] = mapped_column(ForeignKey("spaces.id", ondelete="RESTRICT"))
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    #: the plenary, round table or talk this workshop is the record of (its rapporteur's notes, points and
    #: synthesis, with a workshop's tools); None for a workshop of the grid
    programme_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_items.id", ondelete="CASCADE"), unique=True
    )
    #: seats; defaults to the room's capacity
    capacity: Mapped[int] = mapped_column(default=20)
    #: the topic this workshop was scheduled from (None for a thematic atelier set by organisers)
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    #: the registered participant who consolidates the contributions
    rapporteur_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: people in the room now (kept by join/leave under the board's lock)
    members_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    slot: Mapped[Slot | None] = relationship()
    space: Mapped[Space | None] = relationship()
    question: Mapped[Question | None] = relationship()


PHASES = ("setup", "marketplace", "workshops", "restitution", "closed")


class Board(db.Model):
    """The live board of one event: its phase, the projector key and the last change number."""

    __tablename__ = "boards"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    #: setup, marketplace, workshops, restitution or closed
    phase: Mapped[str] = mapped_column(String(12), default="setup")
    #: the read-only key of the projector screen
    screen_key: Mapped[str] = mapped_column(String(64))
    #: the last change's number; raised by exactly 1 in the transaction of each change
    seq: Mapped[int] = mapped_column(default=0)
    #: the proceedings page is public
    proceedings_published: Mapped[bool] = mapped_column(default=False)
    #: the restitution on the projector: workshop_id, page, playing, since, interval (board/restitution.py)
    show: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class BoardChange(db.Model):
    """The board log: one row per change, numbered without gaps per event."""

    __tablename__ = "board_changes"
    __table_args__ = (UniqueConstraint("event_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    seq: Mapped[int]
    #: topic.proposed, workshop.members, contribution.posted…
    type: Mapped[str] = mapped_column(String(30))
    #: the full new state of the object (as in the snapshot)
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Topic(db.Model):
    """A topic proposed by the room under a guiding question."""

    __tablename__ = "topics"
    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("questions.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the participant who proposed it (None when an organiser did)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: proposed, scheduled, merged or withdrawn
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    votes: Mapped[int] = mapped_column(default=0)
    #: the proposing device's id for this write (idempotent re-sends)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TopicVote(db.Model):
    __tablename__ = "topic_votes"
    __table_args__ = (UniqueConstraint("topic_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))


class Membership(db.Model):
    """A participant in a workshop; one workshop per slot per person (the law of two feet moves it)."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("registration_id", "slot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class Contribution(db.Model):
    """What someone posts in a workshop."""

    __tablename__ = "contributions"
    __table_args__ = (UniqueConstraint("workshop_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    #: the participant who wrote it (None for an organiser or after anonymisation)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: the name shown with it
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(64))
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str] = mapped_column(String(300), default="")
    #: the synthesis point that groups it
    point_id: Mapped[int | None] = mapped_column(ForeignKey("synthesis_points.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SynthesisPoint(db.Model):
    """A point of a workshop's synthesis, written by its rapporteur from contributions."""

    __tablename__ = "synthesis_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=1)


class Synthesis(db.Model):
    """A workshop's synthesis text, published by its rapporteur."""

    __tablename__ = "syntheses"

    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None]


#: the programme items whose room asks questions, answers polls and whose content the proceedings report
PLENARY_KINDS = ("plenary", "round_table", "talk")


class PlenaryItem(db.Model):
    """A plenary, round table or talk on the live board: open for questions or not, its moderator, the
    question on the projector. Created when first used."""

    __tablename__ = "plenary_items"

    programme_item_id: Mapped[int] = mapped_column(
        ForeignKey("programme_items.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    questions_open: Mapped[bool] = mapped_column(default=False)
    #: the participant who moderates the questions (organisers always may)
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: the question shown on the projector now
    on_screen_id: Mapped[int | None] = mapped_column(
        ForeignKey("room_questions.id", ondelete="SET NULL", use_alter=True)
    )


#: what becomes of a question from the room
ROOM_QUESTION_STATUSES = ("open", "on_screen", "answered", "hidden", "merged")


class RoomQuestion(db.Model):
    """A question a participant asks the speakers of a plenary item."""

    __tablename__ = "room_questions"
    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int] = mapped_column(ForeignKey("programme_items.id", ondelete="CASCADE"), index=True)
    #: who asked (None for an organiser, or after anonymisation); never sent to the room
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    #: "Name (Organisation)" when the person chose to show it, else empty: anonymous to the room
    author: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")
    #: before it was hidden (undoing a hiding gives it back)
    status_before: Mapped[str] = mapped_column(String(12), default="open")
    hidden_reason: Mapped[str] = mapped_column(String(300), default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("room_questions.id", ondelete="SET NULL"))
    supports: Mapped[int] = mapped_column(default=0)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]


class QuestionSupport(db.Model):
    """One person's support of a question (one per person per question)."""

    __tablename__ = "question_supports"
    __table_args__ = (UniqueConstraint("question_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("room_questions.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)


POLL_KINDS = ("single", "multiple", "scale")
POLL_STATUSES = ("draft", "open", "closed")


class Poll(db.Model):
    """A quick poll of a programme item: one choice, several, or a scale of 1 to 5."""

    __tablename__ = "polls"
    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    programme_item_id: Mapped[int] = mapped_column(ForeignKey("programme_items.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10), default="single")
    #: the choices' labels (a scale's are "1"…"5")
    choices: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: phones show the results once the poll is closed
    results_to_phones: Mapped[bool] = mapped_column(default=False)
    #: how many people answered, and how many chose each choice (kept under the board's lock)
    answers: Mapped[int] = mapped_column(default=0)
    counts: Mapped[list] = mapped_column(JSON, default=list)
    client_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PollAnswer(db.Model):
    """One person's answer to a poll (changed while it is open): the indexes of their choices."""

    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("poll_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    choices: Mapped[list] = mapped_column(JSON, default=list)

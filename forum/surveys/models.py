"""Questionnaires to the network (seed 001): a short survey sent by e-mail with a personal link, answered on
a phone without an account, once per person and changeable until it closes; anonymous on request."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db


class Survey(db.Model):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    intro: Mapped[str] = mapped_column(Text, default="")
    #: answers not linked to the registration (the person is told so)
    anonymous: Mapped[bool] = mapped_column(default=False)
    #: who receives it: "confirmed" (everyone with a seat) or "arrived" (the people checked in)
    audience: Mapped[str] = mapped_column(String(10), default="confirmed")
    #: draft (being written), open (sent, answers accepted), closed
    status: Mapped[str] = mapped_column(String(8), default="draft")
    #: answers are accepted until then (UTC), if set
    closes_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        order_by="SurveyQuestion.position", cascade="all, delete-orphan"
    )


class SurveyQuestion(db.Model):
    """A question of the kinds the bulletin knows (short or long text, one or several choices, yes/no)."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="short_text")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)


class SurveyInvitation(db.Model):
    """One person's personal link to a survey (only its hash is kept), and whether they answered."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("survey_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    survey: Mapped[Survey] = relationship()


class SurveyResponse(db.Model):
    """One person's answers. Named surveys link it to the invitation; anonymous ones only to a key derived
    from the person's link, which the server never stores: the database alone cannot say whose it is."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="SET NULL"), unique=True
    )
    #: HMAC of the person's link (anonymous surveys): how they find and change their answers
    key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: question id (as text) -> text, list of texts or bool
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

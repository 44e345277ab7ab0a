"""The bulletin d'inscription: registrations, teams, custom questions and answers."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db

ROLES = ("mediateur", "encadrant", "elu", "partenaire", "autre")
STATUSES = ("confirmed", "waitlisted", "cancelled")
QUESTION_KINDS = ("short_text", "long_text", "choice", "choices", "yes_no")
#: version of the privacy text shown next to the consent box (recorded with each consent)
CONSENT_VERSION = "2026-11"


class RegistrationGroup(db.Model):
    """A team registered in one go by a contact of one structure."""

    __tablename__ = "registration_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    organisation: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


#: no 0/O, 1/I/L, 5/S, 2/Z: read aloud or typed from a badge without doubt
CHECKIN_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"


def new_checkin_code() -> str:
    import secrets

    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(10))


def normalise_checkin_code(text: str) -> str:
    """What was scanned or typed ("k7qm4-p2xab", "K7QM4 P2XAB") as stored."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


class Registration(db.Model):
    """One person registered for one event."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        # counts by status, and the last place of the waiting list (a max read from the index, not a scan)
        Index("ix_registrations_event_status_position", "event_id", "status", "waitlist_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("registration_groups.id", ondelete="SET NULL"))
    #: random id from which the personal link's token is derived (with SECRET_KEY)
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    #: bumped to revoke every personal link given so far
    token_version: Mapped[int] = mapped_column(default=1)
    #: sha256 of the personal token, for look-ups (the token itself is never stored)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: the code of the badge and e-mail QR: it only lets an organiser's check-in find the person,
    #: unlike the personal link (which changes or cancels the registration)
    checkin_code: Mapped[str] = mapped_column(String(10), unique=True, default=new_checkin_code)

    @property
    def shown_checkin_code(self) -> str:
        """The check-in code as printed under the QR: two groups of five."""
        return f"{self.checkin_code[:5]}-{self.checkin_code[5:]}"

    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    #: lower-case; one registration per address and event
    email: Mapped[str] = mapped_column(String(254))
    #: the structure the person comes from
    organisation: Mapped[str] = mapped_column(String(200))
    #: one of ROLES
    role: Mapped[str] = mapped_column(String(20))
    territory: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: access needs (accessibility, diet…), shown to organisers only
    needs: Mapped[str] = mapped_column(Text, default="")
    consent_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_version: Mapped[str] = mapped_column(String(20), default=CONSENT_VERSION)
    #: language of the person's e-mails and pages (fr or en)
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    #: confirmed, waitlisted or cancelled
    status: Mapped[str] = mapped_column(String(12))
    #: 1-based place on the waiting list, without gaps; None unless waitlisted
    waitlist_position: Mapped[int | None]
    #: added by an organiser (outside the opening hours or over capacity)
    added_by_organiser: Mapped[bool] = mapped_column(default=False)
    #: registered at the door on the day
    walk_in: Mapped[bool] = mapped_column(default=False)
    #: raised with each invitation update or cancellation sent for this registration
    ical_sequence: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    confirmed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    #: set when promoted from the waiting list
    promoted_at: Mapped[datetime | None]
    reminder_sent_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    group: Mapped[RegistrationGroup | None] = relationship()
    answers: Mapped[list[Answer]] = relationship(back_populates="registration", cascade="all, delete-orphan")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_active(self) -> bool:
        return self.status in ("confirmed", "waitlisted")


class FormQuestion(db.Model):
    """An organiser's own question on the bulletin d'inscription."""

    __tablename__ = "form_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    label: Mapped[str] = mapped_column(String(300))
    #: one of QUESTION_KINDS
    kind: Mapped[str] = mapped_column(String(20), default="short_text")
    required: Mapped[bool] = mapped_column(default=False)
    #: an optional question the door does not ask of a walk-in (a required one is always asked)
    skip_at_door: Mapped[bool] = mapped_column(default=False, server_default="0")
    #: the choices, for choice and choices
    options: Mapped[list] = mapped_column(JSON, default=list)


class Answer(db.Model):
    """A registrant's answer to a FormQuestion."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("form_questions.id", ondelete="CASCADE"))
    #: text, list of texts (choices) or bool (yes_no)
    value: Mapped[object] = mapped_column(JSON)

    registration: Mapped[Registration] = relationship(back_populates="answers")
    question: Mapped[FormQuestion] = relationship()

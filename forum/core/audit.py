"""The event's audit log: one line per export of personal data, team change, questionnaire sent, burst of failed
sign-ins or action at the door: who, what, when. Each domain writes its lines and names its kinds
(:func:`describe`); the log's page shows them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.extensions import db

#: what a line's kind means, for the log's page (exports keep their file name); filled by the domains
KIND_LABELS: dict = {}


class AuditEntry(db.Model):
    """One line of an event's audit log (the table keeps its first name, from when it logged exports only)."""

    __tablename__ = "export_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: the account that did it (None: the system, a burst of failed sign-ins)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    #: an export (attendance.csv, attendance.xlsx, signin.pdf, memberships.csv, memberships.xlsx,
    #: registrations.csv) or a kind of KIND_LABELS (team.invited, door.checkin, survey.sent, signin.failures…)
    kind: Mapped[str] = mapped_column(String(40))
    #: how many people the file held
    rows: Mapped[int] = mapped_column(default=0)
    #: what the line is about beyond its kind ("claire@… → accueil")
    detail: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organiser = relationship("Account")


def describe(labels: dict) -> None:
    """A domain names its kinds of line."""
    KIND_LABELS.update(labels)


def write(event_id: int, kind: str, *, actor_id: int | None, detail: str = "", rows: int = 0) -> None:
    """One line, in the caller's transaction (the caller commits)."""
    db.session.add(AuditEntry(event_id=event_id, organiser_id=actor_id, kind=kind, detail=detail[:300], rows=rows))


def entries(event) -> list[AuditEntry]:
    return db.session.scalars(
        select(AuditEntry).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id.desc())
    ).all()

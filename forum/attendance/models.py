"""The event's audit log: who took which personal data, who changed the team, when."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import Organiser
from forum.core.models import utcnow
from forum.extensions import db


class ExportRecord(db.Model):
    __tablename__ = "export_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    #: an export (attendance.csv, attendance.xlsx, signin.pdf, memberships.csv, memberships.xlsx,
    #: registrations.csv) or a team change (team.invited, team.role, team.removed, …, signin.failures)
    kind: Mapped[str] = mapped_column(String(40))
    #: how many people the file held
    rows: Mapped[int] = mapped_column(default=0)
    #: what the line is about beyond its kind ("claire@… → accueil")
    detail: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organiser: Mapped[Organiser | None] = relationship()


class DoorAction(db.Model):
    """One action at the door (check-in, undo, walk-in), applied once: a phone that worked offline sends its
    queue again until it hears back, and the same id gives back the stored outcome."""

    __tablename__ = "door_actions"
    __table_args__ = (UniqueConstraint("event_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: the id the phone gave the action when it was made (a UUID)
    client_id: Mapped[str] = mapped_column(String(36))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    #: checkin, undo or walkin
    kind: Mapped[str] = mapped_column(String(8))
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: what the server answered: {"result": "arrived" | "already" | "undone" | "seat" | "waitlist", ...} or {"error": code}
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)
    #: when the phone says the action was made (it may have been offline), and when it reached the server
    made_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

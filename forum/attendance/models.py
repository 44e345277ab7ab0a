"""The door's actions (the audit log is core/audit.py)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.core.models import utcnow
from forum.extensions import db


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
    #: what the server answered: {"result": "arrived" | "already" | "undone" | "seat" | "waitlist", ...}
    #: or {"error": code}
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)
    #: when the phone says the action was made (it may have been offline), and when it reached the server
    made_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""An event's team: who has which role, and the invitations not answered yet."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import Account
from forum.core.models import utcnow
from forum.core.permissions import event_organisers
from forum.events.models import Event
from forum.extensions import db


class TeamMember(db.Model):
    """A person in an event's team, with their role (organiser, checkin, reader)."""

    __table__ = event_organisers

    account: Mapped[Account] = relationship(foreign_keys=[event_organisers.c.organiser_id])
    event: Mapped[Event] = relationship(foreign_keys=[event_organisers.c.event_id])


class Invitation(db.Model):
    """An invitation to an event's team, sent by e-mail; its link is single-use and expires.

    The link's secret is derived from ``public_id`` and ``version`` with SECRET_KEY (like personal
    links): only its hash is stored, and sending it again (a new version) voids the previous link.
    """

    __tablename__ = "team_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(12))
    public_id: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    version: Mapped[int] = mapped_column(default=1)
    #: sha256 of the link's secret, for look-ups
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    withdrawn_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    invited_by: Mapped[Account | None] = relationship()

    def state(self, now: datetime | None = None) -> str:
        """pending, accepted, withdrawn or expired."""
        if self.accepted_at:
            return "accepted"
        if self.withdrawn_at:
            return "withdrawn"
        return "expired" if (now or utcnow()) >= self.expires_at else "pending"

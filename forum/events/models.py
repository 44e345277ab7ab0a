"""Events, their organisers, series and programme."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, and_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import Account
from forum.core.i18n import aware
from forum.core.permissions import event_organisers
from forum.core.models import utcnow
from forum.extensions import db

STATUSES = ("draft", "published", "cancelled")
PROGRAMME_KINDS = ("welcome", "plenary", "round_table", "talk", "workshops", "open_forum", "break", "closing")


class EventSeries(db.Model):
    """Days that belong together (a day for mediators, then one for their managers)."""

    __tablename__ = "event_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))


class Event(db.Model):
    """A participatory day. Times are local to ``timezone`` and stored naive."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: address of the public page, /e/<slug>
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    #: who it is for ("Médiateurs sociaux")
    audience: Mapped[str] = mapped_column(String(200), default="")
    #: plain text, line breaks kept
    description: Mapped[str] = mapped_column(Text, default="")
    #: IANA zone the local times are in (Europe/Paris, America/Martinique)
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    #: the language of the day: its projector screen speaks it, whatever the browser showing it
    language: Mapped[str] = mapped_column(String(5), default="fr", server_default="fr")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_room: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    #: seats; registrations beyond go to the waiting list (if on)
    capacity: Mapped[int] = mapped_column(default=50)
    #: whether people can join a waiting list once the event is full
    waitlist: Mapped[bool] = mapped_column(default=True)
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    #: draft, published or cancelled
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: iCalendar UID, stable for the life of the event
    ical_uid: Mapped[str] = mapped_column(String(80), default=lambda: f"{uuid.uuid4()}@forum")
    #: iCalendar SEQUENCE: grows with every change that matters to an invitation
    ical_sequence: Mapped[int] = mapped_column(default=0)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"))
    #: when the personal data of its registrations was purged (RGPD); statistics stay
    personal_data_purged_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    #: the team members whose role is organiser (the team itself: forum.team.models.TeamMember)
    organisers: Mapped[list[Account]] = relationship(
        secondary=event_organisers,
        viewonly=True,
        order_by="Account.name",
        secondaryjoin=and_(event_organisers.c.organiser_id == Account.id, event_organisers.c.role == "organiser"),
    )
    series: Mapped[EventSeries | None] = relationship()
    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="ProgrammeItem.position"
    )

    @property
    def starts_at_aware(self) -> datetime:
        return aware(self.starts_at, self.timezone)

    @property
    def ends_at_aware(self) -> datetime:
        return aware(self.ends_at, self.timezone)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def is_cancelled(self) -> bool:
        return self.status == "cancelled"

    def role_of(self, person) -> str | None:
        """The person's role in this event's team, or None (not in the team, account disabled, nobody)."""
        if person is None or getattr(person, "id", None) is None or getattr(person, "disabled_at", None):
            return None
        return db.session.scalar(
            select(event_organisers.c.role).where(
                event_organisers.c.event_id == self.id, event_organisers.c.organiser_id == person.id
            )
        )

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class ProgrammeItem(db.Model):
    """A timed item of the day's programme."""

    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    #: place in the programme (0 first); kept in time order
    position: Mapped[int] = mapped_column(default=0)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    #: one of PROGRAMME_KINDS
    kind: Mapped[str] = mapped_column(String(20), default="plenary")
    title: Mapped[str] = mapped_column(String(200))
    moderator: Mapped[str | None] = mapped_column(String(200))
    #: list of names
    speakers: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    #: the organiser accepted that this item overlaps another
    overlap_allowed: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship(back_populates="programme")

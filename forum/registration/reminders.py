"""The reminder the day before: who is due, and marking it sent exactly once."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select, update

from forum.core import signals
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import Registration


def mark_reminded(registration_id: int) -> bool:
    """Record the reminder once, in the current transaction (the caller commits it with the reminder's
    e-mail); False when another run already did (safe from cron)."""
    done = db.session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.reminder_sent_at.is_(None))
        .values(reminder_sent_at=utcnow())
    )
    return done.rowcount == 1


def due_reminders(now: datetime | None = None) -> list[Registration]:
    """Confirmed people of events that start within the next day and were not reminded yet."""
    now = now or datetime.now(timezone.utc)
    rows = db.session.scalars(
        select(Registration)
        .join(Event)
        .where(Registration.status == "confirmed", Registration.reminder_sent_at.is_(None), Event.status == "published")
    ).all()
    out = []
    for registration in rows:
        start = registration.event.starts_at_aware
        if now < start and (start - now).total_seconds() <= 36 * 3600:
            out.append(registration)
    return out


def send_reminders(now: datetime | None = None) -> int:
    """Remind everyone due, each once (safe to run from cron as often as wanted): one transaction per person,
    in which the reminder is recorded and its listeners (the e-mail) add their rows. Returns how many."""
    sent = 0
    for registration in due_reminders(now):
        if mark_reminded(registration.id):
            signals.registration_reminder_due.send(registration)
            sent += 1
        db.session.commit()
    return sent

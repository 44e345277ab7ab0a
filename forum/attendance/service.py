"""Check-in at the door (the pages and exports come with the attendance issue)."""
from __future__ import annotations

from sqlalchemy import update

from forum.accounts.models import Organiser
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.events.models import Event
from forum.events.service import require_organiser
from forum.extensions import db
from forum.registration.models import Registration


def check_in(event: Event, registration: Registration, *, actor: Organiser | None) -> Registration:
    """Mark a confirmed person as arrived; doing it again changes nothing (idempotent)."""
    require_organiser(event, actor)
    if registration.event_id != event.id:
        raise DomainError("not_found")
    if registration.status != "confirmed":
        raise DomainError("registration_cancelled" if registration.status == "cancelled" else "not_confirmed")
    db.session.execute(update(Registration)
                       .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
                       .values(checked_in_at=utcnow()))
    db.session.commit()
    db.session.refresh(registration)
    return registration

"""Check-in at the door: idempotent, safe with several organisers at once."""
from __future__ import annotations

from sqlalchemy import func, select, update

from forum.accounts.models import Organiser
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.events.models import Event
from forum.team import permissions
from forum.extensions import db
from forum.registration import service as registration_service
from forum.registration.models import Registration, normalise_checkin_code


def check_in(event: Event, registration: Registration, *, actor: Organiser | None) -> Registration:
    """Mark a confirmed person as arrived; doing it again changes nothing (idempotent)."""
    permissions.require(event, actor, "checkin")
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


def undo_check_in(event: Event, registration: Registration, *, actor: Organiser | None) -> Registration:
    """A tap too many: the person is expected again."""
    permissions.require(event, actor, "checkin")
    if registration.event_id != event.id:
        raise DomainError("not_found")
    registration.checked_in_at = None
    db.session.commit()
    return registration


def find_by_code(event: Event, code: str) -> Registration:
    """The registration of a scanned or typed check-in code (or, as the person may show it, their
    personal link); DomainError on the ``code`` field otherwise."""
    text = (code or "").strip()
    registration = db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.checkin_code == normalise_checkin_code(text)[:10]))
    if registration is None and len(text) > 12:
        try:
            registration = registration_service.get_by_token(text.rstrip("/").rsplit("/r/", 1)[-1].split("/")[0])
        except DomainError:
            registration = None
    if registration is None or registration.event_id != event.id:
        raise DomainError("invalid", fields={"code": ["bad_checkin_code"]})
    return registration


def check_in_by_code(event: Event, code: str, *, actor: Organiser | None) -> Registration:
    """Check in from a scanned or typed check-in code."""
    permissions.require(event, actor, "checkin")
    return check_in(event, find_by_code(event, code), actor=actor)


def walk_in(event: Event, data: dict, *, actor: Organiser | None, override_capacity: bool = False) -> Registration:
    """Someone who turns up without registering: registered and checked in on the spot.

    Walk-ins count against the capacity; ``override_capacity`` gives them a seat
    anyway (the organiser adds one). One transaction; an address already registered
    with a seat is checked in as the registered person it is.
    """
    permissions.require(event, actor, "checkin")
    return registration_service.register(event, data | {"consent": True}, actor=actor, allow_waitlist=False,
                                         extra_seat=override_capacity, at_the_door=True).registration


def counters(event: Event) -> dict[str, int]:
    """expected (confirmed), arrived, walk-ins (added on the day by organisers and arrived)."""
    rows = db.session.execute(select(func.count(), func.count(Registration.checked_in_at))
                              .where(Registration.event_id == event.id, Registration.status == "confirmed")).one()
    walk_ins = db.session.scalar(select(func.count()).where(
        Registration.event_id == event.id, Registration.status == "confirmed", Registration.walk_in))
    return {"expected": rows[0], "arrived": rows[1], "walk_ins": walk_ins}

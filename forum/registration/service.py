"""The rules of registration: the bulletin, capacity, waiting list, personal link.

Capacity and waiting-list positions are decided inside a lock on the event's
row, taken by writing it before anything is counted (a row lock on
PostgreSQL, the database write lock on SQLite), so concurrent requests queue
and never overbook. Every function is one transaction. Its signals are sent
inside it, before the commit: what listeners write (the confirmation queued in
the mail outbox, the board's changes) commits or rolls back with the
registration, never without it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, insert, select, update

from forum.accounts.models import Account
from forum.core import signals, values
from forum.core.errors import DomainError
from forum.core.models import get_in_event, utcnow
from forum.core.tokens import derived_token, hash_token
from forum.events.models import Event
from forum.events.service import lock_event
from forum.core import permissions
from forum.extensions import db
from forum.registration.models import CONSENT_VERSION, ROLES, Answer, Registration, RegistrationGroup
from forum.registration.questions import clean_answers

PERSON_LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "organisation": 200,
    "territory": 120,
    "phone": 40,
    "needs": 2000,
}
REQUIRED = ("first_name", "last_name", "email", "organisation", "role")
PHONE_RE = re.compile(r"^[0-9 +().\-/]{6,40}$")


@dataclass
class Result:
    """What a registration attempt gives back (the token only exists here), with the place as it
    was decided (read before the commit, so that answering needs no second query)."""

    registration: Registration
    token: str
    #: the e-mail was already registered: nothing new was written
    duplicate: bool = False
    id: int | None = None
    status: str | None = None
    waitlist_position: int | None = None

    @classmethod
    def of(cls, registration: Registration, *, duplicate: bool = False) -> "Result":
        return cls(
            registration,
            personal_token(registration),
            duplicate,
            registration.id,
            registration.status,
            registration.waitlist_position,
        )


# -- the personal link ---------------------------------------------------


def personal_token(registration: Registration) -> str:
    """The secret of the personal link, derived from the registration and SECRET_KEY (never stored)."""
    return _token_of(registration.public_id, registration.token_version)


def _token_of(public_id: str, token_version: int) -> str:
    return derived_token("registration", public_id, token_version)


def _set_token(registration: Registration) -> str:
    token = personal_token(registration)
    registration.token_hash = hash_token(token)
    return token


def get_by_token(token: str | None) -> Registration:
    """The registration of a personal link, or DomainError('bad_link')."""
    if not token or len(token) > 100:
        raise DomainError("bad_link")
    registration = db.session.scalar(select(Registration).where(Registration.token_hash == hash_token(token)))
    if registration is None:
        raise DomainError("bad_link")
    return registration


def get_registration(event: Event, registration_id: int) -> Registration:
    return get_in_event(Registration, event, registration_id)


# -- reading -------------------------------------------------------------


def counts(event: Event) -> dict[str, int]:
    """confirmed, waitlisted, cancelled, seats_left."""
    rows = db.session.execute(
        select(Registration.status, func.count()).where(Registration.event_id == event.id).group_by(Registration.status)
    ).all()
    out = {"confirmed": 0, "waitlisted": 0, "cancelled": 0} | {status: n for status, n in rows}
    out["seats_left"] = max(event.capacity - out["confirmed"], 0)
    return out


def seats_left(event: Event) -> int:
    return counts(event)["seats_left"]


def local_now(event: Event) -> datetime:
    return datetime.now(ZoneInfo(event.timezone)).replace(tzinfo=None, second=0, microsecond=0)


def window(event: Event, now: datetime | None = None) -> str:
    """'open', 'not_open' (before the opening) or 'closed' (deadline passed, event over, cancelled, draft)."""
    now = now or local_now(event)
    if event.status != "published" or now >= event.ends_at:
        return "closed"
    if event.registration_opens_at and now < event.registration_opens_at:
        return "not_open"
    if event.registration_closes_at and now > event.registration_closes_at:
        return "closed"
    return "open"


def _check_window(event: Event, actor: Account | None, *, at_the_door: bool = False) -> None:
    if (
        actor is not None
        and event.status != "cancelled"
        and permissions.can(event.role_of(actor), "checkin" if at_the_door else "manage")
    ):
        return  # organisers (and, at the door, the check-in team) can still add someone outside the opening hours
    state = window(event)
    if state == "not_open":
        from forum.core.i18n import format_moment

        raise DomainError("not_open", when=format_moment(event.registration_opens_at))
    if state == "closed":
        raise DomainError("closed")


# -- validation ----------------------------------------------------------


def clean_person(data: dict, *, partial: bool = False) -> dict:
    """The person's fields, stripped and checked; DomainError('invalid') lists every problem by field."""
    problems = values.Problems()
    out: dict = {}
    for name, limit in PERSON_LIMITS.items():
        if partial and name not in data:
            continue
        out[name] = (
            problems.check(
                values.text,
                data.get(name),
                name,
                minimum=1 if name in REQUIRED else 0,
                maximum=limit,
                multiline=name == "needs",
            )
            or ""
        )
    if out.get("email") and "email" not in problems:
        out["email"] = problems.check(values.email, out["email"], "email")
    if out.get("phone") and not PHONE_RE.match(out["phone"]):
        problems.add("phone", "bad_phone")
    if not partial or "role" in data:
        if not data.get("role"):
            problems.add("role", "required")
        elif data.get("role") not in ROLES:
            problems.add("role", "bad_choice")
        out["role"] = data.get("role")
    if not partial or "locale" in data:
        if data.get("locale") not in (None, "", "fr", "en"):
            problems.add("locale", "bad_choice")
        out["locale"] = data.get("locale") or "fr"
    if not partial and data.get("consent") is not True:
        problems.add("consent", "consent_required")
    problems.raise_any()
    return out


# -- the lock ------------------------------------------------------------

# The statements of the registration's write path are built once (a rush runs them thousands of times).
_CONFIRMED = select(func.count()).where(
    Registration.event_id == bindparam("event_id"), Registration.status == "confirmed"
)
_LAST_POSITION = select(func.max(Registration.waitlist_position)).where(
    Registration.event_id == bindparam("event_id"), Registration.status == "waitlisted"
)
_BY_EMAIL = select(Registration).where(
    Registration.event_id == bindparam("event_id"), Registration.email == bindparam("email")
)


def _confirmed_count(event: Event) -> int:
    return db.session.scalar(_CONFIRMED, {"event_id": event.id})


def _last_position(event: Event) -> int:
    return db.session.scalar(_LAST_POSITION, {"event_id": event.id}) or 0


def _place(event: Event, *, allow_waitlist: bool = True, extra_seat: bool = False) -> dict:
    """Seat or waiting list, decided under the event's lock (``extra_seat``: an organiser adds one if full):
    the registration's status, waitlist_position and confirmed_at."""
    full = _confirmed_count(event) >= event.capacity
    if full and extra_seat:
        event.capacity += 1
        full = False
    if not full:
        return {"status": "confirmed", "waitlist_position": None, "confirmed_at": utcnow()}
    if event.waitlist and allow_waitlist:
        return {"status": "waitlisted", "waitlist_position": _last_position(event) + 1, "confirmed_at": None}
    raise DomainError("full")


def _leave_waitlist(event: Event, position: int) -> None:
    """Close the gap a waitlisted person leaves behind."""
    db.session.execute(
        update(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == "waitlisted",
            Registration.waitlist_position > position,
        )
        .values(waitlist_position=Registration.waitlist_position - 1)
    )


def _fill_seats(event: Event) -> list[Registration]:
    """Promote the first waitlisted people into the free seats, in order."""
    free = event.capacity - _confirmed_count(event)
    if free <= 0:
        return []
    promoted = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status == "waitlisted")
        .order_by(Registration.waitlist_position)
        .limit(free)
    ).all()
    now = utcnow()
    for registration in promoted:
        registration.status, registration.waitlist_position = "confirmed", None
        registration.confirmed_at = registration.promoted_at = now
    if promoted:
        db.session.flush()
        db.session.execute(
            update(Registration)
            .where(Registration.event_id == event.id, Registration.status == "waitlisted")
            .values(waitlist_position=Registration.waitlist_position - len(promoted))
        )
    return promoted


def _send(signal, registrations, **kwargs) -> None:
    for registration in registrations:
        signal.send(registration, **kwargs)


# -- registering ---------------------------------------------------------


def register(
    event: Event,
    data: dict,
    *,
    actor: Account | None = None,
    answers: dict | None = None,
    allow_waitlist: bool = True,
    extra_seat: bool = False,
    at_the_door: bool = False,
    before_commit: Callable[[Result], None] | None = None,
) -> Result:
    """Register one person: a seat, or a place on the waiting list, or DomainError.

    The same e-mail again gives back the existing registration (``duplicate``)
    and sends the person their link again. ``at_the_door``: a walk-in, checked in
    in the same transaction; someone already registered is only checked in (no walk-in, no mail).
    ``before_commit(result)`` writes what the caller records of it in the same transaction (the door's log).
    """
    person = clean_person(data)
    clean = clean_answers(event, answers)
    _check_window(event, actor, at_the_door=at_the_door)
    lock_event(event)
    _check_window(event, actor, at_the_door=at_the_door)
    existing = db.session.scalar(_BY_EMAIL, {"event_id": event.id, "email": person["email"]})
    if existing is not None and existing.is_active:
        if at_the_door:
            if existing.status != "confirmed":
                raise DomainError("not_confirmed")
            existing.checked_in_at = existing.checked_in_at or utcnow()
            result = Result.of(existing, duplicate=True)
            if before_commit:
                before_commit(result)
            db.session.commit()
            return result
        signals.registration_link_requested.send(existing)
        result = Result.of(existing, duplicate=True)
        db.session.commit()
        return result
    if extra_seat:
        permissions.require(event, actor, "checkin" if at_the_door else "manage")
    registration = _write(
        event, existing, person, clean, actor=actor, allow_waitlist=allow_waitlist, extra_seat=extra_seat
    )
    if at_the_door:  # a walk-in on the waiting list (a phone that was offline) is not checked in yet
        registration.walk_in = True
        registration.checked_in_at = utcnow() if registration.status == "confirmed" else None
    signals.registration_created.send(registration)
    result = Result.of(registration)
    if before_commit:
        before_commit(result)
    db.session.commit()
    return result


def _write(
    event: Event,
    existing: Registration | None,
    person: dict,
    answers: dict,
    *,
    actor: Account | None,
    group: RegistrationGroup | None = None,
    allow_waitlist: bool = True,
    extra_seat: bool = False,
) -> Registration:
    """Insert (one INSERT … RETURNING) or bring back a cancelled registration, with its place; inside the lock."""
    fields = (
        person
        | _place(event, allow_waitlist=allow_waitlist, extra_seat=extra_seat)
        | {
            "consent_at": utcnow(),
            "consent_version": CONSENT_VERSION,
            "added_by_organiser": actor is not None and permissions.allows(event, actor, "checkin"),
        }
    )
    if group is not None:
        if group.id is None:
            db.session.flush()
        fields["group_id"] = group.id
    if existing is None:
        public_id = str(uuid.uuid4())
        fields |= {
            "event_id": event.id,
            "public_id": public_id,
            "token_version": 1,
            "ical_sequence": 0,
            "token_hash": hash_token(_token_of(public_id, 1)),
        }
        registration = db.session.scalars(insert(Registration).returning(Registration), [fields]).one()
    else:  # a cancelled person registers again
        registration = existing
        with db.session.no_autoflush:
            for key, value in fields.items():
                setattr(registration, key, value)
        registration.cancelled_at = None
        registration.ical_sequence += 1
        _set_token(registration)
    _set_answers(registration, answers)
    return registration


def _set_answers(registration: Registration, answers: dict[int, object]) -> None:
    if not answers:
        return
    current = {a.question_id: a for a in registration.answers}
    for question_id, value in answers.items():
        if question_id in current:
            current[question_id].value = value
        else:
            registration.answers.append(Answer(question_id=question_id, value=value))


def register_team(event: Event, contact: dict, members: list[dict], *, actor: Account | None = None) -> list[Result]:
    """A contact registers several people of one structure in one go; each gets their own link.

    ``contact``: contact_name, contact_email, organisation. The members share the
    capacity rules like everyone (seats first, then the waiting list, in order).
    """
    problems = values.Problems()
    problems.check(values.text, contact.get("contact_name"), "contact_name", minimum=1, maximum=200)
    problems.check(values.text, contact.get("organisation"), "organisation", minimum=1, maximum=200)
    contact_email = problems.check(values.email, contact.get("contact_email"), "contact_email")
    fields = problems.fields
    members = [m for m in members if any((m.get(k) or "").strip() for k in ("first_name", "last_name", "email"))]
    if not members:
        fields["members"] = ["team_empty"]
    people = []
    for n, member in enumerate(members):
        try:
            people.append(
                clean_person(
                    member
                    | {
                        "organisation": contact.get("organisation"),
                        "consent": contact.get("consent"),
                        "locale": contact.get("locale"),
                    }
                )
            )
        except DomainError as error:
            for name, codes in error.fields.items():
                fields[f"members-{n}-{name}" if name not in ("consent",) else "consent"] = codes
    emails = [p["email"] for p in people]
    for n, email in enumerate(emails):
        if email in emails[:n]:
            fields[f"members-{n}-email"] = ["team_duplicate"]
    if fields:
        raise DomainError("invalid", fields=fields)
    _check_window(event, actor)
    lock_event(event)
    _check_window(event, actor)
    group = RegistrationGroup(
        event_id=event.id,
        contact_name=contact["contact_name"].strip()[:200],
        contact_email=contact_email,
        organisation=contact["organisation"].strip()[:200],
    )
    db.session.add(group)
    results, created, again = [], [], []
    for person in people:
        existing = db.session.scalar(
            select(Registration).where(Registration.event_id == event.id, Registration.email == person["email"])
        )
        if existing is not None and existing.is_active:
            results.append(Result(existing, personal_token(existing), duplicate=True))
            again.append(existing)
            continue
        registration = _write(event, existing, person, {}, actor=actor, group=group)
        results.append(Result(registration, personal_token(registration)))
        created.append(registration)
    _send(signals.registration_created, created)
    _send(signals.registration_link_requested, again)
    db.session.commit()
    return results


# -- changing and cancelling ---------------------------------------------


def update_details(
    registration: Registration, data: dict, *, actor: Account | None = None, answers: dict | None = None
) -> Registration:
    """The person (from their link) or an organiser edits the details."""
    if actor is not None:
        permissions.require(registration.event, actor, "manage")
    if registration.status == "cancelled" and actor is None:
        raise DomainError("registration_cancelled")
    person = clean_person(data, partial=True)
    clean = clean_answers(registration.event, answers) if answers is not None else None
    if "email" in person and person["email"] != registration.email:
        taken = db.session.scalar(
            select(Registration.id).where(
                Registration.event_id == registration.event_id, Registration.email == person["email"]
            )
        )
        if taken is not None:
            raise DomainError("invalid", fields={"email": ["duplicate"]})
    for key, value in person.items():
        setattr(registration, key, value)
    if clean is not None:
        _set_answers(registration, clean)
    db.session.commit()
    return registration


def cancel(registration: Registration, *, actor: Account | None = None) -> Registration:
    """Cancel a registration (the person from their link, or an organiser); the seat goes to the waiting list."""
    event = registration.event
    if actor is not None:
        permissions.require(event, actor, "manage")
    lock_event(event)
    db.session.refresh(registration)
    if registration.status == "cancelled":
        db.session.commit()
        return registration
    _release(event, registration)
    registration.status, registration.cancelled_at = "cancelled", utcnow()
    registration.ical_sequence += 1
    promoted = _fill_seats(event)
    signals.registration_cancelled.send(registration, by_organiser=actor is not None)
    _send(signals.registration_promoted, promoted)
    db.session.commit()
    return registration


def _release(event: Event, registration: Registration) -> None:
    """Take a person off the waiting list (closing the gap); a confirmed seat frees itself."""
    if registration.status == "waitlisted":
        position = registration.waitlist_position
        registration.waitlist_position = None
        registration.status = "cancelled"
        db.session.flush()
        _leave_waitlist(event, position)


def remove(registration: Registration, *, actor: Account | None) -> None:
    """An organiser deletes a registration made by mistake; its seat goes to the waiting list."""
    event = registration.event
    permissions.require(event, actor, "manage")
    lock_event(event)
    db.session.refresh(registration)
    _release(event, registration)
    db.session.delete(registration)
    db.session.flush()
    promoted = _fill_seats(event)
    _send(signals.registration_promoted, promoted)
    db.session.commit()


def delete_my_data(registration: Registration, *, keep_contributions: bool = False) -> None:
    """The person deletes their own data from their link (RGPD): the registration is removed, and what they
    wrote on the board is deleted or, if they choose, kept without their name."""
    event = registration.event
    lock_event(event)
    db.session.refresh(registration)
    was_active = registration.is_active
    signals.registration_deleting.send(registration, keep_contributions=keep_contributions)
    _release(event, registration)
    db.session.delete(registration)
    db.session.flush()
    promoted = _fill_seats(event) if was_active else []
    _send(signals.registration_promoted, promoted)
    db.session.commit()


def promote(registration: Registration, *, actor: Account | None) -> Registration:
    """An organiser gives a seat to a waitlisted person now, adding a seat if the event is full."""
    event = registration.event
    permissions.require(event, actor, "manage")
    lock_event(event)
    db.session.refresh(registration)
    if registration.status != "waitlisted":
        raise DomainError("not_waitlisted")
    if _confirmed_count(event) >= event.capacity:
        event.capacity += 1
    position = registration.waitlist_position
    registration.status, registration.waitlist_position = "confirmed", None
    registration.confirmed_at = registration.promoted_at = utcnow()
    db.session.flush()
    _leave_waitlist(event, position)
    signals.registration_promoted.send(registration)
    db.session.commit()
    return registration


def set_capacity(event: Event, capacity: int, *, actor: Account | None) -> list[Registration]:
    """Change the number of seats; a higher capacity promotes the first people waiting."""
    permissions.require(event, actor, "manage")
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise DomainError("invalid", fields={"capacity": ["not_positive"]})
    lock_event(event)
    confirmed = _confirmed_count(event)
    if capacity < confirmed:
        db.session.rollback()
        raise DomainError("invalid", fields={"capacity": [("capacity_too_small", {"confirmed": confirmed})]})
    event.capacity = capacity
    promoted = _fill_seats(event)
    _send(signals.registration_promoted, promoted)
    db.session.commit()
    return promoted


def fill_seats(event: Event) -> list[Registration]:
    """Promote into any free seat (after the event's capacity or waiting-list setting changed)."""
    lock_event(event)
    promoted = _fill_seats(event)
    _send(signals.registration_promoted, promoted)
    db.session.commit()
    return promoted


def export_my_data(registration: Registration) -> dict:
    """Everything kept about the person, for their own export (RGPD)."""
    sections: dict = {}
    signals.personal_data_exporting.send(registration, sections=sections)
    return _my_data(registration) | sections


def _my_data(registration: Registration) -> dict:
    event = registration.event
    return {
        "event": {"slug": event.slug, "title": event.title, "starts_at": event.starts_at_aware.isoformat()},
        "registration": {
            "first_name": registration.first_name,
            "last_name": registration.last_name,
            "email": registration.email,
            "organisation": registration.organisation,
            "role": registration.role,
            "territory": registration.territory,
            "phone": registration.phone,
            "needs": registration.needs,
            "locale": registration.locale,
            "status": registration.status,
            "waitlist_position": registration.waitlist_position,
            "registered_at": _iso(registration.created_at),
            "consent_at": _iso(registration.consent_at),
            "consent_version": registration.consent_version,
            "checked_in_at": _iso(registration.checked_in_at),
            "team": registration.group.organisation if registration.group else None,
        },
        "answers": [{"question": a.question.label, "answer": a.value} for a in registration.answers],
    }


def _iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


# -- the event's rules that registration adds ----------------------------


@signals.event_validating.connect
def _capacity_not_below_confirmed(event: Event, changes: set, **_) -> None:
    if "capacity" in changes:
        confirmed = _confirmed_count(event)
        if event.capacity < confirmed:
            raise DomainError("invalid", fields={"capacity": [("capacity_too_small", {"confirmed": confirmed})]})


@signals.event_updated.connect
def _promote_after_capacity_change(event: Event, changes: set, **_) -> None:
    if changes & {"capacity", "waitlist"}:
        fill_seats(event)


def send_link_again(event: Event, email: str) -> None:
    """'Send me my link again': mails the link if this address is registered; says nothing either way."""
    try:
        address = values.email(email, "email")
    except DomainError:
        return
    registration = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.email == address)
    )
    if registration is not None:
        signals.registration_link_requested.send(registration)
        db.session.commit()


def resend_confirmation(registration: Registration, *, actor: Account | None) -> None:
    """An organiser sends the confirmation (or waiting-list) e-mail again."""
    permissions.require(registration.event, actor, "manage")
    if registration.status == "cancelled":
        raise DomainError("registration_cancelled")
    signals.registration_created.send(registration)
    db.session.commit()


def checkin_qr(registration: Registration) -> str:
    """The person's check-in QR code as an SVG data URI: their check-in code, never the personal link. A full
    QR code (a code this short would otherwise be a Micro QR, which phones' cameras do not read) with its
    quiet zone of four modules."""
    import segno

    return segno.make_qr(registration.checkin_code, error="m").svg_data_uri(scale=8, border=4)


def checkin_qr_png(registration: Registration) -> str:
    """The same QR code as a PNG, base64, for e-mails."""
    import base64
    import io

    import segno

    out = io.BytesIO()
    segno.make_qr(registration.checkin_code, error="m").save(out, kind="png", scale=8, border=4)
    return base64.b64encode(out.getvalue()).decode()

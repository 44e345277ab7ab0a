"""Check-in at the door: idempotent, safe with several phones at once, and with phones that worked offline.

Every action at the door (a tap, a scanned code, a walk-in) is a :class:`DoorAction` written in the
transaction of its effect, with a line in the audit log. A phone gives each action an id when it is made;
the queue it sends on reconnection is applied in order, each id once (the same id again gives back the
stored outcome), so a retried or duplicated send changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.core import links
from forum.accounts.models import Account
from forum.core import audit
from forum.attendance.models import DoorAction
from forum.core import values
from forum.core.errors import DomainError, message_for
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.registration import questions as bulletin
from forum.registration import service as registration_service
from forum.registration.forms import ROLE_LABELS
from forum.registration.models import FormQuestion, Registration, normalise_checkin_code
from forum.core import permissions

KINDS = ("checkin", "undo", "walkin")
#: how many queued actions one sync may carry (a phone sends the rest in the next one)
MAX_BATCH = 200


audit.describe(
    {
        "door.checkin": _l("Checked in at the door"),
        "door.undo": _l("Check-in undone"),
        "door.walkin": _l("Walk-in registered at the door"),
    }
)


def _record(
    event: Event,
    actor: Account | None,
    kind: str,
    registration: Registration | None,
    result: str,
    *,
    client_id: str | None = None,
    made_at: datetime | None = None,
) -> DoorAction:
    """The action and its audit line, in the caller's transaction (the caller commits)."""
    action = DoorAction(
        event_id=event.id,
        client_id=client_id or str(uuid.uuid4()),
        kind=kind,
        organiser_id=actor.id if actor else None,
        registration_id=registration.id if registration else None,
        outcome={"result": result},
        made_at=made_at,
    )
    db.session.add(action)
    who = registration.full_name if registration else ""
    audit.write(
        event.id,
        f"door.{kind}",
        actor_id=actor.id if actor else None,
        detail=f"{who} → {result}" + (f" ({made_at:%H:%M} UTC)" if made_at else ""),
    )
    return action


def _arrival(made_at: datetime | None) -> datetime:
    """When the person arrived: the phone's time of the tap if it is plausible (a phone offline sends it
    later), the server's otherwise."""
    now = utcnow()
    return made_at if made_at is not None and now - timedelta(days=2) <= made_at <= now else now


def _door_registration(event: Event, registration: Registration) -> None:
    if registration.event_id != event.id:
        raise DomainError("not_found")


def check_in(
    event: Event,
    registration: Registration,
    *,
    actor: Account | None,
    client_id: str | None = None,
    made_at: datetime | None = None,
) -> Registration:
    """Mark a confirmed person as arrived; doing it again changes nothing (idempotent)."""
    permissions.require(event, actor, "checkin")
    _door_registration(event, registration)
    if registration.status != "confirmed":
        raise DomainError("registration_cancelled" if registration.status == "cancelled" else "not_confirmed")
    changed = db.session.execute(
        update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=_arrival(made_at))
    ).rowcount
    _record(
        event, actor, "checkin", registration, "arrived" if changed else "already", client_id=client_id, made_at=made_at
    )
    db.session.commit()
    db.session.refresh(registration)
    return registration


def undo_check_in(
    event: Event,
    registration: Registration,
    *,
    actor: Account | None,
    client_id: str | None = None,
    made_at: datetime | None = None,
) -> Registration:
    """A tap too many: the person is expected again."""
    permissions.require(event, actor, "checkin")
    _door_registration(event, registration)
    registration.checked_in_at = None
    _record(event, actor, "undo", registration, "undone", client_id=client_id, made_at=made_at)
    db.session.commit()
    return registration


def find_by_code(event: Event, code: str) -> Registration:
    """The registration of a scanned or typed check-in code (or, as the person may show it, their
    personal link); DomainError on the ``code`` field otherwise."""
    text = (code or "").strip()
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.checkin_code == normalise_checkin_code(text)[:10]
        )
    )
    if registration is None and len(text) > 12:
        try:
            registration = registration_service.get_by_token(links.token_in("registration", text) or text)
        except DomainError:
            registration = None
    if registration is None or registration.event_id != event.id:
        raise DomainError("invalid", fields={"code": ["bad_checkin_code"]})
    return registration


def check_in_by_code(
    event: Event, code: str, *, actor: Account | None, client_id: str | None = None, made_at: datetime | None = None
) -> Registration:
    """Check in from a scanned or typed check-in code."""
    permissions.require(event, actor, "checkin")
    return check_in(event, find_by_code(event, code), actor=actor, client_id=client_id, made_at=made_at)


# -- what the door asks of a walk-in -------------------------------------

#: the person's fields a walk-in gives at the door, in the form's order, with their labels
DOOR_FIELDS = {
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "email": _l("E-mail address"),
    "organisation": _l("Organisation (structure)"),
    "role": _l("Role"),
    "territory": _l("Territory"),
}


def door_questions(event: Event) -> list[FormQuestion]:
    """The bulletin's questions asked at the door: every required one, and the optional ones not skipped."""
    return [q for q in bulletin.form_questions(event) if q.required or not q.skip_at_door]


def walk_in_rules(event: Event) -> list[dict]:
    """The server's own rules for a walk-in, field by field, sent with the phone's list so that the phone
    checks what it will be refused before the network returns: name, label, kind, required, max, options."""
    rules = []
    for name, label in DOOR_FIELDS.items():
        rule = {
            "name": name,
            "label": str(label),
            "kind": "email" if name == "email" else "text",
            "required": name in registration_service.REQUIRED,
            "max": registration_service.PERSON_LIMITS.get(name),
        }
        if name == "role":
            rule |= {"kind": "choice", "options": [[value, str(text)] for value, text in ROLE_LABELS.items()]}
        rules.append(rule)
    for q in door_questions(event):
        rules.append(
            {
                "name": f"q_{q.id}",
                "label": q.label,
                "kind": q.kind,
                "required": q.required,
                "max": {"short_text": 300, "long_text": 3000}.get(q.kind),
                "options": [[o, o] for o in q.options]
                if q.kind in ("choice", "choices")
                else [["yes", _("Yes")], ["no", _("No")]]
                if q.kind == "yes_no"
                else None,
            }
        )
    return rules


def refusal_text(event: Event, fields: dict) -> tuple[dict[str, list[str]], list[str]]:
    """A refusal's field errors, translated: by field, and each named by its label ("Role: This field is required.")."""
    labels = {rule["name"]: rule["label"] for rule in walk_in_rules(event)}
    by_field: dict[str, list[str]] = {}
    named: list[str] = []
    for name, codes in fields.items():
        for item in codes:
            code, params = item if isinstance(item, (tuple, list)) else (item, {})
            text = message_for(code, **(params or {}))
            by_field.setdefault(name, []).append(text)
            named.append(_("%(field)s: %(message)s", field=labels.get(name, name), message=text))
    return by_field, named


def walk_in(
    event: Event,
    data: dict,
    *,
    actor: Account | None,
    override_capacity: bool = False,
    waitlist_when_full: bool = False,
    client_id: str | None = None,
    made_at: datetime | None = None,
    answers: dict | None = None,
) -> Registration:
    """Someone who turns up without registering: registered and checked in on the spot.

    Walk-ins count against the capacity; ``override_capacity`` gives them a seat anyway (the organiser adds
    one). When the event is full, the page refuses (the volunteer may add a seat); a walk-in typed offline,
    whose phone can no longer ask, goes to the waiting list instead (``waitlist_when_full``). An address
    already registered with a seat is checked in as the registered person it is.
    """
    permissions.require(event, actor, "checkin")

    def record(result) -> None:  # in the registration's transaction
        registration = result.registration
        outcome = "arrived" if result.duplicate else "seat" if registration.status == "confirmed" else "waitlist"
        if registration.id is None:
            db.session.flush()
        action = _record(event, actor, "walkin", registration, outcome, client_id=client_id, made_at=made_at)
        action.registration_id = registration.id

    return registration_service.register(
        event,
        data | {"consent": True},
        actor=actor,
        answers=answers,
        allow_waitlist=waitlist_when_full,
        extra_seat=override_capacity,
        at_the_door=True,
        before_commit=record,
    ).registration


# -- the phones' list and queue ------------------------------------------


def door_row(registration: Registration) -> dict:
    """What the door needs of a person, and nothing more: no e-mail, phone or answers."""
    return {
        "id": registration.id,
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "organisation": registration.organisation,
        "status": registration.status,
        "position": registration.waitlist_position,
        "code": registration.checkin_code,
        "arrived": registration.checked_in_at is not None,
        "walk_in": registration.walk_in,
    }


def door_list(event: Event, *, actor: Account | None) -> dict:
    """The list a phone keeps for the door: confirmed people and the waiting list, with the counters."""
    permissions.require(event, actor, "checkin")
    people = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.status.in_(("confirmed", "waitlisted")))
        .order_by(func.lower(Registration.last_name), func.lower(Registration.first_name))
    ).all()
    return {
        "people": [door_row(r) for r in people],
        "counters": counters(event),
        "at": utcnow().isoformat() + "Z",
        "walk_in": walk_in_rules(event),
    }


def _made_at(value) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _stored(event: Event, client_id: str) -> DoorAction | None:
    return db.session.scalar(
        select(DoorAction).where(DoorAction.event_id == event.id, DoorAction.client_id == client_id)
    )


def _answer(event: Event, client_id: str, kind: str, outcome: dict, registration: Registration | None) -> dict:
    answer = {"id": client_id, "kind": kind, **outcome}
    if "error" in outcome:
        answer["fields"], answer["problems"] = refusal_text(event, outcome.get("fields") or {})
        answer["message"] = " ".join(answer["problems"]) or message_for(outcome["error"])
    if registration is not None:
        answer["person"] = door_row(registration)
    return answer


def _apply(event: Event, item: dict, actor: Account | None) -> Registration | None:
    kind, client_id, made_at = item["kind"], item["id"], _made_at(item.get("made_at"))
    if kind == "walkin":
        data = item.get("data") if isinstance(item.get("data"), dict) else {}
        return walk_in(
            event,
            {k: v for k, v in data.items() if k not in ("override_capacity", "answers")},
            actor=actor,
            answers=data.get("answers") if isinstance(data.get("answers"), dict) else None,
            override_capacity=data.get("override_capacity") is True,
            waitlist_when_full=item.get("waitlist_when_full", True) is not False,
            client_id=client_id,
            made_at=made_at,
        )
    if item.get("registration_id") is not None:
        registration = registration_service.get_registration(
            event, values.record_id(item["registration_id"], "registration_id")
        )
    else:
        registration = find_by_code(event, item.get("code") if isinstance(item.get("code"), str) else "")
    verb = undo_check_in if kind == "undo" else check_in
    return verb(event, registration, actor=actor, client_id=client_id, made_at=made_at)


def apply_door_action(event: Event, item: dict, *, actor: Account | None) -> dict:
    """One action of a phone's queue, applied once; the outcome, with the person's current state."""
    permissions.require(event, actor, "checkin")
    client_id = values.client_id(item.get("id"), "id")
    kind = item.get("kind")
    if kind not in KINDS:
        raise DomainError("invalid", fields={"kind": ["bad_choice"]})
    stored = _stored(event, client_id)
    if stored is None:
        try:
            registration = _apply(event, item, actor)
        except DomainError as error:
            db.session.rollback()
            code = next((c for codes in error.fields.values() for c in codes if isinstance(c, str)), error.code)
            fields = {
                name: [c if isinstance(c, str) else list(c) for c in codes] for name, codes in error.fields.items()
            }
            stored = DoorAction(
                event_id=event.id,
                client_id=client_id,
                kind=kind,
                organiser_id=actor.id if actor else None,
                outcome={"error": code, "fields": fields},
                made_at=_made_at(item.get("made_at")),
            )
            db.session.add(stored)
            try:
                db.session.commit()
            except IntegrityError:  # the same action, sent twice at once: the other one answered
                db.session.rollback()
                stored = _stored(event, client_id)
        except IntegrityError:
            db.session.rollback()
            stored = _stored(event, client_id)
        else:
            stored = _stored(event, client_id)
            return _answer(event, item.get("id"), kind, stored.outcome, registration)
    registration = db.session.get(Registration, stored.registration_id) if stored.registration_id else None
    return _answer(event, item.get("id"), kind, stored.outcome, registration)


def sync_door(event: Event, items, *, actor: Account | None) -> dict:
    """A phone's queue, in the order it was made: each action's outcome, then the counters."""
    permissions.require(event, actor, "checkin")
    if not isinstance(items, list):
        raise DomainError("invalid", fields={"actions": ["required"]})
    if len(items) > MAX_BATCH:
        raise DomainError("too_many", max=MAX_BATCH)
    results = []
    for item in items:
        try:
            results.append(apply_door_action(event, item if isinstance(item, dict) else {}, actor=actor))
        except DomainError as error:  # an action the phone could not have made (no id, unknown kind)
            results.append(
                {
                    "id": item.get("id") if isinstance(item, dict) else None,
                    "error": error.code,
                    "message": error.message,
                    "fields": error.field_messages(),
                }
            )
    return {"results": results, "counters": counters(event)}


def counters(event: Event) -> dict[str, int]:
    """expected (confirmed), arrived, walk-ins (added on the day by organisers and arrived)."""
    rows = db.session.execute(
        select(func.count(), func.count(Registration.checked_in_at)).where(
            Registration.event_id == event.id, Registration.status == "confirmed"
        )
    ).one()
    walk_ins = db.session.scalar(
        select(func.count()).where(
            Registration.event_id == event.id, Registration.status == "confirmed", Registration.walk_in
        )
    )
    return {"expected": rows[0], "arrived": rows[1], "walk_ins": walk_ins}

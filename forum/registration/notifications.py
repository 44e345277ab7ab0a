"""The e-mails of registration: confirmation, waiting list, seat given, personal link, change of date, time or
place, cancellation (the person's or the event's) and the day-before reminder, each in the registrant's language
with their personal link, check-in QR code and calendar invitation. Signals queue them in the mail outbox (in the
transaction of what happened); the mail worker has them composed here, then builds and delivers them."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.core import links
from forum.calendar.service import invitation_ics
from forum.core import signals
from forum.extensions import db
from forum.mail import service as mail
from forum.registration.models import Registration
from forum.registration.service import checkin_qr_png, personal_token

#: kind -> (subject, calendar METHOD or None)
KINDS = {
    "confirmation": (lambda e: _("Your registration is confirmed: %(title)s", title=e.title), "REQUEST"),
    "waitlisted": (lambda e: _("You are on the waiting list: %(title)s", title=e.title), None),
    "promoted": (lambda e: _("A seat is yours: %(title)s", title=e.title), "REQUEST"),
    "link": (lambda e: _("Your personal link: %(title)s", title=e.title), None),
    "updated": (lambda e: _("Change of date, time or place: %(title)s", title=e.title), "REQUEST"),
    "cancelled": (lambda e: _("Your registration is cancelled: %(title)s", title=e.title), "CANCEL"),
    "event_cancelled": (lambda e: _("Event cancelled: %(title)s", title=e.title), "CANCEL"),
    "reminder": (lambda e: _("Tomorrow: %(title)s", title=e.title), None),
}


def send_to(registration: Registration, kind: str) -> None:
    """Queue one e-mail of ``kind`` to a registration, in the current transaction (the caller commits):
    the worker composes and sends it."""
    if registration.id is None:
        db.session.flush()
    context = {"waitlist_position": registration.waitlist_position} if kind == "waitlisted" else {}
    mail.notify(
        kind=kind,
        to=registration.email,
        event_id=registration.event_id,
        registration_id=registration.id,
        context=context,
    )


@mail.composer(*KINDS)
def compose(message) -> bool:
    """Write a queued message as its person reads it, in their language; False when they are gone."""
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None:
        return False
    kind, event = message.kind, registration.event
    subject, method = KINDS[kind]
    with force_locale(registration.locale):
        base = current_app.config["FORUM_BASE_URL"]
        token = personal_token(registration)
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "lang": registration.locale,
            "link": links.url("registration", token),
            "ics_url": links.url("registration", token, "/invitation.ics"),
            "event_url": f"{base}/e/{event.slug}",
            "method": method,
            "waitlist_position": message.context.get("waitlist_position", registration.waitlist_position),
            "unsubscribe": mail.unsubscribe_footer(message),
        }
        message.text = render_template("mail/message.txt", **context)
        message.html = render_template("mail/message.html", **context)
        message.subject = subject(event)
    if kind == "cancelled" and registration.confirmed_at is None:
        method = None  # a waitlisted person never had an invitation
    attachments = []
    if kind in ("confirmation", "promoted", "reminder"):
        attachments.append(
            {"filename": "qr.png", "inline": "checkin-qr", "subtype": "png", "data": checkin_qr_png(registration)}
        )
    if method:
        attachments.append(
            {
                "filename": "invitation.ics",
                "method": method,
                "data": invitation_ics(registration, method).decode("utf-8"),
            }
        )
    message.attachments = attachments
    return True


@signals.registration_created.connect
def _created(registration: Registration, **_) -> None:
    send_to(registration, "confirmation" if registration.status == "confirmed" else "waitlisted")


@signals.registration_link_requested.connect
def _link(registration: Registration, **_) -> None:
    send_to(registration, "link")


@signals.registration_reminder_due.connect
def _reminder(registration: Registration, **_) -> None:
    send_to(registration, "reminder")


@signals.registration_promoted.connect
def _promoted(registration: Registration, **_) -> None:
    send_to(registration, "promoted")


@signals.registration_cancelled.connect
def _cancelled(registration: Registration, **_) -> None:
    send_to(registration, "cancelled")


def _to_everyone(event, statuses, kind: str) -> None:
    """One message per person, in one INSERT (an event of 500 people changes in one short transaction)."""
    people = db.session.execute(
        select(Registration.id, Registration.email).where(
            Registration.event_id == event.id, Registration.status.in_(statuses)
        )
    ).all()
    mail.notify_many(
        [
            {"kind": kind, "to": email, "event_id": event.id, "registration_id": registration_id}
            for registration_id, email in people
        ]
    )


@signals.event_updated.connect
def _event_updated(event, reschedule: bool = False, **_) -> None:
    if reschedule and event.status == "published":
        _to_everyone(event, ("confirmed",), "updated")


@signals.event_cancelled.connect
def _event_cancelled(event, **_) -> None:
    _to_everyone(event, ("confirmed", "waitlisted"), "event_cancelled")

"""The personal link remembered on the person's own phone, for one event: a QR code of the room (a workshop's
sheet on the wall) can then open that person's board without asking for their address again."""

from __future__ import annotations

from flask import current_app, request

from forum.events.models import Event
from forum.registration.models import Registration

COOKIE = "forum_link"
#: a month: the day, its preparation and its restitution
MAX_AGE = 31 * 24 * 3600


def remember_link(response, event: Event, token: str) -> None:
    """Keep the personal link on this phone, for this event's addresses only, out of scripts' reach."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=MAX_AGE,
        path=f"/e/{event.slug}/",
        httponly=True,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )


def remembered_registration(event: Event) -> tuple[Registration, str] | None:
    """The registration (and its link) this phone remembers for ``event``, if it still names one of its people."""
    from forum.core.errors import DomainError
    from forum.registration.service import get_by_token

    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        registration = get_by_token(token)
    except DomainError:
        return None
    return (registration, token) if registration.event_id == event.id else None

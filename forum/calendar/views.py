"""Calendar files: one event, and the feed of every published event."""

from flask import Blueprint, Response

from forum.calendar import service
from forum.events.service import get_public_event, listed_events

bp = Blueprint("calendar", __name__)


def _ics(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Content-Type": "text/calendar; charset=utf-8",
        },
    )


@bp.get("/e/<slug>/event.ics")
def event_ics(slug: str):
    event = get_public_event(slug)
    return _ics(service.event_ics(event), f"{event.slug}.ics")


@bp.get("/calendar.ics")
def feed():
    events = listed_events() + listed_events(past=True)
    return _ics(service.feed_ics(events, "Forum"), "forum.ics")

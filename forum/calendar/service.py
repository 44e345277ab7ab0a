"""Every .ics the app serves or sends, built with icalendar (RFC 5545)."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app
from icalendar import Calendar, Event as VEvent, vCalAddress, vText

from forum.calendar.timezones import vtimezone
from forum.core.i18n import aware
from forum.events.models import Event

PRODID = "-//Forum//Forum participatory days//FR"
#: VTIMEZONEs describe their zone from this year on (earlier when an event is earlier)
FIRST_YEAR = 2000


def _calendar(name: str | None = None, method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def add_timezones(cal: Calendar) -> None:
    """A VTIMEZONE for every zone the calendar's events use, each once, covering the years of its events.

    It starts in 2000 at the latest, whatever the events: a zone's VTIMEZONE is then the same in every
    file, which matters to readers that keep the first one they met for a TZID (vobject does)."""
    years: dict[str, set[int]] = {}
    for component in cal.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            if name in component and "TZID" in component[name].params:
                years.setdefault(str(component[name].params["TZID"]), set()).add(component[name].dt.year)
    for tzid in sorted(years):
        cal.add_component(vtimezone(tzid, min(FIRST_YEAR, min(years[tzid]) - 1), max(years[tzid])))


def event_url(event: Event) -> str:
    return f"{current_app.config['FORUM_BASE_URL']}/e/{event.slug}"


def location(event: Event) -> str:
    return ", ".join(part for part in (event.venue_name, event.venue_room, event.venue_address) if part)


def vevent(event: Event) -> VEvent:
    """The VEVENT of an event: stable UID, SEQUENCE, local times with TZID."""
    item = VEvent()
    item.add("uid", event.ical_uid)
    item.add("sequence", event.ical_sequence)
    item.add("dtstamp", datetime.now(timezone.utc))
    item.add("last-modified", event.updated_at.replace(tzinfo=timezone.utc))
    item.add("dtstart", event.starts_at_aware)
    item.add("dtend", event.ends_at_aware)
    item.add("summary", event.title)
    description = event.description
    url = event_url(event)
    item.add("description", f"{description}\n\n{url}" if description else url)
    item.add("url", url)
    if location(event):
        item.add("location", vText(location(event)))
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def event_ics(event: Event) -> bytes:
    """One event, to add to a calendar."""
    cal = _calendar(method="PUBLISH")
    cal.add_component(vevent(event))
    add_timezones(cal)
    return cal.to_ical()


def feed_ics(events: list[Event], name: str) -> bytes:
    """A subscribable feed of several events."""
    cal = _calendar(name=name, method="PUBLISH")
    for event in events:
        cal.add_component(vevent(event))
    add_timezones(cal)
    return cal.to_ical()


def invitation_ics(registration, method: str = "REQUEST") -> bytes:
    """An iTIP invitation (RFC 5546) for one registration: REQUEST or CANCEL.

    The UID is stable for the registration; SEQUENCE is the event's plus the
    registration's own counter, so it grows with every update or cancellation.
    """
    event = registration.event
    cal = _calendar(method=method)
    item = vevent(event)
    item.pop("UID")
    item.pop("SEQUENCE")
    item.pop("STATUS")
    item.add("uid", f"registration-{registration.public_id}@forum")
    item.add("sequence", event.ical_sequence + registration.ical_sequence)
    cancelled = method == "CANCEL" or event.is_cancelled or registration.status == "cancelled"
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organiser_email = event.contact_email or current_app.config["MAIL_DEFAULT_SENDER"]
    organiser = vCalAddress(f"mailto:{organiser_email}")
    organiser.params["CN"] = vText(", ".join(o.name for o in event.organisers) or event.title)
    item.add("organizer", organiser)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["CN"] = vText(registration.full_name)
    attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
    attendee.params["PARTSTAT"] = vText("DECLINED" if cancelled else "ACCEPTED")
    attendee.params["RSVP"] = vText("FALSE")
    item.add("attendee", attendee)
    cal.add_component(item)
    add_timezones(cal)
    return cal.to_ical()


def registration_feed_ics(registration, sessions: list[dict] = ()) -> bytes:
    """The personal calendar of one registration: the event, and each workshop joined.

    ``sessions``: {"uid", "title", "starts_at", "ends_at", "location"} in the event's local time; a
    workshop's UID is stable per time slot, so a calendar moves it in place when the person moves.
    """
    event = registration.event
    cal = _calendar(name=event.title, method="PUBLISH")
    item = vevent(event)
    item.pop("UID")
    item.add("uid", f"registration-{registration.public_id}@forum")
    cal.add_component(item)
    for session in sessions:
        workshop = VEvent()
        workshop.add("uid", session["uid"])
        workshop.add("dtstamp", datetime.now(timezone.utc))
        workshop.add("dtstart", aware(session["starts_at"], event.timezone))
        workshop.add("dtend", aware(session["ends_at"], event.timezone))
        workshop.add("summary", session["title"])
        workshop.add("location", vText(session["location"]))
        workshop.add("url", event_url(event))
        cal.add_component(workshop)
    add_timezones(cal)
    return cal.to_ical()

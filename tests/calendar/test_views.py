from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from forum.events import service
from tests.factories import make_event


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.get_data())


def only_event(cal: Calendar):
    events = cal.walk("VEVENT")
    assert len(events) == 1
    return events[0]


@pytest.mark.parametrize(
    "tz, start, end",
    [
        ("Europe/Paris", datetime(2030, 6, 13, 13, 30), datetime(2030, 6, 13, 17, 0)),
        ("America/Martinique", datetime(2030, 11, 22, 8, 0), datetime(2030, 11, 22, 12, 0)),
    ],
)
def test_event_ics_has_every_field(client, organiser, tz, start, end):
    event = make_event(
        organiser,
        slug="jour",
        timezone=tz,
        starts_at=start,
        ends_at=end,
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    cal = parse(client.get("/e/jour/event.ics"))
    vevent = only_event(cal)
    assert str(vevent["UID"]) == event.ical_uid
    assert vevent["DTSTART"].params["TZID"] == tz and vevent["DTEND"].params["TZID"] == tz
    assert vevent.decoded("DTSTART") == start.replace(tzinfo=ZoneInfo(tz))
    assert vevent.decoded("DTEND") == end.replace(tzinfo=ZoneInfo(tz))
    assert vevent.decoded("DTSTART").utcoffset() == ZoneInfo(tz).utcoffset(start)
    assert int(vevent["SEQUENCE"]) == 0
    assert str(vevent["URL"]) == "http://forum.test/e/jour"
    assert str(vevent["LOCATION"]) == "Mairie de Lille, Salle Erro (1er étage), Place Augustin Laurent, 59000 Lille"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["SUMMARY"]) == event.title
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == [tz]
    assert zones[0].walk("STANDARD"), "the VTIMEZONE carries its zone's rules"


def test_paris_vtimezone_has_summer_time(client, event):
    zone = parse(client.get(f"/e/{event.slug}/event.ics")).walk("VTIMEZONE")[0]
    assert zone.walk("DAYLIGHT") and zone.walk("STANDARD")


def test_sequence_grows_when_date_time_or_place_change_and_uid_stays(client, event, organiser):
    uid = str(only_event(parse(client.get(f"/e/{event.slug}/event.ics")))["UID"])
    service.update_event(event, {"venue_room": "Salle du Conseil"}, actor=organiser)
    service.update_event(event, {"ends_at": event.ends_at + timedelta(minutes=30)}, actor=organiser)
    vevent = only_event(parse(client.get(f"/e/{event.slug}/event.ics")))
    assert int(vevent["SEQUENCE"]) == 2 and str(vevent["UID"]) == uid
    service.update_event(event, {"description": "autre texte"}, actor=organiser)
    assert int(only_event(parse(client.get(f"/e/{event.slug}/event.ics")))["SEQUENCE"]) == 2


def test_cancelled_event_is_cancelled_in_calendars(client, event, organiser):
    service.cancel_event(event, actor=organiser)
    vevent = only_event(parse(client.get(f"/e/{event.slug}/event.ics")))
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1


def test_draft_has_no_ics(client, organiser):
    event = make_event(organiser, status="draft")
    assert client.get(f"/e/{event.slug}/event.ics").status_code == 404


def test_feed_holds_every_published_event_with_their_zones(client, organiser):
    a = make_event(organiser, slug="lille")
    b = make_event(organiser, slug="martinique", timezone="America/Martinique", programme=False)
    make_event(organiser, slug="brouillon", status="draft")
    cal = parse(client.get("/calendar.ics"))
    assert {str(v["UID"]) for v in cal.walk("VEVENT")} == {a.ical_uid, b.ical_uid}
    assert {str(z["TZID"]) for z in cal.walk("VTIMEZONE")} == {"Europe/Paris", "America/Martinique"}


def test_personal_feed_follows_the_workshops_joined(client, organiser):
    from forum.board import service as board
    from forum.board import setup
    from tests.factories import add_workshop
    from forum.registration import service as registration
    from tests.factories import person

    event = make_event(organiser, slug="jour-forum", registration_opens_at=None, registration_closes_at=None)
    space_a, space_b = (
        setup.add_space(event, "Salle A", 20, actor=organiser),
        setup.add_space(event, "Salle B", 20, actor=organiser),
    )
    slot = setup.add_slot(
        event, "Session 1", datetime(2030, 6, 13, 14, 15), datetime(2030, 6, 13, 15, 15), actor=organiser
    )
    first = add_workshop(event, {"title": "Illectronisme", "slot_id": slot.id, "space_id": space_a.id}, actor=organiser)
    second = add_workshop(event, {"title": "Formation", "slot_id": slot.id, "space_id": space_b.id}, actor=organiser)
    board.set_phase(board.identify(event, organiser=organiser), "workshops")
    result = registration.register(event, person(1))
    me = board.identify(event, registration=result.registration)
    board.join_workshop(me, first.id)
    vevents = parse(client.get(f"/r/{result.token}/calendar.ics")).walk("VEVENT")
    assert [str(v["SUMMARY"]) for v in vevents] == [event.title, "Illectronisme"]
    workshop = vevents[1]
    assert str(workshop["LOCATION"]).startswith("Salle A") and workshop["DTSTART"].params["TZID"] == "Europe/Paris"
    assert workshop.decoded("DTSTART") == datetime(2030, 6, 13, 14, 15, tzinfo=ZoneInfo("Europe/Paris"))
    board.join_workshop(me, second.id)
    moved = parse(client.get(f"/r/{result.token}/calendar.ics")).walk("VEVENT")[1]
    assert str(moved["SUMMARY"]) == "Formation" and str(moved["UID"]) == str(workshop["UID"])

"""Every .ics places its times where the zone does, read by icalendar, vobject and ical.js
from the file's own VTIMEZONE, on both sides of every change of time."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event as VEvent

from forum.calendar.service import add_timezones
from forum.calendar.timezones import changes
from tests.calendar.readers import read_everywhere, with_icaljs, with_icalendar, with_vobject
from tests.factories import make_event

ZONES = ["Europe/Paris", "America/Martinique", "America/Cayenne", "Indian/Reunion", "Pacific/Noumea"]


def moments(tz: str, years: range) -> list[datetime]:
    """Local times either side of every change of time in ``years``, and the middle of winter and summer
    (none in the hour a change skips or repeats: readers may place those differently, and rightly)."""
    out = [datetime(y, m, 15, 9, 30) for y in years for m in (1, 7)]
    for year in years:
        for change in changes(tz, year, year)[1]:
            out += [
                change.local + delta
                for delta in (
                    timedelta(days=-1),
                    timedelta(hours=-3),
                    timedelta(hours=2),
                    timedelta(days=1),
                    timedelta(days=7),
                )
            ]
    return out


def calendar_of(tz: str, starts: list[datetime]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//tests//")
    cal.add("version", "2.0")
    for n, start in enumerate(starts):
        item = VEvent()
        item.add("uid", f"e{n}")
        item.add("dtstamp", datetime(2026, 1, 1))
        item.add("dtstart", start.replace(tzinfo=ZoneInfo(tz)))
        item.add("dtend", (start + timedelta(hours=1)).replace(tzinfo=ZoneInfo(tz)))
        cal.add_component(item)
    add_timezones(cal)
    return cal.to_ical()


def truth(tz: str, starts: list[datetime]) -> dict:
    utc = ZoneInfo("UTC")
    return {
        f"e{n}": (
            s.replace(tzinfo=ZoneInfo(tz)).astimezone(utc),
            (s + timedelta(hours=1)).replace(tzinfo=ZoneInfo(tz)).astimezone(utc),
        )
        for n, s in enumerate(starts)
    }


@pytest.mark.parametrize("tz", ZONES)
def test_every_reader_places_times_around_each_change_of_time(tz):
    starts = moments(tz, range(2026, 2029))
    assert read_everywhere(calendar_of(tz, starts)) == truth(tz, starts)


def test_paris_on_8_october_2026_at_0930_is_0730_utc_for_every_reader():
    data = calendar_of("Europe/Paris", [datetime(2026, 10, 8, 9, 30)])
    expected = datetime(2026, 10, 8, 7, 30, tzinfo=ZoneInfo("UTC"))
    for reader in (with_icalendar, with_vobject, lambda d: with_icaljs(d)[0]):
        assert reader(data)["e0"][0] == expected


def test_a_calendar_mixing_years_and_zones_is_read_right():
    paris = [datetime(2026, 3, 28, 10), datetime(2027, 10, 31, 9), datetime(2031, 6, 1, 14)]
    data = calendar_of("Europe/Paris", paris)
    assert read_everywhere(data) == truth("Europe/Paris", paris)


def test_vtimezone_of_a_zone_without_summer_time_has_one_offset():
    zone = Calendar.from_ical(calendar_of("Pacific/Noumea", [datetime(2027, 1, 15, 9)])).walk("VTIMEZONE")[0]
    assert not zone.walk("DAYLIGHT") and len(zone.walk("STANDARD")) == 1


def test_paris_rules_in_force_are_one_yearly_rule_each():
    zone = Calendar.from_ical(calendar_of("Europe/Paris", [datetime(2027, 6, 1, 9)])).walk("VTIMEZONE")[0]
    [daylight] = zone.walk("DAYLIGHT")
    assert daylight["RRULE"]["BYMONTH"] == [3] and daylight["RRULE"]["BYDAY"] == ["-1SU"]
    assert "UNTIL" not in daylight["RRULE"]


# -- through each door ------------------------------------------------------


@pytest.fixture
def october(organiser):
    return make_event(
        organiser,
        slug="octobre",
        starts_at=datetime(2027, 10, 8, 9, 30),
        ends_at=datetime(2027, 10, 8, 17),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )


PARIS_0930 = datetime(2027, 10, 8, 7, 30, tzinfo=ZoneInfo("UTC"))


def test_event_ics_in_summer_time_is_read_right_everywhere(client, october):
    times = read_everywhere(client.get("/e/octobre/event.ics").get_data())
    assert times[october.ical_uid][0] == PARIS_0930


def test_public_feed_mixing_years_is_read_right_everywhere(client, organiser, october):
    winter = make_event(
        organiser,
        slug="hiver",
        starts_at=datetime(2028, 1, 20, 9),
        ends_at=datetime(2028, 1, 20, 12),
        registration_closes_at=None,
        programme=False,
    )
    noumea = make_event(
        organiser,
        slug="noumea",
        timezone="Pacific/Noumea",
        starts_at=datetime(2029, 3, 30, 8),
        ends_at=datetime(2029, 3, 30, 12),
        programme=False,
        registration_closes_at=None,
    )
    times = read_everywhere(client.get("/calendar.ics").get_data())
    assert times[october.ical_uid][0] == PARIS_0930
    assert times[winter.ical_uid][0] == datetime(2028, 1, 20, 8, tzinfo=ZoneInfo("UTC"))
    assert times[noumea.ical_uid][0] == datetime(2029, 3, 29, 21, tzinfo=ZoneInfo("UTC"))


def test_personal_feed_and_invitation_are_read_right_everywhere(client, october):
    from forum.registration import service as registration
    from tests.factories import person

    result = registration.register(october, person(1))
    for path in ("calendar.ics", "invitation.ics"):
        times = read_everywhere(client.get(f"/r/{result.token}/{path}").get_data())
        assert list(times.values())[0][0] == PARIS_0930, path


def test_a_zone_is_written_the_same_in_every_file():
    """vobject keeps the first VTIMEZONE it met for a TZID: a later file must not need another one."""

    def zone(year):
        return Calendar.from_ical(calendar_of("Europe/Paris", [datetime(year, 6, 1, 9)])).walk("VTIMEZONE")[0].to_ical()

    assert zone(2026) == zone(2031)

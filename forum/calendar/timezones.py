"""VTIMEZONE components that every calendar program reads the same way.

Programs such as Thunderbird (ical.js), Outlook and vobject place an event with
the file's own VTIMEZONE, not their zone database. The component is written from
the zone's real transitions (Python's zoneinfo) over the years the calendar's
events cover: a regular yearly change ("last Sunday of March at 02:00") becomes
one RRULE, left open when the rule is still in force after those years; anything
irregular is written as its own observance. Times in a VTIMEZONE are local, in
the offset in force before the change (RFC 5545, 3.6.5).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard
from icalendar.prop import vRecur

#: years written after the last event's, so that a rule still in force is seen as such
MARGIN_YEARS = 2
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """One change of offset: ``local`` is the wall-clock time just before it, in ``before``'s offset."""

    local: datetime
    before: timedelta
    after: timedelta
    name: str
    daylight: bool

    @property
    def kind(self) -> tuple:
        return self.daylight, self.before, self.after, self.name

    @property
    def yearly_rule(self) -> tuple | None:
        """(month, weekday, week) where week is -1 for "the last", 1..4 otherwise; None when not a fixed weekday."""
        d = self.local
        last = d.day + 7 > calendar.monthrange(d.year, d.month)[1]
        return d.month, d.weekday(), -1 if last else (d.day - 1) // 7 + 1, d.time()


def _offset(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.dst() or timedelta(0), local.tzname() or ""


def changes(tzid: str, first_year: int, last_year: int) -> tuple[tuple[timedelta, timedelta, str], list[Change]]:
    """The state at the start of ``first_year`` and every change of offset until the end of ``last_year``."""
    zone = ZoneInfo(tzid)
    moment = datetime(first_year, 1, 1, tzinfo=timezone.utc)
    end = datetime(last_year + 1, 1, 1, tzinfo=timezone.utc)
    start_state = state = _offset(zone, moment)
    found = []
    step = timedelta(hours=6)
    while moment < end:
        following = moment + step
        new = _offset(zone, following)
        if new[0] != state[0] or new[2] != state[2]:
            low, high = moment, following  # the change is in (low, high]: find it to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if _offset(zone, middle)[:1] + _offset(zone, middle)[2:] == state[:1] + state[2:]:
                    low = middle
                else:
                    high = middle
            high = high.replace(second=0, microsecond=0)
            found.append(
                Change(
                    local=(high + state[0]).replace(tzinfo=None),
                    before=state[0],
                    after=new[0],
                    name=new[2],
                    daylight=bool(new[1]),
                )
            )
            state = new
        moment = following
    return start_state, found


def _observance(daylight: bool, start: datetime, before: timedelta, after: timedelta, name: str):
    part = TimezoneDaylight() if daylight else TimezoneStandard()
    part.add("dtstart", start)
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    if name:
        part.add("tzname", name)
    return part


def _runs(found: list[Change]) -> list[list[Change]]:
    """Changes of one kind in consecutive years that follow one yearly rule."""
    runs: list[list[Change]] = []
    for change in found:
        for run in runs:
            last = run[-1]
            if (
                last.kind == change.kind
                and last.yearly_rule == change.yearly_rule
                and change.local.year == last.local.year + 1
            ):
                run.append(change)
                break
        else:
            runs.append([change])
    return runs


@lru_cache(maxsize=256)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of ``tzid`` valid for every moment from ``first_year`` to ``last_year``."""
    scan_to = last_year + MARGIN_YEARS
    (offset, dst, name), found = changes(tzid, first_year, scan_to)
    zone = Timezone()
    zone.add("tzid", tzid)
    zone.add_component(_observance(bool(dst), datetime(first_year, 1, 1), offset, offset, name))
    for run in _runs(found):
        first = run[0]
        part = _observance(first.daylight, first.local, first.before, first.after, first.name)
        if len(run) > 1:
            month, weekday, week, _ = first.yearly_rule
            rule = {"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{week}{WEEKDAYS[weekday]}"}
            if run[-1].local.year < scan_to:  # the rule stopped within the years looked at
                rule["UNTIL"] = (run[-1].local - run[-1].before).replace(tzinfo=timezone.utc)
            part.add("rrule", vRecur(rule))
        zone.add_component(part)
    return zone

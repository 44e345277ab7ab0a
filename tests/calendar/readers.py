"""Every .ics read by three independent parsers that use the file's own VTIMEZONE:
icalendar (Python), vobject (Python, as many sync tools) and ical.js (Thunderbird's, run with Node).

``read_everywhere(data)`` answers {uid: (start, end)} in UTC once all three agree, and fails
naming the parser that disagrees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "icaljs"


def _utc(value: datetime) -> datetime:
    assert value.tzinfo is not None, f"floating time {value!r}"
    return value.astimezone(timezone.utc)


def with_icalendar(data: bytes) -> dict:
    """icalendar, made to read the file's VTIMEZONE rather than the system's zone database."""
    from icalendar import Calendar

    calendar = Calendar.from_ical(data)
    zones = {str(z["TZID"]): z.to_tz(lookup_tzid=False) for z in calendar.walk("VTIMEZONE")}
    out = {}
    for event in calendar.walk("VEVENT"):
        times = []
        for name in ("DTSTART", "DTEND"):
            prop = event[name]
            tzid = prop.params.get("TZID")
            value = prop.dt
            if tzid:
                value = value.replace(tzinfo=None).replace(tzinfo=zones[tzid])
            times.append(_utc(value))
        out[str(event["UID"])] = tuple(times)
    return out


def with_vobject(data: bytes) -> dict:
    import vobject

    calendar = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: (_utc(e.dtstart.value), _utc(e.dtend.value)) for e in calendar.contents.get("vevent", [])}


def icaljs_available() -> Path:
    """ical.js installed once from tests/calendar/icaljs/package-lock.json (npm ci), or the test is skipped
    only when Node is missing from the machine."""
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    if not (HERE / "node_modules" / "ical.js").exists():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=300)
    return HERE


def with_icaljs(*files: bytes) -> list[dict]:
    icaljs_available()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for n, data in enumerate(files):
            path = os.path.join(tmp, f"{n}.ics")
            Path(path).write_bytes(data)
            paths.append(path)
        result = subprocess.run(
            ["node", str(HERE / "read_ics.mjs"), *paths], capture_output=True, text=True, check=True, timeout=60
        )
    return [
        {e["uid"]: (datetime.fromisoformat(e["start"]), datetime.fromisoformat(e["end"])) for e in events}
        for events in json.loads(result.stdout)
    ]


def read_everywhere(data: bytes) -> dict:
    """{uid: (start, end)} in UTC, the same from the three parsers."""
    python = with_icalendar(data)
    assert with_vobject(data) == python, "vobject reads other times than icalendar"
    assert with_icaljs(data)[0] == python, "ical.js reads other times than icalendar"
    return python

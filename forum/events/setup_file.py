"""The event setup file (forum-event/1): read, check, import and export.

Later domains add their own top-level sections (the open forum adds
``forum``) with :func:`register_section`, so this module never imports them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from flask_babel import gettext as _

from forum.accounts.models import Account
from forum.core import values
from forum.core.errors import DomainError, message_for
from forum.core.inputs import check_json_value
from forum.core.i18n import EVENT_LANGUAGE_CODES, TIMEZONE_NAMES
from forum.events import service
from forum.events.models import PROGRAMME_KINDS, STATUSES, Event, ProgrammeItem
from forum.extensions import db

FORMAT = "forum-event/1"
TOP_KEYS = (
    "format",
    "slug",
    "title",
    "audience",
    "description",
    "timezone",
    "language",
    "starts_at",
    "ends_at",
    "venue",
    "capacity",
    "waitlist",
    "registration_opens_at",
    "registration_closes_at",
    "contact",
    "status",
    "programme",
)
REQUIRED = ("format", "slug", "title", "timezone", "starts_at", "ends_at")
#: items a programme can have
MAX_PROGRAMME = 60
ITEM_KEYS = ("starts_at", "ends_at", "kind", "title", "moderator", "speakers", "description", "overlap_allowed")


@dataclass
class Section:
    """A top-level key that a later domain reads and writes."""

    #: (value, reader) -> parsed value; reports problems through reader.error
    parse: Callable[[Any, "Reader"], Any]
    #: (event, parsed) -> None; writes rows in the current transaction
    apply: Callable[[Event, Any], None]
    #: event -> JSON value
    dump: Callable[[Event], Any]


SECTIONS: dict[str, Section] = {}


def register_section(name: str, section: Section) -> None:
    SECTIONS[name] = section


class Reader:
    """Collects every problem of a file, each naming its key and value."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.starts_at: datetime | None = None
        self.ends_at: datetime | None = None

    def error(self, code: str, **params) -> None:
        self.errors.append(message_for(code, **params))

    def unknown(self, obj: dict, allowed, prefix: str = "") -> None:
        for key in obj:
            if key not in allowed:
                self.error("setup_unknown_key", key=prefix + key)

    def text(self, obj: dict, key: str, path: str, *, required=False, limit=200, default="", nullable=False):
        value = obj.get(key, None)
        if value is None:
            if required:
                self.error("setup_missing_key", key=path)
            return None if nullable else default
        if (
            not isinstance(value, str)
            or (required and not values.visible_length(value))
            or values.text_problem(value, multiline=True)
        ):
            self.error("setup_bad_value", key=path, value=_show(value), expected=_("a text"))
            return default
        if len(value) > limit:
            self.error("setup_bad_value", key=path, value=_show(value), expected=_("at most %(n)s characters", n=limit))
            return value[:limit]
        return value

    def email(self, obj: dict, key: str, path: str) -> str:
        value = self.text(obj, key, path, limit=254)
        if value:
            try:
                return values.email(value, path)
            except DomainError:
                self.error("setup_bad_value", key=path, value=_show(value), expected=_("an e-mail address"))
        return value

    def integer(
        self, obj: dict, key: str, path: str, *, default: int | None = None, minimum=1, maximum: int = values.MAX_COUNT
    ):
        value = obj.get(key, default)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            self.error(
                "setup_bad_value",
                key=path,
                value=_show(value),
                expected=_("a whole number from %(n)s to %(m)s", n=minimum, m=maximum),
            )
            return default
        return value

    def boolean(self, obj: dict, key: str, path: str, *, default: bool):
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.error("setup_bad_value", key=path, value=_show(value), expected="true / false")
            return default
        return value

    def moment(self, obj: dict, key: str, path: str, *, required=False) -> datetime | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.error("setup_missing_key", key=path)
            return None
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is not None or "T" not in value:
            self.error(
                "setup_bad_value",
                key=path,
                value=_show(value),
                expected=_("a local date and time without offset, such as 2026-06-13T13:30"),
            )
            return None
        return parsed.replace(second=0, microsecond=0)

    def within_event(self, start, end, path: str) -> None:
        if start and end and end <= start:
            self.error("setup_rule", key=path, rule=message_for("end_before_start"))
        elif start and end and self.starts_at and self.ends_at and (start < self.starts_at or end > self.ends_at):
            self.error("setup_rule", key=path, rule=message_for("outside_event"))

    def listing(self, obj: dict, key: str, path: str, *, maximum: int) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error("setup_bad_value", key=path, value=_show(value), expected=_("a list"))
            return []
        if len(value) > maximum:
            self.error(
                "setup_bad_value",
                key=path,
                value=_("%(n)s items", n=len(value)),
                expected=_("at most %(n)s items", n=maximum),
            )
            return []
        return value

    def mapping(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self.error("setup_bad_value", key=path, value=_show(value), expected=_("an object"))
            return {}
        return value


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class Setup:
    event: dict
    status: str
    programme: list[dict]
    sections: dict = field(default_factory=dict)


def loads(text: str | bytes) -> dict:
    """JSON text to a dict, or DomainError('setup_not_json')."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise DomainError("setup_not_json", detail=str(exc)[:200] or "too deep") from exc
    check_json_value(data)
    if not isinstance(data, dict):
        raise DomainError("setup_invalid", detail=_("the file must hold one JSON object"))
    return data


def parse(data: dict) -> Setup:
    """Check a whole file; DomainError('setup_invalid') lists every problem."""
    r = Reader()
    r.unknown(data, (*TOP_KEYS, *SECTIONS))
    for key in REQUIRED:
        if key not in data:
            r.error("setup_missing_key", key=key)
    if "format" in data and data["format"] != FORMAT:
        r.error("setup_bad_value", key="format", value=_show(data["format"]), expected=f'"{FORMAT}"')
    slug = r.text(data, "slug", "slug", limit=80)
    if slug and not service.SLUG_RE.match(slug):
        r.error("setup_bad_value", key="slug", value=_show(slug), expected=_("lower-case letters, digits and hyphens"))
    timezone = r.text(data, "timezone", "timezone", limit=64)
    if timezone and timezone not in TIMEZONE_NAMES:
        r.error("setup_bad_value", key="timezone", value=_show(timezone), expected=", ".join(sorted(TIMEZONE_NAMES)))
    language = r.text(data, "language", "language", limit=5) or "fr"
    if language not in EVENT_LANGUAGE_CODES:
        r.error(
            "setup_bad_value", key="language", value=_show(language), expected=", ".join(sorted(EVENT_LANGUAGE_CODES))
        )
    r.starts_at = r.moment(data, "starts_at", "starts_at")
    r.ends_at = r.moment(data, "ends_at", "ends_at")
    if r.starts_at and r.ends_at and r.ends_at <= r.starts_at:
        r.error("setup_rule", key="ends_at", rule=message_for("end_before_start"))
    venue = r.mapping(data.get("venue", {}), "venue")
    r.unknown(venue, ("name", "room", "address"), "venue.")
    contact = r.mapping(data.get("contact", {}), "contact")
    r.unknown(contact, ("email", "phone"), "contact.")
    status = data.get("status", "draft")
    if status not in STATUSES:
        r.error("setup_bad_value", key="status", value=_show(status), expected=", ".join(STATUSES))
        status = "draft"
    event = {
        "slug": slug,
        "title": r.text(data, "title", "title", required=True),
        "audience": r.text(data, "audience", "audience"),
        "description": r.text(data, "description", "description", limit=10000),
        "timezone": timezone,
        "language": language,
        "starts_at": r.starts_at,
        "ends_at": r.ends_at,
        "venue_name": r.text(venue, "name", "venue.name"),
        "venue_room": r.text(venue, "room", "venue.room"),
        "venue_address": r.text(venue, "address", "venue.address", limit=300),
        "capacity": r.integer(data, "capacity", "capacity", default=50),
        "waitlist": r.boolean(data, "waitlist", "waitlist", default=True),
        "registration_opens_at": r.moment(data, "registration_opens_at", "registration_opens_at"),
        "registration_closes_at": r.moment(data, "registration_closes_at", "registration_closes_at"),
        "contact_email": r.email(contact, "email", "contact.email"),
        "contact_phone": r.text(contact, "phone", "contact.phone", limit=40),
    }
    programme = [
        _parse_item(r, raw, f"programme[{n}]")
        for n, raw in enumerate(r.listing(data, "programme", "programme", maximum=MAX_PROGRAMME))
    ]
    _check_overlaps(r, programme)
    sections = {name: s.parse(data.get(name, {}), r) for name, s in SECTIONS.items()}
    if r.errors:
        raise DomainError("setup_invalid", detail="; ".join(r.errors))
    return Setup(event=event, status=status, programme=programme, sections=sections)


def _parse_item(r: Reader, raw, path: str) -> dict:
    raw = r.mapping(raw, path)
    r.unknown(raw, ITEM_KEYS, path + ".")
    kind = raw.get("kind", "plenary")
    if kind not in PROGRAMME_KINDS:
        r.error("setup_bad_value", key=path + ".kind", value=_show(kind), expected=", ".join(PROGRAMME_KINDS))
    speakers = raw.get("speakers", [])
    if not isinstance(speakers, list) or not all(isinstance(s, str) for s in speakers):
        r.error("setup_bad_value", key=path + ".speakers", value=_show(speakers), expected=_("a list of names"))
        speakers = []
    item = {
        "starts_at": r.moment(raw, "starts_at", path + ".starts_at", required=True),
        "ends_at": r.moment(raw, "ends_at", path + ".ends_at", required=True),
        "kind": kind,
        "title": r.text(raw, "title", path + ".title", required=True),
        "moderator": r.text(raw, "moderator", path + ".moderator", nullable=True),
        "speakers": speakers,
        "description": r.text(raw, "description", path + ".description", limit=5000),
        "overlap_allowed": r.boolean(raw, "overlap_allowed", path + ".overlap_allowed", default=False),
    }
    r.within_event(item["starts_at"], item["ends_at"], path)
    return item


def _check_overlaps(r: Reader, items: list[dict]) -> None:
    for i, a in enumerate(items):
        for j, b in enumerate(items[:i]):
            if (
                a["starts_at"]
                and b["starts_at"]
                and a["ends_at"]
                and b["ends_at"]
                and not (a["overlap_allowed"] or b["overlap_allowed"])
                and a["starts_at"] < b["ends_at"]
                and b["starts_at"] < a["ends_at"]
            ):
                r.error(
                    "setup_rule",
                    key=f"programme[{i}]",
                    rule=_("overlaps programme[%(j)s]; add \"overlap_allowed\": true if both really run at once", j=j),
                )


def import_event(data: dict, *, actor: Account, update: bool = False) -> Event:
    """Create the event of a setup file, or with ``update`` change it as an organiser's edit would."""
    setup = parse(data)
    existing = db.session.scalar(db.select(Event).where(Event.slug == setup.event["slug"]))
    if existing is not None and not update:
        raise DomainError("setup_slug_exists", slug=setup.event["slug"])
    if existing is None:
        event = service.create_event(setup.event, actor=actor)
    else:
        event = service.update_event(existing, _without_programme_check(existing, setup), actor=actor)
    event.programme.clear()
    db.session.flush()
    for n, item in enumerate(setup.programme):
        event.programme.append(ProgrammeItem(position=n, **item))
    for name, section in SECTIONS.items():
        section.apply(event, setup.sections[name])
    db.session.commit()
    if event.status != setup.status:
        service.set_status(event, setup.status, actor=actor)
    return event


def _without_programme_check(event: Event, setup: Setup) -> dict:
    """The file replaces the programme, so the old one must not block a date change."""
    event.programme.clear()
    db.session.flush()
    return setup.event


def export_event(event: Event) -> dict:
    """The setup file of an event; import_event(export_event(e)) gives the same event."""
    out = {
        "format": FORMAT,
        "slug": event.slug,
        "title": event.title,
        "audience": event.audience,
        "description": event.description,
        "timezone": event.timezone,
        "language": event.language,
        "starts_at": service.fmt_local(event.starts_at),
        "ends_at": service.fmt_local(event.ends_at),
        "venue": {"name": event.venue_name, "room": event.venue_room, "address": event.venue_address},
        "capacity": event.capacity,
        "waitlist": event.waitlist,
        "registration_opens_at": service.fmt_local(event.registration_opens_at),
        "registration_closes_at": service.fmt_local(event.registration_closes_at),
        "contact": {"email": event.contact_email, "phone": event.contact_phone},
        "status": event.status,
        "programme": [_dump_item(i) for i in event.programme],
    }
    for name, section in SECTIONS.items():
        out[name] = section.dump(event)
    return out


def _dump_item(item: ProgrammeItem) -> dict:
    out = {
        "starts_at": service.fmt_local(item.starts_at),
        "ends_at": service.fmt_local(item.ends_at),
        "kind": item.kind,
        "title": item.title,
        "moderator": item.moderator,
        "speakers": list(item.speakers or []),
    }
    if item.description:
        out["description"] = item.description
    if item.overlap_allowed:
        out["overlap_allowed"] = True
    return out


def dumps(event: Event) -> str:
    return json.dumps(export_event(event), ensure_ascii=False, indent=2) + "\n"

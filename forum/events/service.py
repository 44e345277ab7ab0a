"""The rules for events and their programme.

Every function takes the acting organiser explicitly, is one transaction,
and raises DomainError when a rule refuses the action.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.orm.attributes import set_committed_value

from forum.accounts.models import Account
from forum.core import signals
from forum.core import values
from forum.core.errors import DomainError
from forum.core.i18n import EVENT_LANGUAGE_CODES, TIMEZONE_NAMES
from forum.core.models import get_in_event
from forum.core.permissions import event_organisers
from forum.events.models import PROGRAMME_KINDS, Event, EventSeries, ProgrammeItem
from forum.extensions import db
from forum.core import permissions

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: changing one of these matters to an invitation (raises SEQUENCE, mails an update)
RESCHEDULE_FIELDS = ("starts_at", "ends_at", "timezone", "venue_name", "venue_room", "venue_address")
EVENT_FIELDS = (
    "slug",
    "title",
    "audience",
    "description",
    "timezone",
    "language",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_room",
    "venue_address",
    "capacity",
    "waitlist",
    "registration_opens_at",
    "registration_closes_at",
    "contact_email",
    "contact_phone",
)
TEXT_LIMITS = {
    "title": 200,
    "audience": 200,
    "description": 10000,
    "venue_name": 200,
    "venue_room": 200,
    "venue_address": 300,
    "contact_email": 254,
    "contact_phone": 40,
    "slug": 80,
    "moderator": 200,
}


# -- queries -------------------------------------------------------------

_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))


def get_event(slug: str) -> Event:
    event = db.session.scalar(_BY_SLUG, {"slug": slug})
    if event is None:
        raise DomainError("not_found")
    return event


def get_public_event(slug: str) -> Event:
    """A published or cancelled event; drafts do not exist for the public."""
    event = get_event(slug)
    if event.status == "draft":
        raise DomainError("not_found")
    return event


def get_managed_event(slug: str, actor: Account | None, action: str = "manage") -> Event:
    """An event whose team gives ``actor`` the right to ``action`` (forum.core.permissions);
    DomainError('forbidden') for anyone else."""
    event = get_event(slug)
    permissions.require(event, actor, action)
    return event


def listed_events(*, past: bool = False) -> list[Event]:
    """Published (and cancelled) events, upcoming first, or past ones, most recent first."""
    now = datetime.now(timezone.utc)
    events = db.session.scalars(
        select(Event).where(Event.status.in_(("published", "cancelled"))).order_by(Event.starts_at)
    ).all()
    chosen = [e for e in events if (e.ends_at_aware < now) == past]
    return list(reversed(chosen)) if past else chosen


def events_of(organiser: Account) -> list[tuple[Event, str]]:
    """The events whose team the person is in, with their role there, most recent first."""
    return db.session.execute(
        select(Event, event_organisers.c.role)
        .join(event_organisers)
        .where(event_organisers.c.organiser_id == organiser.id)
        .order_by(Event.starts_at.desc())
    ).all()


# -- validation ----------------------------------------------------------


def slugify(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60].strip("-") or "evenement"


def slug_start(text: str, limit: int = 48) -> str:
    """The start of a title as a slug, cut between two words, never inside one."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rsplit("-", 1)[0]
    return cut if cut else slug[:limit]


def unique_slug(base: str) -> str:
    slug, n = base, 2
    while db.session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_event(data: dict, *, event: Event | None) -> None:
    fields: dict[str, list] = {}

    def add(name, code, **params):
        fields.setdefault(name, []).append((code, params) if params else code)

    for name in ("title", "starts_at", "ends_at", "timezone"):
        if data.get(name) in (None, ""):
            add(name, "required")
    for name, limit in TEXT_LIMITS.items():
        if isinstance(data.get(name), str):
            if values.text_problem(data[name], multiline=name == "description"):
                add(name, "bad_characters")
            elif len(data[name]) > limit:
                add(name, "too_long", max=limit)
    if isinstance(data.get("title"), str) and data["title"] and not values.visible_length(data["title"]):
        add("title", "required")
    if data.get("contact_email"):
        try:
            data["contact_email"] = values.email(data["contact_email"], "contact_email")
        except DomainError:
            add("contact_email", "bad_email")
    slug = data.get("slug")
    if slug and not SLUG_RE.match(slug):
        add("slug", "bad_slug")
    elif slug:
        other = db.session.scalar(select(Event.id).where(Event.slug == slug))
        if other is not None and (event is None or other != event.id):
            add("slug", "slug_taken")
    if data.get("timezone") and data["timezone"] not in TIMEZONE_NAMES:
        add("timezone", "bad_timezone")
    if data.get("language") is not None and data["language"] not in EVENT_LANGUAGE_CODES:
        add("language", "bad_language")
    capacity = data.get("capacity")
    if capacity is None:
        add("capacity", "required")
    elif not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        add("capacity", "not_positive")
    elif capacity > values.MAX_COUNT:
        add("capacity", "too_large_number", max=values.MAX_COUNT)
    start, end = data.get("starts_at"), data.get("ends_at")
    if start and end and end <= start:
        add("ends_at", "end_before_start")
    opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
    if closes and end and closes > end:
        add("registration_closes_at", "deadline_after_event")
    if opens and closes and opens >= closes:
        add("registration_opens_at", "opening_after_deadline")
    if fields:
        raise DomainError("invalid", fields=fields)


def _clean(data: dict) -> dict:
    out = {k: data[k] for k in EVENT_FIELDS if k in data}
    for key in TEXT_LIMITS:
        if key in out and out[key] is None:
            out[key] = ""
    for key, value in list(out.items()):
        if isinstance(value, str):
            out[key] = value.strip() if key != "description" else value.strip("\n").replace("\r\n", "\n")
    if "contact_email" in out:
        out["contact_email"] = out["contact_email"].lower()
    return out


# -- events --------------------------------------------------------------


def require_event_creator(actor: Account | None) -> None:
    """Only administrators, and the accounts an administrator allows, create, import or duplicate events."""
    if actor is None or not actor.creates_events:
        raise DomainError("may_not_create_events")


def create_event(data: dict, *, actor: Account) -> Event:
    """A new draft event organised by ``actor`` (an administrator, or an account an administrator allows)."""
    require_event_creator(actor)
    data = _clean(data)
    data.setdefault("timezone", "Europe/Paris")
    data.setdefault("language", "fr")
    data.setdefault("capacity", 50)
    if not data.get("slug") and data.get("title") and data.get("starts_at"):
        data["slug"] = unique_slug(f"{slug_start(data['title'])}-{data['starts_at']:%Y-%m-%d}")
    _check_event(data, event=None)
    event = Event(**data, status="draft")
    db.session.add(event)
    db.session.flush()
    db.session.execute(event_organisers.insert().values(event_id=event.id, organiser_id=actor.id, role="organiser"))
    db.session.commit()
    return event


def update_event(event: Event, data: dict, *, actor: Account | None) -> Event:
    """Apply an organiser's edit; a change of date, time or place raises SEQUENCE."""
    permissions.require(event, actor, "manage")
    data = _clean(data)
    merged = {k: getattr(event, k) for k in EVENT_FIELDS} | data
    _check_event(merged, event=event)
    changes = {k for k in data if getattr(event, k) != data[k]}
    shift = _programme_shift(event, data)
    for key in changes:
        setattr(event, key, data[key])
    if shift:
        _shift_times(event, shift)
    _check_programme_inside(event)
    reschedule = bool(changes & set(RESCHEDULE_FIELDS))
    if reschedule:
        event.ical_sequence += 1
    db.session.flush()
    try:
        signals.event_validating.send(event, changes=changes)
    except DomainError:
        db.session.rollback()
        raise
    if changes:
        signals.event_updated.send(event, changes=changes, reschedule=reschedule)
    db.session.commit()
    return event


def _programme_shift(event: Event, data: dict) -> timedelta | None:
    """When the day moves, the programme moves with it (whole days)."""
    new_start = data.get("starts_at")
    if not new_start or new_start.date() == event.starts_at.date():
        return None
    return timedelta(days=(new_start.date() - event.starts_at.date()).days)


def _shift_times(event: Event, delta: timedelta) -> None:
    for item in event.programme:
        item.starts_at += delta
        item.ends_at += delta
    signals.event_moving.send(event, delta=delta)


def _check_programme_inside(event: Event) -> None:
    for item in event.programme:
        if item.starts_at < event.starts_at or item.ends_at > event.ends_at:
            db.session.rollback()
            raise DomainError("invalid", fields={"starts_at": ["programme_outside"]})


def set_status(event: Event, status: str, *, actor: Account | None) -> Event:
    """Publish, unpublish (back to draft) or cancel an event."""
    permissions.require(event, actor, "manage")
    if status not in ("draft", "published", "cancelled"):
        raise DomainError("bad_choice")
    if event.status == status:
        return event
    previous = event.status
    event.status = status
    if status == "cancelled" or previous == "cancelled":
        event.ical_sequence += 1
    if status == "published":
        signals.event_published.send(event)
    elif status == "cancelled":
        signals.event_cancelled.send(event)
    db.session.commit()
    return event


def publish_event(event: Event, *, actor: Account | None) -> Event:
    return set_status(event, "published", actor=actor)


def unpublish_event(event: Event, *, actor: Account | None) -> Event:
    return set_status(event, "draft", actor=actor)


def cancel_event(event: Event, *, actor: Account | None) -> Event:
    return set_status(event, "cancelled", actor=actor)


def duplicate_event(
    event: Event, starts_on: date, *, actor: Account | None, title: str | None = None, audience: str | None = None
) -> Event:
    """The same format on a new date: a draft copy in the same series."""
    permissions.require(event, actor, "manage")
    require_event_creator(actor)
    delta = timedelta(days=(starts_on - event.starts_at.date()).days)
    if event.series is None:
        event.series = EventSeries(title=event.title)
    copy = Event(**{k: getattr(event, k) for k in EVENT_FIELDS if k != "slug"}, status="draft", series=event.series)
    copy.title = (title or event.title).strip()[:200]
    if audience is not None:
        copy.audience = audience.strip()[:200]
    copy.starts_at, copy.ends_at = event.starts_at + delta, event.ends_at + delta
    copy.registration_opens_at = event.registration_opens_at and event.registration_opens_at + delta
    copy.registration_closes_at = event.registration_closes_at and event.registration_closes_at + delta
    copy.slug = unique_slug(f"{slug_start(copy.title)}-{copy.starts_at:%Y-%m-%d}")
    for item in event.programme:
        copy.programme.append(
            ProgrammeItem(
                position=item.position,
                starts_at=item.starts_at + delta,
                ends_at=item.ends_at + delta,
                kind=item.kind,
                title=item.title,
                moderator=item.moderator,
                speakers=list(item.speakers or []),
                description=item.description,
                overlap_allowed=item.overlap_allowed,
            )
        )
    db.session.add(copy)
    db.session.flush()
    db.session.execute(
        event_organisers.insert().from_select(
            ["event_id", "organiser_id", "role"],
            select(bindparam("copy_id", copy.id), event_organisers.c.organiser_id, event_organisers.c.role).where(
                event_organisers.c.event_id == event.id
            ),
        )
    )
    signals.event_duplicating.send(event, copy=copy, delta=delta)
    db.session.commit()
    return copy


# -- programme -----------------------------------------------------------


def _check_item(event: Event, data: dict, *, item: ProgrammeItem | None) -> None:
    fields: dict[str, list] = {}

    def add(name, code, **params):
        fields.setdefault(name, []).append((code, params) if params else code)

    title = data.get("title") or ""
    if not title.strip():
        add("title", "required")
    elif len(title) > 200:
        add("title", "too_long", max=200)
    if data.get("kind") not in PROGRAMME_KINDS:
        add("kind", "bad_choice")
    if len(data.get("moderator") or "") > 200:
        add("moderator", "too_long", max=200)
    start, end = data.get("starts_at"), data.get("ends_at")
    if start is None:
        add("starts_at", "required")
    if end is None:
        add("ends_at", "required")
    if start and end:
        if end <= start:
            add("ends_at", "end_before_start")
        elif start < event.starts_at or end > event.ends_at:
            add("starts_at", "outside_event")
        elif not data.get("overlap_allowed"):
            for other in event.programme:
                if other is item or other.overlap_allowed:
                    continue
                if start < other.ends_at and other.starts_at < end:
                    add("starts_at", "overlap", title=other.title)
                    break
    if fields:
        raise DomainError("invalid", fields=fields)


def _clean_item(data: dict) -> dict:
    speakers = data.get("speakers") or []
    if isinstance(speakers, str):
        speakers = [s for s in (line.strip() for line in speakers.splitlines()) if s]
    return {
        "starts_at": data.get("starts_at"),
        "ends_at": data.get("ends_at"),
        "kind": data.get("kind") or "plenary",
        "title": (data.get("title") or "").strip(),
        "moderator": (data.get("moderator") or "").strip() or None,
        "speakers": [s.strip()[:200] for s in speakers if s and s.strip()][:30],
        "description": (data.get("description") or "").strip()[:5000],
        "overlap_allowed": bool(data.get("overlap_allowed")),
    }


def _renumber(event: Event) -> None:
    """Keep positions in time order (stable for items that start together)."""
    ordered = sorted(event.programme, key=lambda i: (i.starts_at, i.position, i.id or 0))
    for n, item in enumerate(ordered):
        item.position = n
    event.programme.sort(key=lambda i: i.position)


def add_programme_item(event: Event, data: dict, *, actor: Account | None) -> ProgrammeItem:
    """A new timed item, validated against the event and the other items."""
    permissions.require(event, actor, "manage")
    data = _clean_item(data)
    _check_item(event, data, item=None)
    item = ProgrammeItem(**data, position=len(event.programme))
    event.programme.append(item)
    _renumber(event)
    db.session.commit()
    return item


def update_programme_item(item: ProgrammeItem, data: dict, *, actor: Account | None) -> ProgrammeItem:
    event = item.event
    permissions.require(event, actor, "manage")
    data = _clean_item(data)
    _check_item(event, data, item=item)
    for key, value in data.items():
        setattr(item, key, value)
    _renumber(event)
    db.session.commit()
    return item


def delete_programme_item(item: ProgrammeItem, *, actor: Account | None) -> None:
    event = item.event
    permissions.require(event, actor, "manage")
    event.programme.remove(item)
    _renumber(event)
    db.session.commit()


def move_programme_item(item: ProgrammeItem, offset: int, *, actor: Account | None) -> None:
    """Swap an item with its neighbour; the two keep their lengths and the gap between them."""
    event = item.event
    permissions.require(event, actor, "manage")
    items = list(event.programme)
    index = items.index(item)
    other_index = index + (1 if offset > 0 else -1)
    if not 0 <= other_index < len(items):
        return
    first, second = sorted((item, items[other_index]), key=lambda i: i.position)
    gap = max(second.starts_at - first.ends_at, timedelta(0))
    start = first.starts_at
    second_len, first_len = second.ends_at - second.starts_at, first.ends_at - first.starts_at
    second.starts_at, second.ends_at = start, start + second_len
    first.starts_at = second.ends_at + gap
    first.ends_at = first.starts_at + first_len
    first.position, second.position = second.position, first.position
    event.programme.sort(key=lambda i: i.position)
    db.session.commit()


def get_programme_item(event: Event, item_id: int) -> ProgrammeItem:
    return get_in_event(ProgrammeItem, event, item_id)


def overlapping_items(event: Event) -> set[int]:
    """Ids of items that overlap another (shown with a note in the editor)."""
    out: set[int] = set()
    items = event.programme
    for a in items:
        for b in items:
            if a is not b and a.starts_at < b.ends_at and b.starts_at < a.ends_at:
                out.add(a.id)
    return out


def fmt_local(value: datetime | None) -> str | None:
    """A local time as the setup file and forms write it: 2026-06-13T13:30."""
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


# -- the event's lock ----------------------------------------------------------

# built once: a registration rush runs it thousands of times
_LOCK = (
    update(Event)
    .where(Event.id == bindparam("event_id"))
    .values(id=Event.id)
    .returning(*Event.__table__.columns)
    .execution_options(synchronize_session=False)
)


def lock_event(event: Event) -> Event:
    """Take the event's lock by writing its row first (every domain that counts an event's people before
    writing takes it: registration, certificates, questionnaires, the team, the annexes); the same statement
    reads the row back (what another organiser may have changed meanwhile), in one round trip."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL lock_timeout = '15s'"))
    row = db.session.execute(_LOCK, {"event_id": event.id}).one()
    for column, value in zip(Event.__table__.columns, row):
        set_committed_value(event, column.key, value)
    return event

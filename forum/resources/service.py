"""The resource stand and the proceedings' annexes.

Organisers add resources to the event, to a programme item or to a workshop; a workshop's rapporteur adds them to
that workshop. A resource is a link or a file (its type read from its content, core.uploads), public or for the
event's registrants. Annexes are numbered documents of the proceedings, public with them.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy import event as sa_event

from forum.accounts.models import Account
from forum.board.models import Workshop
from forum.board.proceedings import readable_proceedings
from forum.core import signals, uploads, values
from forum.core.errors import MESSAGES, DomainError
from forum.core.models import get_in_event
from forum.events.models import Event, ProgrammeItem
from forum.events.service import lock_event
from forum.extensions import db
from forum.registration.models import Registration
from forum.resources.models import KINDS, VISIBILITIES, Annex, Resource
from forum.core import permissions

MESSAGES.update(
    {
        "link_or_file": _l("Give either a link or a file, not both."),
        "bad_url": _l("Give an address starting with http:// or https://."),
    }
)

KIND_LABELS = {
    "bibliography": _l("Bibliography"),
    "experience": _l("Experience sheet"),
    "book": _l("Book"),
    "site": _l("Website"),
    "document": _l("Document"),
}
VISIBILITY_LABELS = {"public": _l("Everyone"), "registrants": _l("Registrants only")}
#: the largest file a resource or an annex may be
MAX_FILE = 20 * uploads.MB
#: who is a registrant for what is kept for registrants
REGISTERED = ("confirmed", "waitlisted")


# -- who may ----------------------------------------------------------------------


def _require_editor(
    event: Event, actor: Account | None, rapporteur: Registration | None, workshop: Workshop | None
) -> None:
    """Organisers, for anything of the event; a workshop's rapporteur, for that workshop only."""
    if rapporteur is not None:
        if rapporteur.event_id != event.id or workshop is None or workshop.rapporteur_id != rapporteur.id:
            raise DomainError("forbidden")
        return
    permissions.require(event, actor, "manage")


def _sees_everything(event: Event, registration: Registration | None, viewer: Account | None) -> bool:
    """The event's registrants and team see the resources kept for registrants."""
    if registration is not None:
        return registration.event_id == event.id and registration.status in REGISTERED
    return permissions.can(event.role_of(viewer), "see")


# -- resources ----------------------------------------------------------------------


def _url(value, name: str = "url") -> str:
    url = values.text(value, name, maximum=2000)
    parts = urlsplit(url)
    if url and (parts.scheme.lower() not in ("http", "https") or not parts.netloc):
        values.refuse(name, "bad_url")
    return url


def _attachment(event: Event, data: dict, problems: values.Problems) -> tuple[Workshop | None, ProgrammeItem | None]:
    workshop = item = None
    if data.get("workshop_id"):
        workshop = db.session.get(Workshop, data["workshop_id"])
        if workshop is None or workshop.event_id != event.id:
            problems.add("attached_to", "bad_choice")
            workshop = None
    elif data.get("programme_item_id"):
        item = db.session.get(ProgrammeItem, data["programme_item_id"])
        if item is None or item.event_id != event.id:
            problems.add("attached_to", "bad_choice")
            item = None
    return workshop, item


def _file_or_link(data: dict, upload, problems: values.Problems, accepted) -> tuple[str, tuple | None]:
    url = problems.check(_url, data.get("url")) or ""
    has_file = upload is not None and getattr(upload, "filename", "")
    if url and has_file:
        problems.add("url", "link_or_file")
        return "", None
    if not url and not has_file:
        problems.add("file", "file_required")
        return "", None
    read = problems.check(uploads.read_upload, upload, max_bytes=MAX_FILE, accepted=accepted) if has_file else None
    return url, read


def _store(row, read: tuple | None, folder: str) -> None:
    if read is not None:
        data, kind, name = read
        row.file_key = uploads.store(data, folder, kind)
        row.file_name, row.file_type, row.file_size = name, kind.mime, len(data)


def _commit_with_file(row) -> None:
    """Commit; a file written for a row that did not commit is deleted again."""
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        uploads.forget(row.file_key)
        raise


def add_resource(
    event: Event, data: dict, upload=None, *, actor: Account | None = None, rapporteur: Registration | None = None
) -> Resource:
    """A resource of the stand: ``data`` holds title, kind, author, description, visibility, url and what it is
    attached to (``workshop_id`` or ``programme_item_id``, none for the event); ``upload`` the file if no url."""
    problems = values.Problems()
    workshop, item = _attachment(event, data, problems)
    if rapporteur is not None and workshop is None:
        raise DomainError("forbidden")
    _require_editor(event, actor, rapporteur, workshop)
    title = problems.check(values.text, data.get("title"), "title", minimum=1, maximum=200)
    author = problems.check(values.text, data.get("author"), "author", maximum=200)
    description = problems.check(values.text, data.get("description"), "description", maximum=2000, multiline=True)
    if data.get("kind") not in KINDS:
        problems.add("kind", "bad_choice")
    if data.get("visibility") not in VISIBILITIES:
        problems.add("visibility", "bad_choice")
    url, read = _file_or_link(data, upload, problems, uploads.DOCUMENTS)
    problems.raise_any()
    resource = Resource(
        event_id=event.id,
        workshop_id=workshop.id if workshop else None,
        programme_item_id=item.id if item else None,
        kind=data["kind"],
        title=title,
        author=author or "",
        description=description or "",
        visibility=data["visibility"],
        url=url or None,
        added_by_registration_id=rapporteur.id if rapporteur else None,
    )
    _store(resource, read, f"resources/{event.id}")
    db.session.add(resource)
    _commit_with_file(resource)
    return resource


def delete_resource(
    event: Event, resource_id, *, actor: Account | None = None, rapporteur: Registration | None = None
) -> None:
    """Delete a resource and its file (a rapporteur: a resource of their workshop)."""
    resource = get_in_event(Resource, event, resource_id)
    workshop = db.session.get(Workshop, resource.workshop_id) if resource.workshop_id else None
    _require_editor(event, actor, rapporteur, workshop)
    key = resource.file_key
    db.session.delete(resource)
    db.session.commit()
    uploads.forget(key)


def resources_of(event: Event) -> list[Resource]:
    """Every resource of the event (the organisers' list), by kind then title."""
    rows = db.session.scalars(select(Resource).where(Resource.event_id == event.id).order_by(Resource.id)).all()
    return sorted(rows, key=lambda r: (KINDS.index(r.kind), r.title.casefold()))


def visible_resources(
    event: Event, *, registration: Registration | None = None, viewer: Account | None = None
) -> list[Resource]:
    """What this person may see: the public resources, and those for registrants to registrants and the team."""
    everything = _sees_everything(event, registration, viewer)
    return [r for r in resources_of(event) if r.public or everything]


def listing(event: Event, *, registration: Registration | None = None, viewer: Account | None = None) -> dict:
    """The stand as a phone shows it: the resources of the person's workshops first, then by kind."""
    from forum.board.models import Membership

    every = resources_of(event)
    everything = _sees_everything(event, registration, viewer)
    rows = [r for r in every if r.public or everything]
    mine_ids: set[int] = set()
    if registration is not None:
        mine_ids = set(
            db.session.scalars(select(Membership.workshop_id).where(Membership.registration_id == registration.id))
        )
        mine_ids |= set(db.session.scalars(select(Workshop.id).where(Workshop.rapporteur_id == registration.id)))
    workshops = {w.id: w for w in db.session.scalars(select(Workshop).where(Workshop.event_id == event.id))}
    items = {i.id: i for i in event.programme}
    mine = [r for r in rows if r.workshop_id in mine_ids]
    rest = [r for r in rows if r not in mine]
    kinds = [(kind, KIND_LABELS[kind], [r for r in rest if r.kind == kind]) for kind in KINDS]
    return {
        "mine": mine,
        "kinds": [k for k in kinds if k[2]],
        "count": len(rows),
        "workshops": workshops,
        "items": items,
        "hidden": 0 if registration or everything else len(every) - len(rows),
        # every kind with all its resources, empty ones too (the live board moves them as people join)
        "every_kind": [(kind, KIND_LABELS[kind], [r for r in rows if r.kind == kind]) for kind in KINDS],
    }


def readable_resource(
    event: Event, resource_id, *, registration: Registration | None = None, viewer: Account | None = None
) -> Resource:
    """A resource's file for someone who may see it; not_found otherwise (and for a link)."""
    resource = get_in_event(Resource, event, resource_id)
    if resource.file_key is None or not (resource.public or _sees_everything(event, registration, viewer)):
        raise DomainError("not_found")
    return resource


def reported_workshops(registration: Registration) -> list[Workshop]:
    """The workshops this person is the rapporteur of (where they may add resources)."""
    return db.session.scalars(
        select(Workshop).where(Workshop.rapporteur_id == registration.id).order_by(Workshop.id)
    ).all()


def workshop_resources(workshop: Workshop) -> list[Resource]:
    return db.session.scalars(select(Resource).where(Resource.workshop_id == workshop.id).order_by(Resource.id)).all()


def public_resources(event: Event) -> list[Resource]:
    """What the proceedings list under "Ressources"."""
    return [r for r in resources_of(event) if r.public]


def absolute_url(row, event: Event) -> str:
    """The address of a public resource or an annex as the proceedings print it (a link, or its file on this
    site), in or out of a request."""
    from flask import current_app

    if row.url:
        return row.url
    urls = current_app.url_map.bind("forum")
    if isinstance(row, Annex):
        path = urls.build("resources.annex_file", {"slug": event.slug, "number": row.number, "name": row.file_name})
    else:
        path = urls.build("resources.public_file", {"slug": event.slug, "resource_id": row.id, "name": row.file_name})
    return f"{current_app.config['FORUM_BASE_URL']}{path}"


# -- annexes --------------------------------------------------------------------


def annexes_of(event: Event) -> list[Annex]:
    return db.session.scalars(select(Annex).where(Annex.event_id == event.id).order_by(Annex.number)).all()


def add_annex(event: Event, data: dict, upload=None, *, actor: Account | None) -> Annex:
    """The next numbered annex of the proceedings: a title and a file (Markdown and plain text too) or a link."""
    permissions.require(event, actor, "manage")
    problems = values.Problems()
    title = problems.check(values.text, data.get("title"), "title", minimum=1, maximum=200)
    url, read = _file_or_link(data, upload, problems, uploads.DOCUMENTS_AND_TEXT)
    problems.raise_any()
    lock_event(event)  # two organisers adding at once get 1 and 2
    number = len(annexes_of(event)) + 1
    annex = Annex(event_id=event.id, number=number, title=title, url=url or None)
    _store(annex, read, f"annexes/{event.id}")
    db.session.add(annex)
    _commit_with_file(annex)
    return annex


def delete_annex(event: Event, annex_id, *, actor: Account | None) -> None:
    """Delete an annex and its file; the following ones move up a number (no gap in "Annexe 1, 2, 3")."""
    permissions.require(event, actor, "manage")
    lock_event(event)
    annex = get_in_event(Annex, event, annex_id)
    key, number = annex.file_key, annex.number
    db.session.delete(annex)
    db.session.flush()
    for later in db.session.scalars(
        select(Annex).where(Annex.event_id == event.id, Annex.number > number).order_by(Annex.number)
    ).all():
        later.number -= 1
        db.session.flush()
    db.session.commit()
    uploads.forget(key)


def readable_annex(event: Event, number: int, *, viewer: Account | None) -> Annex:
    """An annex's file, readable with the proceedings (everyone once published, the team before)."""
    readable_proceedings(event, viewer)
    annex = db.session.scalar(select(Annex).where(Annex.event_id == event.id, Annex.number == number))
    if annex is None or annex.file_key is None:
        raise DomainError("not_found")
    return annex


def annex_text(annex: Annex) -> str | None:
    """The words of a Markdown or plain-text annex (the DOCX embeds them); None for any other kind."""
    if not annex.file_key or not uploads.type_of(annex.file_type).text:
        return None
    return uploads.stored_path(annex.file_key).read_text("utf-8-sig")


# -- the RGPD purge -----------------------------------------------------------------


@signals.event_purging.connect
def _purge(event, **_) -> None:
    """Public resources and annexes hold no personal data: they stay whole. Resources kept for registrants go
    (nobody can open them any more) with their files; nothing remembers which registrant added a resource."""
    gone = db.session.scalars(
        select(Resource).where(Resource.event_id == event.id, Resource.visibility != "public")
    ).all()
    keys = [r.file_key for r in gone]
    db.session.execute(delete(Resource).where(Resource.id.in_([r.id for r in gone])))
    db.session.execute(update(Resource).where(Resource.event_id == event.id).values(added_by_registration_id=None))
    sa_event.listen(db.session(), "after_commit", lambda _session: [uploads.forget(key) for key in keys], once=True)

"""The event's audit log: exports of personal data and changes to the team, one line each."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.attendance.models import ExportRecord
from forum.extensions import db

#: what a line's kind means, for the log's page (exports keep their file name)
KIND_LABELS = {
    "team.invited": _l("Invitation sent"),
    "team.resent": _l("Invitation sent again"),
    "team.withdrawn": _l("Invitation withdrawn"),
    "team.joined": _l("Joined the team"),
    "team.role": _l("Role changed"),
    "team.removed": _l("Removed from the team"),
    "signin.failures": _l("Repeated failed sign-ins"),
    "door.checkin": _l("Checked in at the door"),
    "door.undo": _l("Check-in undone"),
    "door.walkin": _l("Walk-in registered at the door"),
}


def write(event_id: int, kind: str, *, actor_id: int | None, detail: str = "", rows: int = 0) -> None:
    """One line, in the caller's transaction (the caller commits)."""
    db.session.add(ExportRecord(event_id=event_id, organiser_id=actor_id, kind=kind, detail=detail[:300], rows=rows))


def entries(event) -> list[ExportRecord]:
    return db.session.scalars(select(ExportRecord).where(ExportRecord.event_id == event.id)
                              .order_by(ExportRecord.id.desc())).all()

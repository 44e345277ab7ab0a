"""Column helpers shared by every domain's models."""

from datetime import datetime, timezone


def get_in_event(model, event, obj_id):
    """The row of ``model`` with this id if it belongs to ``event``, else DomainError('not_found')."""
    from forum.core.errors import DomainError
    from forum.extensions import db

    obj = db.session.get(model, obj_id) if isinstance(obj_id, int) and not isinstance(obj_id, bool) else None
    if obj is None or obj.event_id != event.id:
        raise DomainError("not_found")
    return obj


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (stored as naive UTC)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)

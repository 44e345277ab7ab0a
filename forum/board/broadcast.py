"""Signals -> Socket.IO: every committed board change goes to everyone connected to the event."""

from forum.core import signals
from forum.extensions import socketio

NAMESPACE = "/board"


def room(event_id: int) -> str:
    return f"event-{event_id}"


@signals.board_changed.connect
def _emit_changes(event_id: int, changes: list[dict], **_) -> None:
    for change in changes:
        socketio.emit("change", change, to=room(event_id), namespace=NAMESPACE)

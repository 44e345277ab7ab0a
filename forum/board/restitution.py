"""The restitution on the projector, run from the facilitation view: which workshop (and which page of it) the
screen shows, and whether it moves on by itself. One state per board, changed by organisers with the same
guarantees as every change (the board's lock, a ``seq``, a ``restitution.show`` change to every screen)."""

from __future__ import annotations

from sqlalchemy import update

from forum.board.models import Board, Workshop
from forum.board.serialize import SHOW
from forum.board.service import Actor, get_on_board, record_change, require, take_lock
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.extensions import db

#: seconds each page stays on the screen while the show plays
INTERVALS = (20, 30, 45, 60, 90, 120)


def set_show(actor: Actor, data: dict) -> None:
    """Show a workshop's page on the screen, play (move on every ``interval`` seconds from now) or pause."""
    require(actor.is_organiser)
    workshop_id = data.get("workshop_id")
    if workshop_id is not None:
        workshop_id = get_on_board(Workshop, actor, workshop_id).id
    page, playing, interval = data.get("page", 0), data.get("playing", False), data.get("interval", SHOW["interval"])
    fields: dict[str, list] = {}
    if not isinstance(page, int) or isinstance(page, bool) or not 0 <= page <= 200:
        fields["page"] = ["bad_choice"]
    if not isinstance(playing, bool):
        fields["playing"] = ["bad_choice"]
    if interval not in INTERVALS:
        fields["interval"] = ["bad_choice"]
    if fields:
        raise DomainError("invalid", fields=fields)
    board = take_lock(actor)
    show = {
        "workshop_id": workshop_id,
        "page": page,
        "playing": playing,
        "interval": interval,
        "since": utcnow().isoformat() + "Z",
    }
    db.session.execute(update(Board).where(Board.event_id == actor.event.id).values(show=show))
    record_change(board, "restitution.show", show)
    db.session.commit()

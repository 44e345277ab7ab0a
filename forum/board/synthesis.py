"""The rapporteur's work on the live board: contributions, synthesis points, the workshop's synthesis.

Same rules as ``forum.board.service``: one transaction per function, the board's
lock first, every change recorded with its ``seq`` and sent after the commit.
"""

from __future__ import annotations

from sqlalchemy import func, select, update

from forum.board import serialize as ser
from forum.board.models import Contribution, Membership, Synthesis, SynthesisPoint, Workshop
from forum.board.service import (
    Actor,
    clean_text,
    get_on_board,
    participant_of,
    record_change,
    require,
    require_consolidator,
    take_lock,
)
from forum.core import values
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.extensions import db


def post_contribution(actor: Actor, data: dict) -> tuple[dict, bool]:
    """Post in a workshop (members, its rapporteur, organisers); the same client_id is stored once."""
    workshop = get_on_board(Workshop, actor, data.get("workshop_id"))
    client_id = values.client_id(data.get("client_id"))
    text = clean_text(data.get("text"), "text", 1, 2000)
    registration = actor.registration
    if not actor.is_organiser:
        participant_of(actor)
        member = db.session.scalar(
            select(Membership.id).where(
                Membership.workshop_id == workshop.id, Membership.registration_id == registration.id
            )
        )
        require(member is not None or workshop.rapporteur_id == registration.id)
    board = take_lock(actor)
    existing = db.session.scalar(
        select(Contribution).where(Contribution.workshop_id == workshop.id, Contribution.client_id == client_id)
    )
    if existing is not None:
        db.session.commit()
        return ser.contribution(existing), True
    contribution = Contribution(
        workshop_id=workshop.id,
        registration_id=registration.id if registration else None,
        author=actor.name,
        text=text,
        client_id=client_id,
        hidden=False,
    )
    db.session.add(contribution)
    db.session.flush()
    # the sender's client_id travels with the change: the phone that posted it offline swaps its waiting copy
    record_change(board, "contribution.posted", ser.contribution(contribution) | {"client_id": client_id})
    db.session.commit()
    return ser.contribution(contribution), False


def hide_contribution(actor: Actor, contribution_id, reason) -> None:
    contribution = get_on_board(Contribution, actor, contribution_id)
    workshop = db.session.get(Workshop, contribution.workshop_id)
    require_consolidator(actor, workshop)
    reason = clean_text(reason or "", "reason", 0, 300)
    board = take_lock(actor, contribution)
    contribution.hidden, contribution.hidden_reason = True, reason
    record_change(board, "contribution.hidden", {"id": contribution.id, "workshop_id": workshop.id, "hidden": True})
    db.session.commit()


def show_contribution(actor: Actor, contribution_id) -> None:
    """Undo a hiding: the contribution is back for everyone (its full state is broadcast)."""
    contribution = get_on_board(Contribution, actor, contribution_id)
    workshop = db.session.get(Workshop, contribution.workshop_id)
    require_consolidator(actor, workshop)
    board = take_lock(actor, contribution)
    contribution.hidden, contribution.hidden_reason = False, ""
    db.session.flush()
    record_change(board, "contribution.shown", ser.contribution(contribution))
    db.session.commit()


def _point_contributions(actor: Actor, workshop: Workshop, ids) -> list[Contribution]:
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise DomainError("invalid", fields={"contribution_ids": ["bad_choice"]})
    found = db.session.scalars(select(Contribution).where(Contribution.id.in_(ids))).all() if ids else []
    if len(found) != len(set(ids)) or any(c.workshop_id != workshop.id for c in found):
        raise DomainError("invalid", fields={"contribution_ids": ["bad_choice"]})
    return list(found)


def create_point(actor: Actor, data: dict) -> dict:
    workshop = get_on_board(Workshop, actor, data.get("workshop_id"))
    require_consolidator(actor, workshop)
    text = clean_text(data.get("text"), "text", 1, 2000)
    contributions = _point_contributions(actor, workshop, data.get("contribution_ids", []))
    board = take_lock(actor)
    position = (
        db.session.scalar(select(func.max(SynthesisPoint.position)).where(SynthesisPoint.workshop_id == workshop.id))
        or 0
    ) + 1
    point = SynthesisPoint(workshop_id=workshop.id, text=text, position=position)
    db.session.add(point)
    db.session.flush()
    for contribution in contributions:
        contribution.point_id = point.id
    db.session.flush()
    record_change(board, "point.created", ser.point(point))
    db.session.commit()
    return ser.point(point)


def update_point(actor: Actor, data: dict) -> dict:
    point = get_on_board(SynthesisPoint, actor, data.get("point_id"))
    workshop = db.session.get(Workshop, point.workshop_id)
    require_consolidator(actor, workshop)
    text = clean_text(data["text"], "text", 1, 2000) if "text" in data else None
    contributions = (
        _point_contributions(actor, workshop, data["contribution_ids"]) if "contribution_ids" in data else None
    )
    position = data.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position < 1):
        raise DomainError("invalid", fields={"position": ["not_positive"]})
    board = take_lock(actor)
    if text is not None:
        point.text = text
    if contributions is not None:
        db.session.execute(update(Contribution).where(Contribution.point_id == point.id).values(point_id=None))
        for contribution in contributions:
            contribution.point_id = point.id
    if position is not None:
        others = [
            p
            for p in db.session.scalars(
                select(SynthesisPoint)
                .where(SynthesisPoint.workshop_id == workshop.id)
                .order_by(SynthesisPoint.position)
            )
            if p.id != point.id
        ]
        others.insert(min(position, len(others) + 1) - 1, point)
        for n, p in enumerate(others, start=1):
            if p.position != n:
                p.position = n
                if p is not point:
                    db.session.flush()
                    record_change(board, "point.updated", ser.point(p))
    db.session.flush()
    record_change(board, "point.updated", ser.point(point))
    db.session.commit()
    return ser.point(point)


def delete_point(actor: Actor, point_id) -> None:
    point = get_on_board(SynthesisPoint, actor, point_id)
    workshop = db.session.get(Workshop, point.workshop_id)
    require_consolidator(actor, workshop)
    board = take_lock(actor)
    db.session.execute(update(Contribution).where(Contribution.point_id == point.id).values(point_id=None))
    db.session.delete(point)
    record_change(board, "point.deleted", {"id": point.id, "workshop_id": workshop.id})
    db.session.commit()


def _synthesis(workshop: Workshop) -> Synthesis:
    synthesis = db.session.get(Synthesis, workshop.id)
    if synthesis is None:
        synthesis = Synthesis(workshop_id=workshop.id, text="", published=False)
        db.session.add(synthesis)
    return synthesis


def update_synthesis(actor: Actor, workshop_id, text) -> None:
    workshop = get_on_board(Workshop, actor, workshop_id)
    require_consolidator(actor, workshop)
    text = clean_text(text, "text", 0, 20000)
    board = take_lock(actor)
    synthesis = _synthesis(workshop)
    synthesis.text = text
    db.session.flush()
    record_change(board, "synthesis.updated", ser.synthesis(synthesis))
    db.session.commit()


def publish_synthesis(actor: Actor, workshop_id) -> None:
    workshop = get_on_board(Workshop, actor, workshop_id)
    require_consolidator(actor, workshop)
    board = take_lock(actor)
    synthesis = _synthesis(workshop)
    synthesis.published, synthesis.published_at = True, utcnow()
    db.session.flush()
    record_change(board, "synthesis.published", ser.synthesis(synthesis))
    db.session.commit()

"""The proceedings of the open forum: the published workshop syntheses, by guiding question."""

from __future__ import annotations

from sqlalchemy import select

from forum.accounts.models import Account
from forum.board.models import PLENARY_KINDS, Poll, Question, RoomQuestion, Synthesis, SynthesisPoint, Workshop
from forum.board.serialize import MIN_POLL_ANSWERS
from forum.board.service import board_of
from forum.core.errors import DomainError
from forum.core import permissions
from forum.events.models import Event, ProgrammeItem
from forum.extensions import db


def proceedings(event: Event) -> list[dict]:
    """The published workshop syntheses grouped by guiding question (None: workshops with no question)."""
    questions = db.session.scalars(
        select(Question).where(Question.event_id == event.id).order_by(Question.position)
    ).all()
    workshops = db.session.scalars(
        select(Workshop)
        .where(Workshop.event_id == event.id, Workshop.programme_item_id.is_(None))
        .order_by(Workshop.slot_id, Workshop.id)
    ).all()
    published = (
        {
            s.workshop_id: s
            for s in db.session.scalars(
                select(Synthesis).where(Synthesis.workshop_id.in_([w.id for w in workshops]), Synthesis.published)
            )
        }
        if workshops
        else {}
    )
    groups = []
    for question in [*questions, None]:
        items = []
        for w in workshops:
            if w.question_id == (question.id if question else None) and w.id in published:
                points = db.session.scalars(
                    select(SynthesisPoint).where(SynthesisPoint.workshop_id == w.id).order_by(SynthesisPoint.position)
                ).all()
                items.append({"workshop": w, "synthesis": published[w.id], "points": points})
        if items or question is not None:
            groups.append({"question": question, "workshops": items})
    return groups


def plenary_record(event: Event) -> list[dict]:
    """Each plenary, round table and talk as the proceedings report it: the item (moderator, speakers), its
    rapporteur's published synthesis and points, the questions from the room that were answered (most
    supported first) and its closed polls' results (their split from MIN_POLL_ANSWERS answers on)."""
    items = db.session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.event_id == event.id, ProgrammeItem.kind.in_(PLENARY_KINDS))
        .order_by(ProgrammeItem.starts_at, ProgrammeItem.position)
    ).all()
    out = []
    for item in items:
        record = db.session.scalar(select(Workshop).where(Workshop.programme_item_id == item.id))
        synthesis = db.session.get(Synthesis, record.id) if record else None
        points = (
            db.session.scalars(
                select(SynthesisPoint).where(SynthesisPoint.workshop_id == record.id).order_by(SynthesisPoint.position)
            ).all()
            if record and synthesis and synthesis.published
            else []
        )
        answered = db.session.scalars(
            select(RoomQuestion)
            .where(RoomQuestion.programme_item_id == item.id, RoomQuestion.status == "answered")
            .order_by(RoomQuestion.supports.desc(), RoomQuestion.id)
        ).all()
        polls = [
            {"poll": p, "split": p.answers >= MIN_POLL_ANSWERS}
            for p in db.session.scalars(
                select(Poll).where(Poll.programme_item_id == item.id, Poll.status == "closed").order_by(Poll.id)
            )
        ]
        out.append(
            {
                "item": item,
                "synthesis": synthesis if synthesis and synthesis.published else None,
                "points": points,
                "questions": answered,
                "polls": polls,
            }
        )
    return out


def readable_proceedings(event: Event, viewer) -> list[dict]:
    """The proceedings, for everyone once published, for the event's organisers before."""
    if not board_of(event).proceedings_published and not permissions.can(event.role_of(viewer), "proceedings"):
        raise DomainError("not_found")
    return proceedings(event)


def readable_plenary(event: Event, viewer) -> list[dict]:
    """The plenary part of the proceedings, with the same rule as :func:`readable_proceedings`."""
    readable_proceedings(event, viewer)
    return plenary_record(event)


def publish_proceedings(event: Event, published: bool, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    board_of(event).proceedings_published = published
    db.session.commit()

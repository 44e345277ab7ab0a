"""The proceedings of the open forum: the published workshop syntheses, by guiding question."""
from __future__ import annotations

from sqlalchemy import select

from forum.accounts.models import Organiser
from forum.board.models import Question, Synthesis, SynthesisPoint, Workshop
from forum.board.service import board_of
from forum.core.errors import DomainError
from forum.team import permissions
from forum.events.models import Event
from forum.extensions import db


def proceedings(event: Event) -> list[dict]:
    """The published workshop syntheses grouped by guiding question (None: workshops with no question)."""
    questions = db.session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.position)).all()
    workshops = db.session.scalars(select(Workshop).where(Workshop.event_id == event.id).order_by(Workshop.slot_id, Workshop.id)).all()
    published = {s.workshop_id: s for s in db.session.scalars(
        select(Synthesis).where(Synthesis.workshop_id.in_([w.id for w in workshops]), Synthesis.published))} if workshops else {}
    groups = []
    for question in [*questions, None]:
        items = []
        for w in workshops:
            if w.question_id == (question.id if question else None) and w.id in published:
                points = db.session.scalars(select(SynthesisPoint).where(SynthesisPoint.workshop_id == w.id)
                                            .order_by(SynthesisPoint.position)).all()
                items.append({"workshop": w, "synthesis": published[w.id], "points": points})
        if items or question is not None:
            groups.append({"question": question, "workshops": items})
    return groups



def readable_proceedings(event: Event, viewer) -> list[dict]:
    """The proceedings, for everyone once published, for the event's organisers before."""
    if not board_of(event).proceedings_published and not permissions.can(event.role_of(viewer), "proceedings"):
        raise DomainError("not_found")
    return proceedings(event)


def publish_proceedings(event: Event, published: bool, *, actor: Organiser | None) -> None:
    from forum.events.service import require_organiser

    require_organiser(event, actor)
    board_of(event).proceedings_published = published
    db.session.commit()

"""The rules of the live board (see shared REALTIME.md).

Each function is one transaction: it first takes the board's lock by writing
its row, checks, writes, and records every change in the board log with the
next ``seq`` of the event, in the same transaction. After the commit it sends
``board_changed`` so that the broadcaster emits the changes; the ack is built
from what was committed.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property

from flask import current_app
from sqlalchemy import delete, func, select, update

from forum.accounts.models import Organiser
from forum.board import serialize as ser
from forum.board.models import (PHASES, Board, BoardChange, Contribution, Membership, Question, Slot, Space, Synthesis,
                                SynthesisPoint, Topic, TopicVote, Workshop)
from forum.core import signals
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import Registration

#: how many changes back ``resume`` answers (BOARD_RESUME_WINDOW); beyond, too_old
RESUME_WINDOW = 5000


@dataclass
class Actor:
    """Who is asking, as the board sees them (re-read from the database on every request)."""

    event: Event
    role: str  # participant, organiser, screen
    registration: Registration | None = None
    organiser: Organiser | None = None

    @cached_property
    def rapporteur_of(self) -> list[int]:
        """The workshops this participant is rapporteur of."""
        if self.registration is None:
            return []
        return list(db.session.scalars(select(Workshop.id).where(Workshop.rapporteur_id == self.registration.id)))

    @property
    def is_organiser(self) -> bool:
        return self.role == "organiser"

    @property
    def name(self) -> str:
        if self.registration is not None:
            return self.registration.full_name
        return self.organiser.name if self.organiser is not None else ""


# -- who is asking -------------------------------------------------------

def board_of(event: Event) -> Board:
    """The event's board, created on first use."""
    board = db.session.get(Board, event.id)
    if board is None:
        db.session.add(Board(event_id=event.id, screen_key=secrets.token_urlsafe(16)))
        db.session.commit()
        board = db.session.get(Board, event.id)
    return board


def identify(event: Event, *, registration: Registration | None = None, organiser: Organiser | None = None,
             screen_key: str | None = None) -> Actor:
    """The Actor for these credentials, or DomainError('unauthorized')."""
    if organiser is not None:
        if not event.is_organised_by(organiser):
            raise DomainError("unauthorized")
        return Actor(event, "organiser", organiser=organiser)
    if registration is not None:
        if registration.event_id != event.id or registration.status != "confirmed":
            raise DomainError("unauthorized")
        return Actor(event, "participant", registration=registration)
    if screen_key and secrets.compare_digest(screen_key, board_of(event).screen_key):
        return Actor(event, "screen")
    raise DomainError("unauthorized")


def open_event(event: Event) -> None:
    """Only published events have a board; a cancelled one is closed."""
    if event.status == "cancelled":
        raise DomainError("closed")
    if event.status != "published":
        raise DomainError("unknown_event")


# -- the lock and the log ------------------------------------------------

@dataclass
class Locked:
    """The board row as the lock read it; ``seq`` grows with each change recorded in this transaction."""

    event_id: int
    phase: str
    seq: int


def _lock(actor: Actor, *fresh, participant_write: bool = True, allow_closed: bool = False) -> Locked:
    """Take the board's lock (the first write of the transaction) and check the phase.

    ``fresh``: objects read before the lock whose state the caller checks or changes;
    they are read again under the lock (no lost update when two requests race).
    """
    if actor.role == "screen":
        raise DomainError("forbidden")
    statement = (update(Board).where(Board.event_id == actor.event.id).values(seq=Board.seq)
                 .returning(Board.phase, Board.seq))
    row = db.session.execute(statement).first()
    if row is None:  # the first write of this event's board
        db.session.rollback()
        board_of(actor.event)
        row = db.session.execute(statement).first()
    board = Locked(actor.event.id, row.phase, row.seq)
    for obj in fresh:
        db.session.refresh(obj)
    if (board.phase == "closed" and not allow_closed) or \
            (board.phase == "setup" and not actor.is_organiser and participant_write):
        raise DomainError("closed")
    return board


def _record(board: Locked, type_: str, data: dict, out: list[dict]) -> None:
    board.seq += 1
    db.session.add(BoardChange(event_id=board.event_id, seq=board.seq, type=type_, data=data))
    out.append({"seq": board.seq, "type": type_, "data": data})


def _commit(event: Event, changes: list[dict]) -> None:
    """Store the last seq with the changes, commit, then tell the listeners."""
    if changes:
        db.session.execute(update(Board).where(Board.event_id == event.id).values(seq=changes[-1]["seq"]))
    db.session.commit()
    if changes:
        signals.board_changed.send(event.id, changes=changes)


def changes_since(event: Event, since: int) -> list[dict]:
    """Every change after ``since``, in order; DomainError('too_old') past the kept window."""
    board = board_of(event)
    if since < 0 or since > board.seq:
        raise DomainError("invalid", fields={"since": ["bad_choice"]})
    window = current_app.config.get("BOARD_RESUME_WINDOW", RESUME_WINDOW)
    oldest = db.session.scalar(select(func.min(BoardChange.seq)).where(BoardChange.event_id == event.id))
    if board.seq - since > window or (oldest is not None and since + 1 < oldest):
        raise DomainError("too_old")
    rows = db.session.scalars(select(BoardChange).where(BoardChange.event_id == event.id, BoardChange.seq > since)
                              .order_by(BoardChange.seq)).all()
    return [{"seq": r.seq, "type": r.type, "data": r.data} for r in rows]


def snapshot(actor: Actor) -> dict:
    """The whole board as this actor may see it (REALTIME.md)."""
    return ser.snapshot(actor, board_of(actor.event))


# -- helpers -------------------------------------------------------------

def _get(model, actor: Actor, obj_id) -> object:
    if not isinstance(obj_id, int) or isinstance(obj_id, bool):
        raise DomainError("invalid", fields={"id": ["not_a_number"]})
    obj = db.session.get(model, obj_id)
    event_id = getattr(obj, "event_id", None)
    if event_id is None and obj is not None and hasattr(obj, "workshop_id"):
        event_id = db.session.scalar(select(Workshop.event_id).where(Workshop.id == obj.workshop_id))
    if obj is None or event_id != actor.event.id:
        raise DomainError("not_found")
    return obj


def _text(value, name: str, minimum: int, maximum: int) -> str:
    if not isinstance(value, str):
        raise DomainError("invalid", fields={name: ["required"]})
    text = value.strip()
    if len(text) < minimum:
        raise DomainError("invalid", fields={name: [("too_short", {"min": minimum}) if minimum > 1 else "required"]})
    if len(text) > maximum:
        raise DomainError("invalid", fields={name: [("too_long", {"max": maximum})]})
    return text


def _client_id(value) -> str:
    if not isinstance(value, str) or not 8 <= len(value) <= 64:
        raise DomainError("invalid", fields={"client_id": ["required"]})
    return value


def _require(condition: bool) -> None:
    if not condition:
        raise DomainError("forbidden")


def _participant(actor: Actor) -> Registration:
    _require(actor.registration is not None)
    return actor.registration


def _can_consolidate(actor: Actor, workshop: Workshop) -> None:
    """The rapporteur of this workshop, or an organiser."""
    _require(actor.is_organiser or (actor.registration is not None and workshop.rapporteur_id == actor.registration.id))


def _members_change(board: Board, workshop: Workshop, out: list[dict]) -> None:
    _record(board, "workshop.members", {"workshop_id": workshop.id, "members": workshop.members_count}, out)


# -- topics --------------------------------------------------------------

def propose_topic(actor: Actor, data: dict) -> tuple[dict, list[dict]]:
    """A topic under a guiding question; the same client_id again gives the stored topic."""
    _require(actor.is_organiser or actor.registration is not None)
    client_id = _client_id(data.get("client_id"))
    title = _text(data.get("title"), "title", 3, 120)
    description = _text(data.get("description") or "", "description", 0, 1000)
    question = _get(Question, actor, data.get("question_id"))
    board = _lock(actor)
    existing = db.session.scalar(select(Topic).where(Topic.event_id == actor.event.id, Topic.client_id == client_id))
    if existing is not None:
        db.session.commit()
        return ser.topic(existing, actor), []
    topic = Topic(event_id=actor.event.id, question_id=question.id, title=title, description=description,
                  proposer_id=actor.registration.id if actor.registration else None, client_id=client_id, votes=0,
                  status="proposed")
    db.session.add(topic)
    db.session.flush()
    out: list[dict] = []
    _record(board, "topic.proposed", ser.topic(topic), out)
    _commit(actor.event, out)
    return ser.topic(topic, actor), out


def vote_topic(actor: Actor, topic_id, vote) -> tuple[int, list[dict]]:
    registration = _participant(actor)
    if not isinstance(vote, bool):
        raise DomainError("invalid", fields={"vote": ["bad_choice"]})
    topic = _get(Topic, actor, topic_id)
    board = _lock(actor, topic)
    existing = db.session.scalar(select(TopicVote).where(TopicVote.topic_id == topic.id,
                                                         TopicVote.registration_id == registration.id))
    out: list[dict] = []
    if vote and existing is None:
        db.session.add(TopicVote(topic_id=topic.id, registration_id=registration.id))
        topic.votes += 1
    elif not vote and existing is not None:
        db.session.delete(existing)
        topic.votes -= 1
    else:
        db.session.commit()
        return topic.votes, out
    db.session.flush()
    _record(board, "topic.voted", ser.topic(topic), out)
    _commit(actor.event, out)
    return topic.votes, out


def withdraw_topic(actor: Actor, topic_id) -> list[dict]:
    topic = _get(Topic, actor, topic_id)
    _require(actor.is_organiser or (actor.registration is not None and topic.proposer_id == actor.registration.id))
    board = _lock(actor, topic)
    topic.status = "withdrawn"
    out: list[dict] = []
    _record(board, "topic.withdrawn", ser.topic(topic), out)
    _commit(actor.event, out)
    return out


def merge_topics(actor: Actor, topic_id, into_id) -> list[dict]:
    """Merge a duplicate into another topic; its votes join the other's."""
    _require(actor.is_organiser)
    topic, into = _get(Topic, actor, topic_id), _get(Topic, actor, into_id)
    if topic.id == into.id:
        raise DomainError("invalid", fields={"into_id": ["bad_choice"]})
    board = _lock(actor, topic, into)
    voters = set(db.session.scalars(select(TopicVote.registration_id).where(TopicVote.topic_id == into.id)))
    for vote in db.session.scalars(select(TopicVote).where(TopicVote.topic_id == topic.id)).all():
        if vote.registration_id in voters:
            db.session.delete(vote)
        else:
            vote.topic_id = into.id
    db.session.flush()
    into.votes = db.session.scalar(select(func.count()).where(TopicVote.topic_id == into.id))
    topic.status, topic.merged_into_id, topic.votes = "merged", into.id, 0
    out: list[dict] = []
    _record(board, "topic.merged", ser.topic(topic), out)
    _record(board, "topic.updated", ser.topic(into), out)
    _commit(actor.event, out)
    return out


def schedule_topic(actor: Actor, topic_id, slot_id, space_id) -> tuple[dict, list[dict]]:
    """Place a topic in a cell of the grid: it becomes a workshop (a cell holds one)."""
    _require(actor.is_organiser)
    topic = _get(Topic, actor, topic_id)
    slot, space = _get(Slot, actor, slot_id), _get(Space, actor, space_id)
    board = _lock(actor, topic)
    if topic.status in ("merged", "withdrawn", "scheduled"):
        raise DomainError("already_scheduled" if topic.status == "scheduled" else "invalid",
                          **({} if topic.status == "scheduled" else {"fields": {"topic_id": ["bad_choice"]}}))
    if db.session.scalar(select(Workshop.id).where(Workshop.slot_id == slot.id, Workshop.space_id == space.id)):
        raise DomainError("full")
    workshop = Workshop(event_id=actor.event.id, title=topic.title, slot_id=slot.id, space_id=space.id,
                        question_id=topic.question_id, capacity=space.capacity, topic_id=topic.id, members_count=0)
    db.session.add(workshop)
    topic.status = "scheduled"
    db.session.flush()
    out: list[dict] = []
    _record(board, "topic.updated", ser.topic(topic), out)
    _record(board, "workshop.created", ser.workshop(workshop), out)
    _commit(actor.event, out)
    return ser.workshop(workshop), out


# -- workshops -----------------------------------------------------------

def create_workshop(actor: Actor, data: dict) -> tuple[dict, list[dict]]:
    _require(actor.is_organiser)
    title = _text(data.get("title"), "title", 3, 200)
    slot, space = _get(Slot, actor, data.get("slot_id")), _get(Space, actor, data.get("space_id"))
    question = _get(Question, actor, data["question_id"]) if data.get("question_id") is not None else None
    capacity = data.get("capacity", space.capacity)
    if not isinstance(capacity, int) or isinstance(capacity, bool) or capacity < 1:
        raise DomainError("invalid", fields={"capacity": ["not_positive"]})
    board = _lock(actor)
    if db.session.scalar(select(Workshop.id).where(Workshop.slot_id == slot.id, Workshop.space_id == space.id)):
        raise DomainError("full")
    workshop = Workshop(event_id=actor.event.id, title=title, slot_id=slot.id, space_id=space.id,
                        question_id=question.id if question else None, capacity=capacity, members_count=0)
    db.session.add(workshop)
    db.session.flush()
    out: list[dict] = []
    _record(board, "workshop.created", ser.workshop(workshop), out)
    _commit(actor.event, out)
    return ser.workshop(workshop), out


def join_workshop(actor: Actor, workshop_id) -> tuple[list[int], list[dict]]:
    """Join a workshop; joining another of the same slot moves me (the law of two feet).

    The seat is taken by a conditional write under the board's lock: a full
    room answers ``full`` however many people join at once.
    """
    registration = _participant(actor)
    workshop = _get(Workshop, actor, workshop_id)
    board = _lock(actor)
    current = db.session.scalar(select(Membership).where(Membership.registration_id == registration.id,
                                                         Membership.slot_id == workshop.slot_id))
    if current is not None and current.workshop_id == workshop.id:
        db.session.commit()
        return [], []
    taken = db.session.execute(update(Workshop).where(Workshop.id == workshop.id,
                                                      Workshop.members_count < Workshop.capacity)
                               .values(members_count=Workshop.members_count + 1))
    if taken.rowcount != 1:
        raise DomainError("full")
    out: list[dict] = []
    left: list[int] = []
    if current is not None:
        db.session.delete(current)
        db.session.execute(update(Workshop).where(Workshop.id == current.workshop_id)
                           .values(members_count=Workshop.members_count - 1))
        previous = db.session.get(Workshop, current.workshop_id)
        db.session.refresh(previous)
        left.append(previous.id)
        _members_change(board, previous, out)
    db.session.add(Membership(workshop_id=workshop.id, registration_id=registration.id, slot_id=workshop.slot_id))
    db.session.flush()
    db.session.refresh(workshop)
    _members_change(board, workshop, out)
    _commit(actor.event, out)
    return left, out


def leave_workshop(actor: Actor, workshop_id) -> list[dict]:
    registration = _participant(actor)
    workshop = _get(Workshop, actor, workshop_id)
    board = _lock(actor, workshop)
    membership = db.session.scalar(select(Membership).where(Membership.registration_id == registration.id,
                                                            Membership.workshop_id == workshop.id))
    out: list[dict] = []
    if membership is not None:
        db.session.delete(membership)
        workshop.members_count -= 1
        db.session.flush()
        _members_change(board, workshop, out)
    _commit(actor.event, out)
    return out


def name_rapporteur(actor: Actor, workshop_id, registration_id) -> list[dict]:
    _require(actor.is_organiser)
    workshop = _get(Workshop, actor, workshop_id)
    registration = db.session.get(Registration, registration_id) if isinstance(registration_id, int) else None
    if registration is None or registration.event_id != actor.event.id or registration.status != "confirmed":
        raise DomainError("invalid", fields={"registration_id": ["bad_choice"]})
    board = _lock(actor)
    workshop.rapporteur_id = registration.id
    out: list[dict] = []
    _record(board, "workshop.updated", ser.workshop(workshop), out)
    _commit(actor.event, out)
    return out


def set_phase(actor: Actor, phase) -> list[dict]:
    """Organisers move the day on; they can always reopen a closed board."""
    _require(actor.is_organiser)
    if phase not in PHASES:
        raise DomainError("invalid", fields={"phase": ["bad_phase"]})
    board = _lock(actor, allow_closed=True)
    db.session.execute(update(Board).where(Board.event_id == actor.event.id).values(phase=phase))
    out: list[dict] = []
    _record(board, "phase.changed", {"phase": phase}, out)
    _commit(actor.event, out)
    return out


# -- contributions and synthesis -----------------------------------------

def post_contribution(actor: Actor, data: dict) -> tuple[dict, bool, list[dict]]:
    """Post in a workshop (members, its rapporteur, organisers); the same client_id is stored once."""
    workshop = _get(Workshop, actor, data.get("workshop_id"))
    client_id = _client_id(data.get("client_id"))
    text = _text(data.get("text"), "text", 1, 2000)
    registration = actor.registration
    if not actor.is_organiser:
        _participant(actor)
        member = db.session.scalar(select(Membership.id).where(Membership.workshop_id == workshop.id,
                                                               Membership.registration_id == registration.id))
        _require(member is not None or workshop.rapporteur_id == registration.id)
    board = _lock(actor)
    existing = db.session.scalar(select(Contribution).where(Contribution.workshop_id == workshop.id,
                                                            Contribution.client_id == client_id))
    if existing is not None:
        db.session.commit()
        return ser.contribution(existing), True, []
    contribution = Contribution(workshop_id=workshop.id, registration_id=registration.id if registration else None,
                                author=actor.name, text=text, client_id=client_id, hidden=False)
    db.session.add(contribution)
    db.session.flush()
    out: list[dict] = []
    _record(board, "contribution.posted", ser.contribution(contribution), out)
    _commit(actor.event, out)
    return ser.contribution(contribution), False, out


def hide_contribution(actor: Actor, contribution_id, reason) -> list[dict]:
    contribution = _get(Contribution, actor, contribution_id)
    workshop = db.session.get(Workshop, contribution.workshop_id)
    _can_consolidate(actor, workshop)
    reason = _text(reason or "", "reason", 0, 300)
    board = _lock(actor, contribution)
    contribution.hidden, contribution.hidden_reason = True, reason
    out: list[dict] = []
    _record(board, "contribution.hidden", {"id": contribution.id, "workshop_id": workshop.id, "hidden": True}, out)
    _commit(actor.event, out)
    return out


def _point_contributions(actor: Actor, workshop: Workshop, ids) -> list[Contribution]:
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise DomainError("invalid", fields={"contribution_ids": ["bad_choice"]})
    found = db.session.scalars(select(Contribution).where(Contribution.id.in_(ids))).all() if ids else []
    if len(found) != len(set(ids)) or any(c.workshop_id != workshop.id for c in found):
        raise DomainError("invalid", fields={"contribution_ids": ["bad_choice"]})
    return list(found)


def create_point(actor: Actor, data: dict) -> tuple[dict, list[dict]]:
    workshop = _get(Workshop, actor, data.get("workshop_id"))
    _can_consolidate(actor, workshop)
    text = _text(data.get("text"), "text", 1, 2000)
    contributions = _point_contributions(actor, workshop, data.get("contribution_ids", []))
    board = _lock(actor)
    position = (db.session.scalar(select(func.max(SynthesisPoint.position))
                                  .where(SynthesisPoint.workshop_id == workshop.id)) or 0) + 1
    point = SynthesisPoint(workshop_id=workshop.id, text=text, position=position)
    db.session.add(point)
    db.session.flush()
    for contribution in contributions:
        contribution.point_id = point.id
    db.session.flush()
    out: list[dict] = []
    _record(board, "point.created", ser.point(point), out)
    _commit(actor.event, out)
    return ser.point(point), out


def update_point(actor: Actor, data: dict) -> tuple[dict, list[dict]]:
    point = _get(SynthesisPoint, actor, data.get("point_id"))
    workshop = db.session.get(Workshop, point.workshop_id)
    _can_consolidate(actor, workshop)
    text = _text(data["text"], "text", 1, 2000) if "text" in data else None
    contributions = _point_contributions(actor, workshop, data["contribution_ids"]) if "contribution_ids" in data else None
    position = data.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position < 1):
        raise DomainError("invalid", fields={"position": ["not_positive"]})
    board = _lock(actor)
    out: list[dict] = []
    if text is not None:
        point.text = text
    if contributions is not None:
        db.session.execute(update(Contribution).where(Contribution.point_id == point.id).values(point_id=None))
        for contribution in contributions:
            contribution.point_id = point.id
    if position is not None:
        others = [p for p in db.session.scalars(select(SynthesisPoint).where(SynthesisPoint.workshop_id == workshop.id)
                                                .order_by(SynthesisPoint.position)) if p.id != point.id]
        others.insert(min(position, len(others) + 1) - 1, point)
        for n, p in enumerate(others, start=1):
            if p.position != n:
                p.position = n
                if p is not point:
                    db.session.flush()
                    _record(board, "point.updated", ser.point(p), out)
    db.session.flush()
    _record(board, "point.updated", ser.point(point), out)
    _commit(actor.event, out)
    return ser.point(point), out


def delete_point(actor: Actor, point_id) -> list[dict]:
    point = _get(SynthesisPoint, actor, point_id)
    workshop = db.session.get(Workshop, point.workshop_id)
    _can_consolidate(actor, workshop)
    board = _lock(actor)
    db.session.execute(update(Contribution).where(Contribution.point_id == point.id).values(point_id=None))
    db.session.delete(point)
    out: list[dict] = []
    _record(board, "point.deleted", {"id": point.id, "workshop_id": workshop.id}, out)
    _commit(actor.event, out)
    return out


def _synthesis(workshop: Workshop) -> Synthesis:
    synthesis = db.session.get(Synthesis, workshop.id)
    if synthesis is None:
        synthesis = Synthesis(workshop_id=workshop.id, text="", published=False)
        db.session.add(synthesis)
    return synthesis


def update_synthesis(actor: Actor, workshop_id, text) -> list[dict]:
    workshop = _get(Workshop, actor, workshop_id)
    _can_consolidate(actor, workshop)
    text = _text(text, "text", 0, 20000)
    board = _lock(actor)
    synthesis = _synthesis(workshop)
    synthesis.text = text
    db.session.flush()
    out: list[dict] = []
    _record(board, "synthesis.updated", ser.synthesis(synthesis), out)
    _commit(actor.event, out)
    return out


def publish_synthesis(actor: Actor, workshop_id) -> list[dict]:
    workshop = _get(Workshop, actor, workshop_id)
    _can_consolidate(actor, workshop)
    board = _lock(actor)
    synthesis = _synthesis(workshop)
    synthesis.published, synthesis.published_at = True, utcnow()
    db.session.flush()
    out: list[dict] = []
    _record(board, "synthesis.published", ser.synthesis(synthesis), out)
    _commit(actor.event, out)
    return out


# -- proceedings ---------------------------------------------------------

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


def screen_event(event: Event, key: str) -> Event:
    """The projector's page needs the board's screen key; anything else does not exist."""
    if not secrets.compare_digest(key or "", board_of(event).screen_key):
        raise DomainError("not_found")
    return event


def readable_proceedings(event: Event, viewer) -> list[dict]:
    """The proceedings, for everyone once published, for the event's organisers before."""
    if not board_of(event).proceedings_published and not event.is_organised_by(viewer):
        raise DomainError("not_found")
    return proceedings(event)


def publish_proceedings(event: Event, published: bool, *, actor: Organiser | None) -> None:
    from forum.events.service import require_organiser

    require_organiser(event, actor)
    board_of(event).proceedings_published = published
    db.session.commit()


def my_sessions(registration: Registration) -> list[dict]:
    """The workshops a person is in, for their personal calendar."""
    rows = db.session.execute(select(Workshop, Slot, Space).join(Membership, Membership.workshop_id == Workshop.id)
                              .join(Slot, Slot.id == Workshop.slot_id).join(Space, Space.id == Workshop.space_id)
                              .where(Membership.registration_id == registration.id).order_by(Slot.starts_at)).all()
    event = registration.event
    return [{"uid": f"registration-{registration.public_id}-slot-{slot.id}@forum", "title": workshop.title,
             "starts_at": slot.starts_at, "ends_at": slot.ends_at,
             "location": ", ".join(p for p in (space.name, event.venue_name) if p)} for workshop, slot, space in rows]


# -- the person's own data (RGPD) ----------------------------------------

@signals.personal_data_exporting.connect
def _export_board_data(registration: Registration, sections: dict, **_) -> None:
    contributions = db.session.execute(select(Contribution, Workshop.title).join(Workshop, Workshop.id == Contribution.workshop_id)
                                       .where(Contribution.registration_id == registration.id)
                                       .order_by(Contribution.id)).all()
    topics = db.session.scalars(select(Topic).where(Topic.proposer_id == registration.id).order_by(Topic.id)).all()
    sections["board"] = {
        "topics": [{"title": t.title, "description": t.description} for t in topics],
        "contributions": [{"workshop": title, "text": c.text, "created_at": ser.contribution(c)["created_at"]}
                          for c, title in contributions],
        "workshops": list(db.session.scalars(select(Workshop.title).join(Membership, Membership.workshop_id == Workshop.id)
                                             .where(Membership.registration_id == registration.id))),
    }


@signals.registration_deleting.connect
def _delete_board_data(registration: Registration, keep_contributions: bool, **_) -> None:
    """Inside the deletion's transaction: contributions deleted, or kept without a name."""
    if keep_contributions:
        db.session.execute(update(Contribution).where(Contribution.registration_id == registration.id)
                           .values(author="", registration_id=None))
        db.session.execute(update(Topic).where(Topic.proposer_id == registration.id).values(proposer_id=None))
    else:
        db.session.execute(delete(Contribution).where(Contribution.registration_id == registration.id))
    for membership in db.session.scalars(select(Membership).where(Membership.registration_id == registration.id)).all():
        db.session.execute(update(Workshop).where(Workshop.id == membership.workshop_id)
                           .values(members_count=Workshop.members_count - 1))
        db.session.delete(membership)

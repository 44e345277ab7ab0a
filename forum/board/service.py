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
from sqlalchemy import event as sa_event
from sqlalchemy import bindparam, func, literal, null, select, union_all, update
from sqlalchemy.orm import Session

from forum.accounts.models import Account
from forum.board import serialize as ser
from forum.board.models import (
    PHASES,
    Board,
    BoardChange,
    Contribution,
    Membership,
    Question,
    Slot,
    Space,
    Topic,
    TopicVote,
    Workshop,
)
from forum.core import permissions, signals, values
from forum.core.errors import DomainError
from forum.core.rawsql import PreparedRead
from forum.core.tokens import hash_token
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
    organiser: Account | None = None

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


def identify(
    event: Event,
    *,
    registration: Registration | None = None,
    organiser: Account | None = None,
    screen_key: str | None = None,
) -> Actor:
    """The Actor for these credentials, or DomainError('unauthorized')."""
    if organiser is not None:
        if not permissions.allows(event, organiser, "board"):
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


def take_lock(actor: Actor, *fresh, participant_write: bool = True, allow_closed: bool = False) -> Locked:
    """Take the board's lock (the first write of the transaction) and check the phase.

    ``fresh``: objects read before the lock whose state the caller checks or changes;
    they are read again under the lock (no lost update when two requests race).
    """
    if actor.role == "screen":
        raise DomainError("forbidden")
    board = lock_board(actor.event)
    for obj in fresh:
        db.session.refresh(obj)
    if board.phase == "closed" and not allow_closed:
        raise DomainError("board_closed")
    if board.phase == "setup" and not actor.is_organiser and participant_write:
        raise DomainError("board_not_open")
    return board


def lock_board(event: Event) -> Locked:
    """Write the board's row (the lock: other writers of this event wait), and read its phase and seq."""
    statement = update(Board).where(Board.event_id == event.id).values(seq=Board.seq).returning(Board.phase, Board.seq)
    row = db.session.execute(statement).first()
    if row is None:  # the first write of this event's board, inside the caller's transaction
        db.session.add(Board(event_id=event.id, screen_key=secrets.token_urlsafe(16)))
        db.session.flush()
        row = db.session.execute(statement).first()
    return Locked(event.id, row.phase, row.seq)


def record_change(board: Locked, type_: str, data: dict) -> None:
    """Log a change with the next seq, in the caller's transaction. Whoever commits that transaction sends it:
    ``_send_committed_changes`` below, an ``after_commit`` listener, hands the committed changes to the
    ``board_changed`` signal (broadcast.py emits them); a rolled-back transaction sends nothing."""
    board.seq += 1
    change = {"seq": board.seq, "type": type_, "data": data}
    db.session.add(BoardChange(event_id=board.event_id, seq=board.seq, type=type_, data=data))
    db.session.execute(update(Board).where(Board.event_id == board.event_id).values(seq=board.seq))
    db.session.info.setdefault("board_changes", []).append((board.event_id, change))


@sa_event.listens_for(Session, "after_commit")
def _send_committed_changes(session) -> None:
    """The changes recorded in the transaction just committed, to the broadcast (by event, in seq order)."""
    pending = session.info.pop("board_changes", None)
    if not pending:
        return
    by_event: dict[int, list[dict]] = {}
    for event_id, change in pending:
        by_event.setdefault(event_id, []).append(change)
    for event_id, changes in by_event.items():
        signals.board_changed.send(event_id, changes=changes)


@sa_event.listens_for(Session, "after_rollback")
def _forget_rolled_back_changes(session) -> None:
    session.info.pop("board_changes", None)


def changes_since(event: Event, since: int) -> list[dict]:
    """Every change after ``since``, in order; DomainError('too_old') past the kept window."""
    board = board_of(event)
    if since < 0 or since > board.seq:
        raise DomainError("invalid", fields={"since": ["bad_choice"]})
    window = current_app.config.get("BOARD_RESUME_WINDOW", RESUME_WINDOW)
    oldest = db.session.scalar(select(func.min(BoardChange.seq)).where(BoardChange.event_id == event.id))
    if board.seq - since > window or (oldest is not None and since + 1 < oldest):
        raise DomainError("too_old")
    rows = db.session.scalars(
        select(BoardChange).where(BoardChange.event_id == event.id, BoardChange.seq > since).order_by(BoardChange.seq)
    ).all()
    return [{"seq": r.seq, "type": r.type, "data": r.data} for r in rows]


def snapshot(actor: Actor) -> dict:
    """The whole board as this actor may see it (REALTIME.md)."""
    return ser.snapshot(actor, board_of(actor.event))


#: the crowd's path in one round trip: the person's pass (with their event and the board's seq), then one
#: row per thing of their own (serialize.PERSONAL_ROWS: workshops, votes, supports…); built once, bound per call
_HASH = bindparam("token_hash")
_PASS = PreparedRead(
    union_all(
        select(
            literal("p").label("kind"),
            Event.id,
            Event.slug,
            Event.status,
            Registration.id.label("rid"),
            Registration.status.label("rstatus"),
            Registration.first_name,
            Registration.last_name,
            Board.seq,
            Board.phase,
        )
        .join(Event, Event.id == Registration.event_id)
        .outerjoin(Board, Board.event_id == Event.id)
        .where(Registration.token_hash == _HASH),
        *[
            select(literal(kind), column, *[null()] * 8)
            .join(Registration, Registration.id == person)
            .where(Registration.token_hash == _HASH)
            for kind, column, person in ser.PERSONAL_ROWS
        ],
    )
)


def open_with_token(slug: str, token: str) -> tuple[dict, str] | None:
    """A participant opening the board: (who, the snapshot's JSON text) from one read, what a crowd
    reconnecting after a Wi-Fi cut costs. None when the link does not open this event's board (the
    caller then says why)."""
    rows = _PASS.rows(db.engine, token_hash=hash_token(token))
    row = next((r for r in rows if r[0] == "p"), None)
    if row is None:
        return None
    _, event_id, event_slug, event_status, registration_id, status, first_name, last_name, seq, phase = row
    if event_slug != slug or event_status != "published" or status != "confirmed" or seq is None:
        return None
    shared = ser.shared_part(event_id, seq, phase, False, lambda: db.session.get(Event, event_id))
    me, voted = ser.participant_from_rows(registration_id, f"{first_name} {last_name}", [(r[0], r[1]) for r in rows])
    who = {"event_id": event_id, "role": "participant", "registration_id": registration_id, "organiser_id": None}
    return who, shared.text(me, voted)


# -- helpers -------------------------------------------------------------


def get_on_board(model, actor: Actor, obj_id) -> object:
    if not isinstance(obj_id, int) or isinstance(obj_id, bool):
        raise DomainError("invalid", fields={"id": ["not_a_number"]})
    if not 0 < obj_id <= values.MAX_ID:
        raise DomainError("not_found")
    obj = db.session.get(model, obj_id)
    event_id = getattr(obj, "event_id", None)
    if event_id is None and obj is not None and hasattr(obj, "workshop_id"):
        event_id = db.session.scalar(select(Workshop.event_id).where(Workshop.id == obj.workshop_id))
    if obj is None or event_id != actor.event.id:
        raise DomainError("not_found")
    return obj


def clean_text(value, name: str, minimum: int, maximum: int) -> str:
    """Board texts are multi-line plain text (values.text)."""
    return values.text(value, name, minimum=minimum, maximum=maximum, multiline=True)


def require(condition: bool) -> None:
    if not condition:
        raise DomainError("forbidden")


def participant_of(actor: Actor) -> Registration:
    require(actor.registration is not None)
    return actor.registration


def require_consolidator(actor: Actor, workshop: Workshop) -> None:
    """The rapporteur of this workshop, or an organiser."""
    require(actor.is_organiser or (actor.registration is not None and workshop.rapporteur_id == actor.registration.id))


def members_change(board: Board, workshop: Workshop) -> None:
    record_change(board, "workshop.members", {"workshop_id": workshop.id, "members": workshop.members_count})


# -- topics --------------------------------------------------------------


def propose_topic(actor: Actor, data: dict) -> dict:
    """A topic under a guiding question; the same client_id again gives the stored topic."""
    require(actor.is_organiser or actor.registration is not None)
    client_id = values.client_id(data.get("client_id"))
    title = clean_text(data.get("title"), "title", 3, 120)
    description = clean_text(data.get("description") or "", "description", 0, 1000)
    question = get_on_board(Question, actor, data.get("question_id"))
    board = take_lock(actor)
    existing = db.session.scalar(select(Topic).where(Topic.event_id == actor.event.id, Topic.client_id == client_id))
    if existing is not None:
        db.session.commit()
        return ser.topic(existing, actor)
    topic = Topic(
        event_id=actor.event.id,
        question_id=question.id,
        title=title,
        description=description,
        proposer_id=actor.registration.id if actor.registration else None,
        client_id=client_id,
        votes=0,
        status="proposed",
    )
    db.session.add(topic)
    db.session.flush()
    record_change(board, "topic.proposed", ser.topic(topic))
    db.session.commit()
    return ser.topic(topic, actor)


def vote_topic(actor: Actor, topic_id, vote) -> int:
    registration = participant_of(actor)
    if not isinstance(vote, bool):
        raise DomainError("invalid", fields={"vote": ["bad_choice"]})
    topic = get_on_board(Topic, actor, topic_id)
    board = take_lock(actor, topic)
    existing = db.session.scalar(
        select(TopicVote).where(TopicVote.topic_id == topic.id, TopicVote.registration_id == registration.id)
    )
    if vote and existing is None:
        db.session.add(TopicVote(topic_id=topic.id, registration_id=registration.id))
        topic.votes += 1
    elif not vote and existing is not None:
        db.session.delete(existing)
        topic.votes -= 1
    else:
        db.session.commit()
        return topic.votes
    db.session.flush()
    record_change(board, "topic.voted", ser.topic(topic))
    db.session.commit()
    return topic.votes


def withdraw_topic(actor: Actor, topic_id) -> None:
    topic = get_on_board(Topic, actor, topic_id)
    require(actor.is_organiser or (actor.registration is not None and topic.proposer_id == actor.registration.id))
    board = take_lock(actor, topic)
    topic.status = "withdrawn"
    record_change(board, "topic.withdrawn", ser.topic(topic))
    db.session.commit()


def merge_topics(actor: Actor, topic_id, into_id) -> None:
    """Merge a duplicate into another topic; its votes join the other's."""
    require(actor.is_organiser)
    topic, into = get_on_board(Topic, actor, topic_id), get_on_board(Topic, actor, into_id)
    if topic.id == into.id:
        raise DomainError("invalid", fields={"into_id": ["bad_choice"]})
    board = take_lock(actor, topic, into)
    voters = set(db.session.scalars(select(TopicVote.registration_id).where(TopicVote.topic_id == into.id)))
    for vote in db.session.scalars(select(TopicVote).where(TopicVote.topic_id == topic.id)).all():
        if vote.registration_id in voters:
            db.session.delete(vote)
        else:
            vote.topic_id = into.id
    db.session.flush()
    into.votes = db.session.scalar(select(func.count()).where(TopicVote.topic_id == into.id))
    topic.status, topic.merged_into_id, topic.votes = "merged", into.id, 0
    record_change(board, "topic.merged", ser.topic(topic))
    record_change(board, "topic.updated", ser.topic(into))
    db.session.commit()


def schedule_topic(actor: Actor, topic_id, slot_id, space_id) -> dict:
    """Place a topic in a cell of the grid: it becomes a workshop (a cell holds one)."""
    require(actor.is_organiser)
    topic = get_on_board(Topic, actor, topic_id)
    board = take_lock(actor, topic)
    if topic.status in ("merged", "withdrawn", "scheduled"):
        raise DomainError(
            "already_scheduled" if topic.status == "scheduled" else "invalid",
            **({} if topic.status == "scheduled" else {"fields": {"topic_id": ["bad_choice"]}}),
        )
    fields = workshop_fields(
        actor, {"title": topic.title, "slot_id": slot_id, "space_id": space_id, "question_id": topic.question_id}
    )
    workshop = Workshop(event_id=actor.event.id, topic_id=topic.id, members_count=0, **fields)
    db.session.add(workshop)
    topic.status = "scheduled"
    db.session.flush()
    record_change(board, "topic.updated", ser.topic(topic))
    record_change(board, "workshop.created", ser.workshop(workshop))
    db.session.commit()
    return ser.workshop(workshop)


# -- workshops -----------------------------------------------------------
# Every door (setup page, facilitation view, socket, setup file) creates, changes and deletes
# workshops through these verbs: under the board's lock, logged with their seq, broadcast.


def positive_int(value, name: str, *, maximum: int = values.MAX_COUNT) -> int:
    """A whole number from 1 to ``maximum`` (seats, positions)."""
    return values.count(value, name, maximum=maximum)


def workshop_fields(actor: Actor, data: dict, current: Workshop | None = None) -> dict:
    """The checked fields of a workshop: title, a cell (slot and room) of this event that holds no other
    workshop, an optional guiding question, seats (the room's by default). Call under the lock."""
    title = clean_text(data.get("title"), "title", 1, 200)
    slot = get_field(Slot, actor, data.get("slot_id"), "slot_id")
    space = get_field(Space, actor, data.get("space_id"), "space_id")
    question = get_field(Question, actor, data["question_id"], "question_id") if data.get("question_id") else None
    capacity = space.capacity if data.get("capacity") is None else positive_int(data["capacity"], "capacity")
    check_cell_free(slot.id, space.id, current)
    if current is not None and capacity < current.members_count:
        raise DomainError("invalid", fields={"capacity": [("below_members", {"members": current.members_count})]})
    return {
        "title": title,
        "slot_id": slot.id,
        "space_id": space.id,
        "question_id": question.id if question else None,
        "capacity": capacity,
    }


def check_cell_free(slot_id: int, space_id: int, current: Workshop | None = None) -> None:
    """The one rule of the grid: a room holds one workshop per time slot."""
    taken = db.session.scalar(select(Workshop.id).where(Workshop.slot_id == slot_id, Workshop.space_id == space_id))
    if taken is not None and (current is None or taken != current.id):
        raise DomainError("cell_taken", fields={"space_id": ["cell_taken"]})


def get_field(model, actor: Actor, obj_id, name: str):
    """A row of this event named by a field: ``invalid`` on that field when it is not one."""
    try:
        return get_on_board(model, actor, obj_id)
    except DomainError:
        raise DomainError("invalid", fields={name: ["bad_choice"]})


def create_workshop(actor: Actor, data: dict) -> dict:
    require(actor.is_organiser)
    board = take_lock(actor)
    workshop = Workshop(event_id=actor.event.id, members_count=0, **workshop_fields(actor, data))
    db.session.add(workshop)
    db.session.flush()
    record_change(board, "workshop.created", ser.workshop(workshop))
    db.session.commit()
    return ser.workshop(workshop)


def update_workshop(actor: Actor, workshop_id, data: dict) -> dict:
    """Change a workshop's title, cell, question or seats; its people move with it if the slot changes."""
    require(actor.is_organiser)
    workshop = get_on_board(Workshop, actor, workshop_id)
    board = take_lock(actor, workshop)
    values = {
        "title": workshop.title,
        "slot_id": workshop.slot_id,
        "space_id": workshop.space_id,
        "question_id": workshop.question_id,
        "capacity": workshop.capacity,
    } | data
    fields = workshop_fields(actor, values, workshop)
    if (
        fields["slot_id"] != workshop.slot_id
        and db.session.scalar(select(Membership.id).where(Membership.workshop_id == workshop.id)) is not None
    ):
        raise DomainError("workshop_has_people")
    for key, value in fields.items():
        setattr(workshop, key, value)
    db.session.flush()
    record_change(board, "workshop.updated", ser.workshop(workshop))
    db.session.commit()
    return ser.workshop(workshop)


def workshop_contents(workshop: Workshop) -> dict:
    """What deleting this workshop would take with it."""
    contributions = db.session.scalar(select(func.count()).where(Contribution.workshop_id == workshop.id))
    return {"members": workshop.members_count, "contributions": contributions}


def delete_workshop(actor: Actor, workshop_id, *, confirmed: bool = False) -> None:
    """Delete a workshop. One that has people or contributions is deleted only when ``confirmed``
    (the organiser was told how many); its topic goes back to the topics to place."""
    require(actor.is_organiser)
    workshop = get_on_board(Workshop, actor, workshop_id)
    board = take_lock(actor, workshop)
    contents = workshop_contents(workshop)
    if (contents["members"] or contents["contributions"]) and confirmed is not True:
        raise DomainError("workshop_not_empty", fields={"confirmed": [("workshop_not_empty", contents)]}, **contents)
    topic = db.session.get(Topic, workshop.topic_id) if workshop.topic_id else None
    if topic is not None and topic.status == "scheduled":
        topic.status = "proposed"
        record_change(board, "topic.updated", ser.topic(topic))
    db.session.delete(workshop)
    db.session.flush()
    record_change(board, "workshop.deleted", {"id": workshop.id})
    db.session.commit()


def join_workshop(actor: Actor, workshop_id) -> list[int]:
    """Join a workshop; joining another of the same slot moves me (the law of two feet).

    The seat is taken by a conditional write under the board's lock: a full
    room answers ``full`` however many people join at once.
    """
    registration = participant_of(actor)
    workshop = get_on_board(Workshop, actor, workshop_id)
    if workshop.slot_id is None:
        raise DomainError("not_a_record")
    board = take_lock(actor)
    current = db.session.scalar(
        select(Membership).where(Membership.registration_id == registration.id, Membership.slot_id == workshop.slot_id)
    )
    if current is not None and current.workshop_id == workshop.id:
        db.session.commit()
        return []
    taken = db.session.execute(
        update(Workshop)
        .where(Workshop.id == workshop.id, Workshop.members_count < Workshop.capacity)
        .values(members_count=Workshop.members_count + 1)
    )
    if taken.rowcount != 1:
        raise DomainError("workshop_full")
    left: list[int] = []
    if current is not None:
        db.session.delete(current)
        db.session.execute(
            update(Workshop).where(Workshop.id == current.workshop_id).values(members_count=Workshop.members_count - 1)
        )
        previous = db.session.get(Workshop, current.workshop_id)
        db.session.refresh(previous)
        left.append(previous.id)
        members_change(board, previous)
    db.session.add(Membership(workshop_id=workshop.id, registration_id=registration.id, slot_id=workshop.slot_id))
    db.session.flush()
    db.session.refresh(workshop)
    members_change(board, workshop)
    db.session.commit()
    return left


def leave_workshop(actor: Actor, workshop_id) -> None:
    registration = participant_of(actor)
    workshop = get_on_board(Workshop, actor, workshop_id)
    board = take_lock(actor, workshop)
    membership = db.session.scalar(
        select(Membership).where(Membership.registration_id == registration.id, Membership.workshop_id == workshop.id)
    )
    if membership is not None:
        db.session.delete(membership)
        workshop.members_count -= 1
        db.session.flush()
        members_change(board, workshop)
    db.session.commit()


def confirmed_registration(actor: Actor, registration_id) -> Registration | None:
    """The person a request names (a rapporteur, a moderator): a confirmed registration of this event, or
    nobody with ``None``; ``invalid`` on ``registration_id`` otherwise."""
    if registration_id is None:
        return None
    registration = (
        db.session.get(Registration, registration_id)
        if isinstance(registration_id, int)
        and not isinstance(registration_id, bool)
        and 0 < registration_id <= values.MAX_ID
        else None
    )
    if registration is None or registration.event_id != actor.event.id or registration.status != "confirmed":
        raise DomainError("invalid", fields={"registration_id": ["bad_choice"]})
    return registration


def name_rapporteur(actor: Actor, workshop_id, registration_id) -> None:
    """Name a workshop's rapporteur (a confirmed participant), or nobody with ``None``."""
    require(actor.is_organiser)
    workshop = get_on_board(Workshop, actor, workshop_id)
    registration = confirmed_registration(actor, registration_id)
    board = take_lock(actor, workshop)
    workshop.rapporteur_id = registration.id if registration else None
    record_change(board, "workshop.updated", ser.workshop(workshop))
    db.session.commit()


def workshop_people(actor: Actor, workshop_id) -> list[dict]:
    """Who is in this workshop, in the order they joined: for the event's organisers only (REALTIME.md)."""
    require(actor.is_organiser)
    workshop = get_on_board(Workshop, actor, workshop_id)
    people = db.session.scalars(
        select(Registration)
        .join(Membership, Membership.registration_id == Registration.id)
        .where(Membership.workshop_id == workshop.id)
        .order_by(Membership.joined_at, Membership.id)
    ).all()
    return [{"registration_id": r.id, "name": r.full_name, "organisation": r.organisation} for r in people]


def people(actor: Actor) -> list[dict]:
    """Everyone with a seat, by name ("Nom Prénom", as lists of people read), read when asked: never stale."""
    require(actor.is_organiser)
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == actor.event.id, Registration.status == "confirmed")
        .order_by(func.lower(Registration.last_name), func.lower(Registration.first_name))
    ).all()
    return [
        {"registration_id": r.id, "name": f"{r.last_name} {r.first_name}", "organisation": r.organisation} for r in rows
    ]


def set_phase(actor: Actor, phase) -> None:
    """Organisers move the day on; they can always reopen a closed board."""
    require(actor.is_organiser)
    if phase not in PHASES:
        raise DomainError("invalid", fields={"phase": ["bad_phase"]})
    board = take_lock(actor, allow_closed=True)
    db.session.execute(update(Board).where(Board.event_id == actor.event.id).values(phase=phase))
    record_change(board, "phase.changed", {"phase": phase})
    db.session.commit()
    return


# -- pages ---------------------------------------------------------------


def screen_event(event: Event, key: str) -> Event:
    """The projector's page needs the board's screen key; anything else does not exist."""
    if not secrets.compare_digest(key or "", board_of(event).screen_key):
        raise DomainError("not_found")
    return event


def my_sessions(registration: Registration) -> list[dict]:
    """The workshops a person is in, for their personal calendar."""
    rows = db.session.execute(
        select(Workshop, Slot, Space)
        .join(Membership, Membership.workshop_id == Workshop.id)
        .join(Slot, Slot.id == Workshop.slot_id)
        .join(Space, Space.id == Workshop.space_id)
        .where(Membership.registration_id == registration.id)
        .order_by(Slot.starts_at)
    ).all()
    event = registration.event
    return [
        {
            "uid": f"registration-{registration.public_id}-slot-{slot.id}@forum",
            "title": workshop.title,
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "location": ", ".join(p for p in (space.name, event.venue_name) if p),
        }
        for workshop, slot, space in rows
    ]

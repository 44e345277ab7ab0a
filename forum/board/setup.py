"""The open forum's setup: guiding questions, spaces and time slots, and the setup file's section.

Workshops are created, changed and deleted by the board's own verbs
(``forum.board.service``), from every door. Changes made here during the day
are logged and broadcast too (``setup.updated``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from forum.core import permissions
from forum.accounts.models import Account
from forum.board import serialize as ser
from forum.board.models import Question, Slot, Space, Workshop
from forum.board.service import check_cell_free, lock_board, positive_int, record_change, workshop_contents
from forum.core import signals, values
from forum.core.errors import DomainError, message_for
from forum.core.models import get_in_event
from forum.events.models import Event
from forum.extensions import db


def questions_of(event: Event) -> list[Question]:
    return db.session.scalars(select(Question).where(Question.event_id == event.id).order_by(Question.position)).all()


def spaces_of(event: Event) -> list[Space]:
    return db.session.scalars(select(Space).where(Space.event_id == event.id).order_by(Space.position, Space.id)).all()


def slots_of(event: Event) -> list[Slot]:
    return db.session.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.position, Slot.id)).all()


def workshops_of(event: Event) -> list[Workshop]:
    return db.session.scalars(select(Workshop).where(Workshop.event_id == event.id).order_by(Workshop.id)).all()


def get_question(event, obj_id):
    return get_in_event(Question, event, obj_id)


def get_space(event, obj_id):
    return get_in_event(Space, event, obj_id)


def get_slot(event, obj_id):
    return get_in_event(Slot, event, obj_id)


def get_workshop(event, obj_id):
    return get_in_event(Workshop, event, obj_id)


#: how many of each an open forum can have, from any door (setup page, setup file, socket)
MAX_ITEMS = {Question: 30, Space: 60, Slot: 48}


def _next_position(model, event: Event) -> int:
    """The position after the last; refuses one more than MAX_ITEMS allows."""
    count, last = db.session.execute(
        select(func.count(), func.max(model.position)).where(model.event_id == event.id)
    ).one()
    if count >= MAX_ITEMS.get(model, values.MAX_COUNT):
        raise DomainError("too_many", max=MAX_ITEMS[model])
    return (last or 0) + 1


def _text(value: str | None, field: str, *, limit: int, minimum: int = 1) -> str:
    return values.text(value, field, minimum=minimum, maximum=limit, multiline=field == "text")


# -- questions -----------------------------------------------------------


def add_question(event: Event, text: str, *, actor: Account | None) -> Question:
    permissions.require(event, actor, "manage")
    question = Question(
        event_id=event.id, text=_text(text, "text", limit=1000), position=_next_position(Question, event)
    )
    db.session.add(question)
    setup_changed(event)
    db.session.commit()
    return question


def update_question(event: Event, question: Question, text: str, *, actor: Account | None) -> Question:
    permissions.require(event, actor, "manage")
    question.text = _text(text, "text", limit=1000)
    setup_changed(event)
    db.session.commit()
    return question


def delete_question(event: Event, question: Question, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    db.session.delete(question)
    db.session.flush()
    for n, q in enumerate(questions_of(event), start=1):
        q.position = n
    setup_changed(event)
    db.session.commit()


def move_question(event: Event, question: Question, offset: int, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    items = questions_of(event)
    i = items.index(question)
    j = i + (1 if offset > 0 else -1)
    if 0 <= j < len(items):
        items[i].position, items[j].position = items[j].position, items[i].position
        setup_changed(event)
        db.session.commit()


# -- spaces --------------------------------------------------------------


def _unique(model, event: Event, column, value: str, field: str, current=None) -> None:
    other = db.session.scalar(select(model).where(model.event_id == event.id, column == value))
    if other is not None and other is not current:
        raise DomainError("invalid", fields={field: ["duplicate_name"]})


def add_space(event: Event, name: str, capacity: int, *, actor: Account | None) -> Space:
    permissions.require(event, actor, "manage")
    name = _text(name, "name", limit=120)
    _unique(Space, event, Space.name, name, "name")
    space = Space(
        event_id=event.id, name=name, capacity=positive_int(capacity, "capacity"), position=_next_position(Space, event)
    )
    db.session.add(space)
    setup_changed(event)
    db.session.commit()
    return space


def update_space(event: Event, space: Space, name: str, capacity: int, *, actor: Account | None) -> Space:
    permissions.require(event, actor, "manage")
    name = _text(name, "name", limit=120)
    _unique(Space, event, Space.name, name, "name", current=space)
    space.name, space.capacity = name, positive_int(capacity, "capacity")
    setup_changed(event)
    db.session.commit()
    return space


def delete_space(event: Event, space: Space, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    if db.session.scalar(select(Workshop.id).where(Workshop.space_id == space.id)) is not None:
        raise DomainError("in_use")
    db.session.delete(space)
    setup_changed(event)
    db.session.commit()


# -- slots ---------------------------------------------------------------


def _check_slot(event: Event, starts_at: datetime | None, ends_at: datetime | None) -> None:
    fields: dict[str, list] = {}
    if starts_at is None:
        fields["starts_at"] = ["required"]
    if ends_at is None:
        fields["ends_at"] = ["required"]
    if starts_at and ends_at:
        if ends_at <= starts_at:
            fields["ends_at"] = ["end_before_start"]
        elif starts_at < event.starts_at or ends_at > event.ends_at:
            fields["starts_at"] = ["outside_event"]
    if fields:
        raise DomainError("invalid", fields=fields)


def add_slot(event: Event, label: str, starts_at: datetime, ends_at: datetime, *, actor: Account | None) -> Slot:
    permissions.require(event, actor, "manage")
    label = _text(label, "label", limit=120)
    _unique(Slot, event, Slot.label, label, "label")
    _check_slot(event, starts_at, ends_at)
    slot = Slot(
        event_id=event.id, label=label, starts_at=starts_at, ends_at=ends_at, position=_next_position(Slot, event)
    )
    db.session.add(slot)
    _renumber_slots(event)
    setup_changed(event)
    db.session.commit()
    return slot


def update_slot(
    event: Event, slot: Slot, label: str, starts_at: datetime, ends_at: datetime, *, actor: Account | None
) -> Slot:
    permissions.require(event, actor, "manage")
    label = _text(label, "label", limit=120)
    _unique(Slot, event, Slot.label, label, "label", current=slot)
    _check_slot(event, starts_at, ends_at)
    slot.label, slot.starts_at, slot.ends_at = label, starts_at, ends_at
    _renumber_slots(event)
    setup_changed(event)
    db.session.commit()
    return slot


def _renumber_slots(event: Event) -> None:
    db.session.flush()
    for n, slot in enumerate(sorted(slots_of(event), key=lambda s: (s.starts_at, s.position)), start=1):
        slot.position = n


def delete_slot(event: Event, slot: Slot, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    if db.session.scalar(select(Workshop.id).where(Workshop.slot_id == slot.id)) is not None:
        raise DomainError("in_use")
    db.session.delete(slot)
    setup_changed(event)
    db.session.commit()


# -- the setup file ------------------------------------------------------


def replace_setup(event: Event, setup: dict) -> None:
    """Replace the whole setup (the setup file's ``forum``), inside the caller's transaction, under the board's lock.

    Workshops that people joined or wrote in are never dropped by a file: the import is refused.
    """
    board = lock_board(event)
    old = workshops_of(event)
    used = [w for w in old if any(workshop_contents(w).values())]
    if used:
        raise DomainError("setup_invalid", detail=message_for("setup_board_in_use", title=used[0].title))
    for w in old:
        record_change(board, "workshop.deleted", {"id": w.id})
    db.session.execute(delete(Workshop).where(Workshop.event_id == event.id))
    db.session.execute(delete(Slot).where(Slot.event_id == event.id))
    db.session.execute(delete(Space).where(Space.event_id == event.id))
    db.session.execute(delete(Question).where(Question.event_id == event.id))
    questions = [Question(event_id=event.id, position=n, text=text) for n, text in enumerate(setup["questions"], 1)]
    spaces = {
        s["name"]: Space(event_id=event.id, position=n, name=s["name"], capacity=s["capacity"])
        for n, s in enumerate(setup["spaces"], 1)
    }
    slots = {
        s["label"]: Slot(
            event_id=event.id, position=n, label=s["label"], starts_at=s["starts_at"], ends_at=s["ends_at"]
        )
        for n, s in enumerate(setup["slots"], 1)
    }
    db.session.add_all([*questions, *spaces.values(), *slots.values()])
    db.session.flush()
    record_change(board, "setup.updated", ser.setup(event))
    for n, w in enumerate(setup["workshops"]):
        slot, space = slots[w["slot"]], spaces[w["space"]]
        try:
            check_cell_free(slot.id, space.id)
        except DomainError as error:
            raise DomainError(
                "setup_invalid", detail=message_for("setup_rule", key=f"forum.workshops[{n}]", rule=error.message)
            )
        workshop = Workshop(
            event_id=event.id,
            title=w["title"],
            slot_id=slot.id,
            space_id=space.id,
            question_id=questions[w["question"] - 1].id if w["question"] else None,
            capacity=w["capacity"],
            members_count=0,
        )
        db.session.add(workshop)
        db.session.flush()
        record_change(board, "workshop.created", ser.workshop(workshop))


def setup_changed(event: Event) -> None:
    """Questions, rooms or time slots changed: the phones get them (``setup.updated``) in this transaction."""
    db.session.flush()
    record_change(lock_board(event), "setup.updated", ser.setup(event))


# -- the setup follows its event ----------------------------------------


@signals.event_moving.connect
def _move_slots(event: Event, delta: timedelta, **_) -> None:
    for slot in slots_of(event):
        slot.starts_at += delta
        slot.ends_at += delta


@signals.event_duplicating.connect
def _copy_setup(event: Event, copy: Event, delta: timedelta, **_) -> None:
    replace_setup(
        copy,
        {
            "questions": [q.text for q in questions_of(event)],
            "spaces": [{"name": s.name, "capacity": s.capacity} for s in spaces_of(event)],
            "slots": [
                {"label": s.label, "starts_at": s.starts_at + delta, "ends_at": s.ends_at + delta}
                for s in slots_of(event)
            ],
            "workshops": workshops_for_file(event),
        },
    )


def workshops_for_file(event: Event) -> list[dict]:
    positions = {q.id: q.position for q in questions_of(event)}
    return [
        {
            "title": w.title,
            "slot": w.slot.label,
            "space": w.space.name,
            "question": positions.get(w.question_id),
            "capacity": w.capacity,
        }
        for w in workshops_of(event)
    ]

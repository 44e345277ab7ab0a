"""The plenary on the live board: questions from the room, quick polls, and the record of a plenary item.

For each programme item of kind plenary, round table or talk, participants ask questions and support
others' (one support per person per question); the moderator (an organiser, or the participant named
moderator of the item) puts one on the projector, marks it answered, merges duplicates, hides one with
a reason (undoable), opens and closes the item for questions. Organisers prepare quick polls, open and
close them; each person answers once and may change while it is open. A rapporteur named for the item
gets a workshop's tools on its record (a workshop with no cell of the grid).

Same rules as ``forum.board.service``: one transaction per verb, the board's lock first, every change
recorded with the event's next ``seq`` and broadcast once committed. The plenary comes before the open
forum: what participants may do here follows the item (open for questions, a poll open), not the board's
phase (only a closed board refuses).
"""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select, update

from forum.board import serialize as ser
from forum.board.models import (
    PLENARY_KINDS,
    POLL_KINDS,
    PlenaryItem,
    Poll,
    PollAnswer,
    QuestionSupport,
    RoomQuestion,
    Workshop,
)
from forum.board.service import (
    Actor,
    clean_text,
    confirmed_registration,
    participant_of,
    record_change,
    require,
    take_lock,
)
from forum.core import values
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.events.models import ProgrammeItem
from forum.extensions import db

#: how many questions one person may have asked of one item (the room's time is shared)
MAX_QUESTIONS_PER_PERSON = 5
SCALE = ["1", "2", "3", "4", "5"]


# -- reading what the request names ---------------------------------------------


def _id(value, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise DomainError("invalid", fields={name: ["not_a_number"]})
    if not 0 < value <= values.MAX_ID:
        raise DomainError("not_found")
    return value


def item_of(actor: Actor, item_id, name: str = "item_id") -> ProgrammeItem:
    """A plenary, round table or talk of this event."""
    item = db.session.get(ProgrammeItem, _id(item_id, name))
    if item is None or item.event_id != actor.event.id:
        raise DomainError("not_found")
    if item.kind not in PLENARY_KINDS:
        raise DomainError("invalid", fields={name: ["not_a_plenary_item"]})
    return item


def plenary_of(item: ProgrammeItem) -> PlenaryItem:
    """The item's state on the board, created when first used (call under the lock)."""
    plenary = db.session.get(PlenaryItem, item.id)
    if plenary is None:
        plenary = PlenaryItem(programme_item_id=item.id, event_id=item.event_id, questions_open=False)
        db.session.add(plenary)
        db.session.flush()
    return plenary


def question_of(actor: Actor, question_id, name: str = "question_id") -> RoomQuestion:
    question = db.session.get(RoomQuestion, _id(question_id, name))
    if question is None or question.event_id != actor.event.id:
        raise DomainError("not_found")
    return question


def poll_of(actor: Actor, poll_id) -> Poll:
    poll = db.session.get(Poll, _id(poll_id, "poll_id"))
    if poll is None or poll.event_id != actor.event.id:
        raise DomainError("not_found")
    return poll


def is_moderator(actor: Actor, item_id: int) -> bool:
    """Organisers, and the participant named moderator of this item."""
    if actor.is_organiser:
        return True
    if actor.registration is None:
        return False
    return (
        db.session.scalar(select(PlenaryItem.moderator_id).where(PlenaryItem.programme_item_id == item_id))
        == actor.registration.id
    )


def require_moderator(actor: Actor, item_id: int) -> None:
    require(is_moderator(actor, item_id))


def _item_change(board, item: ProgrammeItem) -> None:
    record_change(board, "item.updated", ser.plenary_item(item, db.session.get(PlenaryItem, item.id)))


# -- the item: questions open, moderator, rapporteur ------------------------------


def open_questions(actor: Actor, item_id, is_open) -> None:
    """Open or close an item for questions (its moderator)."""
    item = item_of(actor, item_id)
    require_moderator(actor, item.id)
    if not isinstance(is_open, bool):
        raise DomainError("invalid", fields={"open": ["bad_choice"]})
    board = take_lock(actor)
    plenary = plenary_of(item)
    if plenary.questions_open != is_open:
        plenary.questions_open = is_open
        db.session.flush()
        _item_change(board, item)
    db.session.commit()


def name_moderator(actor: Actor, item_id, registration_id) -> None:
    """Name the participant who moderates an item's questions, or nobody with ``None`` (organisers)."""
    require(actor.is_organiser)
    item = item_of(actor, item_id)
    registration = confirmed_registration(actor, registration_id)
    board = take_lock(actor)
    plenary_of(item).moderator_id = registration.id if registration else None
    db.session.flush()
    _item_change(board, item)
    db.session.commit()


def name_item_rapporteur(actor: Actor, item_id, registration_id) -> dict:
    """Name the rapporteur of a plenary item: the item's record (a workshop with no cell) is created the
    first time, and its rapporteur has a workshop's tools (notes, points, a synthesis)."""
    require(actor.is_organiser)
    item = item_of(actor, item_id)
    registration = confirmed_registration(actor, registration_id)
    board = take_lock(actor)
    record = db.session.scalar(select(Workshop).where(Workshop.programme_item_id == item.id))
    if record is None:
        record = Workshop(
            event_id=actor.event.id,
            title=item.title[:200],
            programme_item_id=item.id,
            capacity=1,
            members_count=0,
            rapporteur_id=registration.id if registration else None,
        )
        db.session.add(record)
        db.session.flush()
        record_change(board, "workshop.created", ser.workshop(record))
    else:
        record.rapporteur_id = registration.id if registration else None
        db.session.flush()
        record_change(board, "workshop.updated", ser.workshop(record))
    _item_change(board, item)
    db.session.commit()
    return ser.workshop(record)


# -- questions from the room -----------------------------------------------------

#: what a question's change carries, read back by the write that changes it
QUESTION_COLUMNS = (
    RoomQuestion.id,
    RoomQuestion.programme_item_id,
    RoomQuestion.text,
    RoomQuestion.author,
    RoomQuestion.supports,
    RoomQuestion.status,
    RoomQuestion.merged_into_id,
    RoomQuestion.created_at,
)


def ask(actor: Actor, data: dict) -> tuple[dict, bool]:
    """A participant's question to an item open for questions; anonymous to the room unless they show
    their name. The same client_id again gives the stored question (an offline phone sending twice)."""
    item = item_of(actor, data.get("item_id"))
    client_id = values.client_id(data.get("client_id"))
    text = clean_text(data.get("text"), "text", 3, 500)
    show_name = data.get("show_name", False)
    if not isinstance(show_name, bool):
        raise DomainError("invalid", fields={"show_name": ["bad_choice"]})
    require(actor.is_organiser or actor.registration is not None)
    registration = actor.registration
    board = take_lock(actor, participant_write=False)
    # one read under the lock: the same write sent before, whether the item is open, my questions of it
    existing, is_open, mine = db.session.execute(
        select(
            select(RoomQuestion.id)
            .where(RoomQuestion.event_id == actor.event.id, RoomQuestion.client_id == client_id)
            .scalar_subquery(),
            select(PlenaryItem.questions_open).where(PlenaryItem.programme_item_id == item.id).scalar_subquery(),
            select(func.count())
            .where(
                RoomQuestion.programme_item_id == item.id,
                RoomQuestion.registration_id == (registration.id if registration else -1),
            )
            .scalar_subquery(),
        )
    ).one()
    if existing is not None:
        db.session.commit()
        return ser.room_question(db.session.get(RoomQuestion, existing)), True
    if not is_open and not is_moderator(actor, item.id):
        raise DomainError("questions_closed")
    if registration is not None and mine >= MAX_QUESTIONS_PER_PERSON:
        raise DomainError("too_many_questions", count=MAX_QUESTIONS_PER_PERSON)
    author = ""
    if show_name:
        author = (
            actor.name
            if registration is None or not registration.organisation
            else f"{actor.name} ({registration.organisation})"
        )
    question = db.session.execute(
        insert(RoomQuestion)
        .values(
            event_id=actor.event.id,
            programme_item_id=item.id,
            text=text,
            author=author[:300],
            registration_id=registration.id if registration else None,
            status="open",
            status_before="open",
            hidden_reason="",
            supports=0,
            client_id=client_id,
            created_at=utcnow(),
        )
        .returning(*QUESTION_COLUMNS)
    ).first()
    record_change(board, "room_question.asked", ser.room_question(question) | {"client_id": client_id})
    db.session.commit()
    return ser.room_question(question), False


def support(actor: Actor, question_id, supported) -> int:
    """Support a question, or withdraw one's support (one per person per question). The room's most frequent
    write: read once under the lock, counted by a conditional write (no object loaded and refreshed)."""
    registration = participant_of(actor)
    if not isinstance(supported, bool):
        raise DomainError("invalid", fields={"support": ["bad_choice"]})
    qid = _id(question_id, "question_id")
    board = take_lock(actor, participant_write=False)
    row = db.session.execute(
        select(
            RoomQuestion.event_id,
            RoomQuestion.status,
            RoomQuestion.supports,
            select(QuestionSupport.id)
            .where(QuestionSupport.question_id == qid, QuestionSupport.registration_id == registration.id)
            .scalar_subquery(),
        ).where(RoomQuestion.id == qid)
    ).first()
    if row is None or row[0] != actor.event.id:
        raise DomainError("not_found")
    _, status, supports, existing = row
    if supported and existing is None:
        if status in ("hidden", "merged", "answered"):
            raise DomainError("question_not_open")
        db.session.execute(insert(QuestionSupport).values(question_id=qid, registration_id=registration.id))
        delta = 1
    elif not supported and existing is not None:
        db.session.execute(delete(QuestionSupport).where(QuestionSupport.id == existing))
        delta = -1
    else:
        db.session.commit()
        return supports
    question = db.session.execute(
        update(RoomQuestion)
        .where(RoomQuestion.id == qid)
        .values(supports=RoomQuestion.supports + delta)
        .returning(*QUESTION_COLUMNS)
    ).first()
    record_change(board, "room_question.supported", ser.room_question(question))
    db.session.commit()
    return question.supports


def merge(actor: Actor, question_id, into_id) -> None:
    """Merge a duplicate into another question of the same item: the supports add up (once per person)."""
    question, into = question_of(actor, question_id), question_of(actor, into_id, "into_id")
    require_moderator(actor, question.programme_item_id)
    if (
        question.id == into.id
        or into.programme_item_id != question.programme_item_id
        or into.status in ("hidden", "merged")
    ):
        raise DomainError("invalid", fields={"into_id": ["bad_choice"]})
    board = take_lock(actor, question, into)
    if question.status in ("hidden", "merged"):
        raise DomainError("question_not_open")
    supporters = set(
        db.session.scalars(select(QuestionSupport.registration_id).where(QuestionSupport.question_id == into.id))
    )
    for row in db.session.scalars(select(QuestionSupport).where(QuestionSupport.question_id == question.id)).all():
        if row.registration_id in supporters:
            db.session.delete(row)  # one support per person: who supported both counts once
        else:
            row.question_id = into.id
    db.session.flush()
    into.supports = db.session.scalar(select(func.count()).where(QuestionSupport.question_id == into.id))
    left_screen = _leave_screen(question)
    question.status_before, question.status, question.merged_into_id, question.supports = (
        question.status,
        "merged",
        into.id,
        0,
    )
    db.session.flush()
    record_change(board, "room_question.merged", ser.room_question(question))
    record_change(board, "room_question.updated", ser.room_question(into))
    if left_screen:
        _item_change(board, left_screen)
    db.session.commit()


def hide(actor: Actor, question_id, reason) -> None:
    """Hide a question from the room with a reason (the moderator); undone by :func:`show`."""
    question = question_of(actor, question_id)
    require_moderator(actor, question.programme_item_id)
    reason = clean_text(reason or "", "reason", 0, 300)
    board = take_lock(actor, question)
    if question.status not in ("hidden", "merged"):
        left_screen = _leave_screen(question)
        question.status_before = "open" if question.status == "on_screen" else question.status
        question.status, question.hidden_reason = "hidden", reason
        db.session.flush()
        record_change(
            board,
            "room_question.hidden",
            {"id": question.id, "item_id": question.programme_item_id, "status": "hidden"},
        )
        if left_screen:
            _item_change(board, left_screen)
    db.session.commit()


def show(actor: Actor, question_id) -> None:
    """Undo a hiding: the question is back as it was (its full state is broadcast)."""
    question = question_of(actor, question_id)
    require_moderator(actor, question.programme_item_id)
    board = take_lock(actor, question)
    if question.status == "hidden":
        question.status, question.hidden_reason = question.status_before or "open", ""
        db.session.flush()
        record_change(board, "room_question.updated", ser.room_question(question))
    db.session.commit()


def _leave_screen(question: RoomQuestion) -> ProgrammeItem | None:
    """The question leaves the projector if it was there; returns its item then (whose change to record)."""
    plenary = db.session.get(PlenaryItem, question.programme_item_id)
    if plenary is not None and plenary.on_screen_id == question.id:
        plenary.on_screen_id = None
        return db.session.get(ProgrammeItem, question.programme_item_id)
    return None


def put_on_screen(actor: Actor, item_id, question_id) -> None:
    """The question the projector shows now (None: none); the one it replaces goes back to the list."""
    item = item_of(actor, item_id)
    require_moderator(actor, item.id)
    question = question_of(actor, question_id) if question_id is not None else None
    if question is not None and (question.programme_item_id != item.id or question.status in ("hidden", "merged")):
        raise DomainError("invalid", fields={"question_id": ["bad_choice"]})
    board = take_lock(actor, *([question] if question else []))
    plenary = plenary_of(item)
    before = db.session.get(RoomQuestion, plenary.on_screen_id) if plenary.on_screen_id else None
    if before is not None and before is not question and before.status == "on_screen":
        before.status = "open"
        db.session.flush()
        record_change(board, "room_question.updated", ser.room_question(before))
    plenary.on_screen_id = question.id if question else None
    if question is not None and question.status != "on_screen":
        question.status = "on_screen"
        db.session.flush()
        record_change(board, "room_question.updated", ser.room_question(question))
    db.session.flush()
    _item_change(board, item)
    db.session.commit()


def mark_answered(actor: Actor, question_id, answered=True) -> None:
    """The speakers answered it (or not, to undo); it leaves the projector."""
    question = question_of(actor, question_id)
    require_moderator(actor, question.programme_item_id)
    if not isinstance(answered, bool):
        raise DomainError("invalid", fields={"answered": ["bad_choice"]})
    board = take_lock(actor, question)
    if question.status in ("hidden", "merged"):
        raise DomainError("question_not_open")
    if answered and question.status != "answered":
        left_screen = _leave_screen(question)
        question.status, question.answered_at = "answered", utcnow()
        db.session.flush()
        record_change(board, "room_question.updated", ser.room_question(question))
        if left_screen:
            _item_change(board, left_screen)
    elif not answered and question.status == "answered":
        question.status, question.answered_at = "open", None
        db.session.flush()
        record_change(board, "room_question.updated", ser.room_question(question))
    db.session.commit()


def hidden_questions(actor: Actor, item_id) -> list[dict]:
    """The hidden questions of an item with their reasons, for its moderator (to undo a hiding)."""
    item = item_of(actor, item_id)
    require_moderator(actor, item.id)
    rows = db.session.scalars(
        select(RoomQuestion)
        .where(RoomQuestion.programme_item_id == item.id, RoomQuestion.status == "hidden")
        .order_by(RoomQuestion.id)
    )
    return [ser.room_question(q, with_hidden=True) for q in rows]


# -- quick polls --------------------------------------------------------------------


def _poll_fields(data: dict) -> dict:
    question = clean_text(data.get("question"), "question", 3, 300)
    kind = data.get("kind")
    if kind not in POLL_KINDS:
        raise DomainError("invalid", fields={"kind": ["bad_choice"]})
    if kind == "scale":
        choices = list(SCALE)
    else:
        raw = data.get("choices")
        if not isinstance(raw, list):
            raise DomainError("invalid", fields={"choices": ["bad_choice"]})
        choices = [
            values.text(c, "choices", minimum=1, maximum=120) for c in raw if not (isinstance(c, str) and not c.strip())
        ]
        if not 2 <= len(choices) <= 10:
            raise DomainError("invalid", fields={"choices": ["poll_choices_count"]})
        if len({c.casefold() for c in choices}) != len(choices):
            raise DomainError("invalid", fields={"choices": ["poll_choices_repeated"]})
    results = data.get("results_to_phones", False)
    if not isinstance(results, bool):
        raise DomainError("invalid", fields={"results_to_phones": ["bad_choice"]})
    return {"question": question, "kind": kind, "choices": choices, "results_to_phones": results}


def create_poll(actor: Actor, data: dict) -> dict:
    """Prepare a poll attached to an item (organisers); it opens when they say."""
    require(actor.is_organiser)
    item = item_of(actor, data.get("item_id"))
    client_id = values.client_id(data.get("client_id"))
    fields = _poll_fields(data)
    board = take_lock(actor)
    existing = db.session.scalar(select(Poll).where(Poll.event_id == actor.event.id, Poll.client_id == client_id))
    if existing is not None:
        db.session.commit()
        return ser.poll(existing)
    poll = Poll(
        event_id=actor.event.id,
        programme_item_id=item.id,
        status="draft",
        answers=0,
        counts=[0] * len(fields["choices"]),
        client_id=client_id,
        **fields,
    )
    db.session.add(poll)
    db.session.flush()
    record_change(board, "poll.created", ser.poll(poll))
    db.session.commit()
    return ser.poll(poll)


def set_poll_status(actor: Actor, poll_id, status) -> None:
    """Open a poll, or close it (organisers); a closed poll can be opened again."""
    require(actor.is_organiser)
    if status not in ("open", "closed"):
        raise DomainError("invalid", fields={"status": ["bad_choice"]})
    poll = poll_of(actor, poll_id)
    board = take_lock(actor, poll)
    if poll.status != status:
        poll.status = status
        db.session.flush()
        record_change(board, "poll.updated", ser.poll(poll))
    db.session.commit()


def delete_poll(actor: Actor, poll_id) -> None:
    """A poll nobody answered yet can be deleted (a mistake while preparing)."""
    require(actor.is_organiser)
    poll = poll_of(actor, poll_id)
    board = take_lock(actor, poll)
    if poll.answers:
        raise DomainError("poll_answered")
    db.session.delete(poll)
    db.session.flush()
    record_change(board, "poll.deleted", {"id": poll.id, "item_id": poll.programme_item_id})
    db.session.commit()


def answer_poll(actor: Actor, poll_id, choices) -> list[int]:
    """A person's answer (indexes of their choices): once, changed while the poll is open."""
    registration = participant_of(actor)
    poll = poll_of(actor, poll_id)
    if (
        not isinstance(choices, list)
        or not all(isinstance(c, int) and not isinstance(c, bool) for c in choices)
        or not choices
        or len(set(choices)) != len(choices)
        or any(not 0 <= c < len(poll.choices) for c in choices)
        or (poll.kind != "multiple" and len(choices) != 1)
    ):
        raise DomainError("invalid", fields={"choices": ["bad_choice"]})
    board = take_lock(actor, poll, participant_write=False)
    if poll.status != "open":
        raise DomainError("poll_closed")
    choices = sorted(choices)
    answer = db.session.scalar(
        select(PollAnswer).where(PollAnswer.poll_id == poll.id, PollAnswer.registration_id == registration.id)
    )
    counts = list(poll.counts)
    if answer is not None and answer.choices == choices:
        db.session.commit()
        return choices
    if answer is None:
        answer = PollAnswer(poll_id=poll.id, registration_id=registration.id, choices=choices)
        db.session.add(answer)
        poll.answers += 1
    else:
        for c in answer.choices:
            counts[c] -= 1
        answer.choices = choices
    for c in choices:
        counts[c] += 1
    poll.counts = counts
    db.session.flush()
    record_change(board, "poll.answered", ser.poll(poll))
    db.session.commit()
    return choices

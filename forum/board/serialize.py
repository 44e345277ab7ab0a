"""The board's objects as the protocol sends them (snapshot and change data)."""

from __future__ import annotations

import json
import time
from datetime import timezone

from sqlalchemy import bindparam, literal, select, union_all

from forum.board.models import (
    PLENARY_KINDS,
    Board,
    Contribution,
    Membership,
    PlenaryItem,
    Poll,
    PollAnswer,
    Question,
    QuestionSupport,
    RoomQuestion,
    Slot,
    Space,
    Synthesis,
    SynthesisPoint,
    Topic,
    TopicVote,
    Workshop,
)
from forum.core.i18n import aware
from forum.events.models import ProgrammeItem
from forum.extensions import db

#: a poll's split is sent from this many answers on (under it, one person's answer could be read off the bars)
MIN_POLL_ANSWERS = 5


def _utc(value) -> str:
    return value.replace(tzinfo=timezone.utc).isoformat()


def topic(t: Topic, actor=None) -> dict:
    out = {
        "id": t.id,
        "question_id": t.question_id,
        "title": t.title,
        "description": t.description,
        "votes": t.votes,
        "status": t.status,
        "merged_into": t.merged_into_id,
    }
    if actor is not None:
        out["voted_by_me"] = _voted(t.id, actor)
    return out


def _voted(topic_id: int, actor) -> bool:
    if actor.registration is None:
        return False
    return (
        db.session.scalar(
            select(TopicVote.id).where(
                TopicVote.topic_id == topic_id, TopicVote.registration_id == actor.registration.id
            )
        )
        is not None
    )


def workshop(w: Workshop) -> dict:
    return {
        "id": w.id,
        "title": w.title,
        "topic_id": w.topic_id,
        "question_id": w.question_id,
        "slot_id": w.slot_id,
        "space_id": w.space_id,
        "capacity": w.capacity,
        "members": w.members_count,
        "rapporteur_id": w.rapporteur_id,
        "programme_item_id": w.programme_item_id,
    }


def plenary_item(item: ProgrammeItem, plenary: PlenaryItem | None) -> dict:
    """A plenary, round table or talk as the board shows it (``items`` of the snapshot, ``item.updated``)."""
    zone = item.event.timezone
    return {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "starts_at": aware(item.starts_at, zone).isoformat(),
        "ends_at": aware(item.ends_at, zone).isoformat(),
        "moderator": item.moderator or "",
        "speakers": list(item.speakers or []),
        "questions_open": bool(plenary and plenary.questions_open),
        "moderator_id": plenary.moderator_id if plenary else None,
        "on_screen": plenary.on_screen_id if plenary else None,
    }


def room_question(q: RoomQuestion, *, with_hidden: bool = False) -> dict:
    """A question from the room: who asked is sent only as the name they chose to show."""
    out = {
        "id": q.id,
        "item_id": q.programme_item_id,
        "text": q.text,
        "author": q.author,
        "supports": q.supports,
        "status": q.status,
        "merged_into": q.merged_into_id,
        "created_at": _utc(q.created_at),
    }
    if with_hidden and q.status == "hidden":
        out["hidden_reason"] = q.hidden_reason
    return out


def poll(p: Poll) -> dict:
    """A poll; its split (``counts``) only from MIN_POLL_ANSWERS answers on."""
    return {
        "id": p.id,
        "item_id": p.programme_item_id,
        "question": p.question,
        "kind": p.kind,
        "choices": list(p.choices),
        "status": p.status,
        "results_to_phones": p.results_to_phones,
        "answers": p.answers,
        "counts": list(p.counts) if p.answers >= MIN_POLL_ANSWERS else None,
    }


def contribution(c: Contribution, *, with_hidden: bool = False) -> dict:
    out = {
        "id": c.id,
        "workshop_id": c.workshop_id,
        "text": c.text,
        "author": c.author,
        "created_at": _utc(c.created_at),
        "point_id": c.point_id,
    }
    if with_hidden:
        out["hidden"] = c.hidden
    return out


def point(p: SynthesisPoint) -> dict:
    ids = db.session.scalars(
        select(Contribution.id).where(Contribution.point_id == p.id).order_by(Contribution.id)
    ).all()
    return {
        "id": p.id,
        "workshop_id": p.workshop_id,
        "text": p.text,
        "position": p.position,
        "contribution_ids": list(ids),
    }


def synthesis(s: Synthesis) -> dict:
    return {"workshop_id": s.workshop_id, "text": s.text, "published": s.published}


#: the projector's restitution before an organiser runs it (board/restitution.py)
SHOW = {"workshop_id": None, "page": 0, "playing": False, "since": None, "interval": 45}


def show(board) -> dict:
    """The restitution on the projector, as the snapshot and the ``restitution.show`` change carry it."""
    return SHOW | ((board.show or {}) if board is not None else {})


def setup(event) -> dict:
    """The guiding questions, rooms and time slots (snapshot fields; the data of ``setup.updated``)."""
    eid = event.id
    return {
        "questions": [
            {"id": q.id, "text": q.text, "position": q.position}
            for q in db.session.scalars(select(Question).where(Question.event_id == eid).order_by(Question.position))
        ],
        "spaces": [
            {"id": s.id, "name": s.name, "capacity": s.capacity}
            for s in db.session.scalars(select(Space).where(Space.event_id == eid).order_by(Space.position, Space.id))
        ],
        "slots": [
            {
                "id": s.id,
                "label": s.label,
                "starts_at": aware(s.starts_at, event.timezone).isoformat(),
                "ends_at": aware(s.ends_at, event.timezone).isoformat(),
            }
            for s in db.session.scalars(select(Slot).where(Slot.event_id == eid).order_by(Slot.position, Slot.id))
        ],
    }


class Shared:
    """The part of the snapshot every phone of an event shares at one seq, and its JSON text, encoded once."""

    def __init__(self, seq: int, phase: str, data: dict):
        self.seq, self.phase, self.built_at, self.data = seq, phase, time.monotonic(), data
        self._text: tuple[str, list[tuple[int, str, str]]] | None = None

    def text(self, me: dict, voted: set[int]) -> str:
        """The snapshot's JSON for one person: the shared text, each topic as they voted or not, then ``me``."""
        if self._text is None:
            rest = {key: value for key, value in self.data.items() if key != "topics"}
            self._text = (
                json.dumps(rest, separators=(",", ":"))[:-1],
                [
                    (
                        t["id"],
                        json.dumps(t, separators=(",", ":")),
                        json.dumps(t | {"voted_by_me": True}, separators=(",", ":")),
                    )
                    for t in self.data["topics"]
                ],
            )
        head, topics = self._text
        listed = ",".join(mine if topic_id in voted else theirs for topic_id, theirs, mine in topics)
        return f'{head},"topics":[{listed}],"me":{json.dumps(me, separators=(",", ":"))}}}'


#: the part of the snapshot every phone shares, per (event, with hidden contributions): built once per seq
_shared: dict[tuple[int, bool], Shared] = {}
#: how long a shared part is reused at the same seq (what changes outside the log, e.g. an RGPD
#: anonymisation, shows within this time)
SHARED_TTL = 5.0


def snapshot(actor, board) -> dict:
    """The board as this actor may see it: the shared part (built once per seq) and the person's own."""
    shared = shared_part(actor.event.id, board.seq, board.phase, actor.is_organiser, lambda: actor.event)
    me, voted = personal(actor)
    return combine(shared.data, me, voted)


def shared_part(event_id: int, seq: int, phase: str, with_hidden: bool, load_event) -> Shared:
    """What every phone of the event (or every organiser, who also sees hidden contributions) gets at this seq."""
    key = (event_id, with_hidden)
    cached = _shared.get(key)
    if cached is None or cached.seq != seq or cached.phase != phase or time.monotonic() - cached.built_at > SHARED_TTL:
        cached = _shared[key] = Shared(seq, phase, shared_snapshot(load_event(), seq, phase, with_hidden))
    return cached


def combine(shared: dict, me: dict, voted: set[int]) -> dict:
    topics = shared["topics"]
    if voted:
        topics = [t | {"voted_by_me": True} if t["id"] in voted else t for t in topics]
    return shared | {"me": me, "topics": topics}


def personal(actor) -> tuple[dict, set[int]]:
    """``me`` and the topics this person voted for."""
    if actor.registration is not None:
        return participant_part(actor.registration.id, actor.name)
    return {
        "role": actor.role,
        "registration_id": None,
        "name": actor.name,
        "workshops": [],
        "rapporteur_of": [],
        "moderator_of": [],
        "supported": [],
        "answers": {},
    }, set()


#: (kind, id) rows of what is a person's own on the board, by registration id
PERSONAL_ROWS = (
    ("w", Membership.workshop_id, Membership.registration_id),
    ("r", Workshop.id, Workshop.rapporteur_id),
    ("v", TopicVote.topic_id, TopicVote.registration_id),
    ("m", PlenaryItem.programme_item_id, PlenaryItem.moderator_id),
    ("s", QuestionSupport.question_id, QuestionSupport.registration_id),
    ("a", PollAnswer.poll_id, PollAnswer.registration_id),
)

_PERSONAL = union_all(
    *[select(literal(kind), column).where(person == bindparam("rid")) for kind, column, person in PERSONAL_ROWS]
)


def participant_part(registration_id: int, name: str) -> tuple[dict, set[int]]:
    """A participant's workshops, the workshops they report on and their votes, in one query."""
    return participant_from_rows(
        registration_id, name, db.session.connection().execute(_PERSONAL, {"rid": registration_id}).all()
    )


def participant_from_rows(registration_id: int, name: str, rows) -> tuple[dict, set[int]]:
    """``me`` and the votes from (kind, id) rows: "w" a workshop I am in, "r" one I report on, "v" a topic I
    voted for, "m" an item I moderate, "s" a question I support, "a" a poll I answered (its choices are read then)."""
    mine = [i for kind, i in rows if kind == "w"]
    rapporteur_of = sorted(i for kind, i in rows if kind == "r")
    voted = {i for kind, i in rows if kind == "v"}
    answered = [i for kind, i in rows if kind == "a"]
    answers = (
        {
            str(poll_id): choices
            for poll_id, choices in db.session.execute(
                select(PollAnswer.poll_id, PollAnswer.choices).where(PollAnswer.registration_id == registration_id)
            )
        }
        if answered
        else {}
    )
    return {
        "role": "rapporteur" if rapporteur_of else "participant",
        "registration_id": registration_id,
        "name": name,
        "workshops": mine,
        "rapporteur_of": rapporteur_of,
        "moderator_of": sorted(i for kind, i in rows if kind == "m"),
        "supported": sorted(i for kind, i in rows if kind == "s"),
        "answers": answers,
    }, voted


def shared_snapshot(event, seq: int, phase: str, with_hidden: bool) -> dict:
    eid = event.id
    workshops = db.session.scalars(select(Workshop).where(Workshop.event_id == eid).order_by(Workshop.id)).all()
    workshop_ids = [w.id for w in workshops]
    contributions = (
        db.session.scalars(
            select(Contribution).where(Contribution.workshop_id.in_(workshop_ids)).order_by(Contribution.id)
        ).all()
        if workshop_ids
        else []
    )
    fed: dict[int, list[int]] = {}
    for c in contributions:
        if c.point_id is not None:
            fed.setdefault(c.point_id, []).append(c.id)
    points = (
        db.session.scalars(
            select(SynthesisPoint)
            .where(SynthesisPoint.workshop_id.in_(workshop_ids))
            .order_by(SynthesisPoint.workshop_id, SynthesisPoint.position)
        ).all()
        if workshop_ids
        else []
    )
    syntheses = (
        db.session.scalars(select(Synthesis).where(Synthesis.workshop_id.in_(workshop_ids))).all()
        if workshop_ids
        else []
    )
    topics = db.session.scalars(select(Topic).where(Topic.event_id == eid).order_by(Topic.id)).all()
    return {
        "seq": seq,
        "event": {"slug": event.slug, "title": event.title, "phase": phase},
        **setup(event),
        "topics": [topic(t) | {"voted_by_me": False} for t in topics],
        "workshops": [workshop(w) for w in workshops],
        "contributions": [
            contribution(c, with_hidden=with_hidden) for c in contributions if with_hidden or not c.hidden
        ],
        "points": [
            {
                "id": p.id,
                "workshop_id": p.workshop_id,
                "text": p.text,
                "position": p.position,
                "contribution_ids": fed.get(p.id, []),
            }
            for p in points
        ],
        "syntheses": [synthesis(s) for s in syntheses],
        "restitution": show(db.session.get(Board, eid)),
        **plenary(event, with_hidden),
    }


def plenary(event, with_hidden: bool) -> dict:
    """The plenary items, their questions from the room (hidden ones to organisers only) and polls."""
    items = db.session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.event_id == event.id, ProgrammeItem.kind.in_(PLENARY_KINDS))
        .order_by(ProgrammeItem.starts_at, ProgrammeItem.position)
    ).all()
    states = {
        p.programme_item_id: p for p in db.session.scalars(select(PlenaryItem).where(PlenaryItem.event_id == event.id))
    }
    questions = db.session.scalars(
        select(RoomQuestion).where(RoomQuestion.event_id == event.id).order_by(RoomQuestion.id)
    ).all()
    polls = db.session.scalars(select(Poll).where(Poll.event_id == event.id).order_by(Poll.id)).all()
    return {
        "items": [plenary_item(i, states.get(i.id)) for i in items],
        "room_questions": [
            room_question(q, with_hidden=with_hidden) for q in questions if with_hidden or q.status != "hidden"
        ],
        "polls": [poll(p) for p in polls],
    }

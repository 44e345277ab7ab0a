"""A published open-forum day with its people, for the board tests."""

from dataclasses import dataclass
from datetime import datetime

from forum.accounts.service import issue_api_token
from forum.board import service as board
from forum.board import setup
from forum.registration import service as registration
from tests import factories


@dataclass
class Day:
    slug: str
    event_id: int
    question_id: int
    slot_id: int
    small_space_id: int
    big_space_id: int
    second_space_id: int
    workshop_id: int
    other_workshop_id: int
    tokens: dict
    registration_ids: dict
    api_key: str
    other_api_key: str
    screen: str


def make_day(phase: str = "workshops", participants: int = 3) -> Day:
    organiser = factories.make_organiser()
    other = factories.make_organiser(email="autre@example.org", name="Autre")
    event = factories.make_event(
        organiser, slug="forum-ouvert", capacity=200, registration_opens_at=None, registration_closes_at=None
    )
    factories.make_event(other, slug="autre-jour", capacity=10, registration_opens_at=None, registration_closes_at=None)
    q = setup.add_question(event, "La médiation sociale : un outil pour répondre à quels besoins ?", actor=organiser)
    small = setup.add_space(event, "Salle A", 10, actor=organiser)
    big = setup.add_space(event, "Salle B", 100, actor=organiser)
    third = setup.add_space(event, "Salle C", 20, actor=organiser)
    slot = setup.add_slot(
        event, "Session 1", datetime(2030, 6, 13, 14, 15), datetime(2030, 6, 13, 15, 15), actor=organiser
    )
    w1 = factories.add_workshop(
        event, {"title": "Accès aux droits", "slot_id": slot.id, "space_id": small.id}, actor=organiser
    )
    w2 = factories.add_workshop(event, {"title": "Formation", "slot_id": slot.id, "space_id": big.id}, actor=organiser)
    tokens, ids = {}, {}
    for n in range(participants):
        result = registration.register(event, factories.person(n))
        tokens[n], ids[n] = result.token, result.registration.id
    event.capacity = participants
    factories_db_commit()
    waiting = registration.register(event, factories.person(999))
    tokens["waitlisted"], ids["waitlisted"] = waiting.token, waiting.registration.id
    actor = board.identify(event, organiser=organiser)
    board.name_rapporteur(actor, w1.id, ids[0])
    board.set_phase(actor, phase)
    return Day(
        slug=event.slug,
        event_id=event.id,
        question_id=q.id,
        slot_id=slot.id,
        small_space_id=small.id,
        big_space_id=big.id,
        second_space_id=third.id,
        workshop_id=w1.id,
        other_workshop_id=w2.id,
        tokens=tokens,
        registration_ids=ids,
        api_key=issue_api_token(organiser),
        other_api_key=issue_api_token(other),
        screen=board.board_of(event).screen_key,
    )


def factories_db_commit():
    from forum.extensions import db

    db.session.commit()

"""The board's rules called in-process (the protocol tests run the same rules through a real server)."""

import json
import uuid

import pytest

from forum.board import service as board
from forum.core.errors import DomainError
from forum.events.service import get_event
from forum.registration.service import get_by_token
from tests.board.builders import make_day


@pytest.fixture
def day(db):
    return make_day(participants=4)


def actor_for(day, who):
    event = get_event(day.slug)
    if who == "organiser":
        return board.identify(event, organiser=event.organisers[0])
    if who == "screen":
        return board.identify(event, screen_key=day.screen)
    return board.identify(event, registration=get_by_token(day.tokens[who]))


def test_organisers_see_who_joined_in_the_order_they_joined(day):
    for n in (2, 1):
        board.join_workshop(actor_for(day, n), day.other_workshop_id)
    people = board.workshop_people(actor_for(day, "organiser"), day.other_workshop_id)
    assert [p["registration_id"] for p in people] == [day.registration_ids[2], day.registration_ids[1]]
    assert people[0]["name"] == "Prénom2 Nom2" and people[0]["organisation"] == "Association Citéo"


def test_who_joined_follows_the_law_of_two_feet(day):
    board.join_workshop(actor_for(day, 1), day.other_workshop_id)
    board.join_workshop(actor_for(day, 1), day.workshop_id)  # same slot: moves
    organiser = actor_for(day, "organiser")
    assert board.workshop_people(organiser, day.other_workshop_id) == []
    assert [p["registration_id"] for p in board.workshop_people(organiser, day.workshop_id)] == [
        day.registration_ids[1]
    ]


@pytest.mark.parametrize("who", [0, 1, "screen"])  # the workshop's rapporteur, a participant, the projector
def test_only_organisers_see_who_joined(day, who):
    with pytest.raises(DomainError) as error:
        board.workshop_people(actor_for(day, who), day.workshop_id)
    assert error.value.code == "forbidden"


def test_who_joined_a_workshop_of_another_event_is_not_found(day):
    from tests import factories

    other = factories.make_event(factories.make_organiser(email="tiers@example.org"), slug="ailleurs")
    actor = board.identify(other, organiser=other.organisers[0])
    with pytest.raises(DomainError) as error:
        board.workshop_people(actor, day.workshop_id)
    assert error.value.code == "not_found"


# -- opening the board ---------------------------------------------------


def test_a_participant_opening_the_board_gets_the_snapshot_the_service_gives(day):
    phone = actor_for(day, 0)  # the rapporteur of the first workshop
    title = 'Le « pouvoir d\'agir » des "habitants" \\ été 😀'
    topic = board.propose_topic(phone, {"question_id": day.question_id, "title": title, "client_id": str(uuid.uuid4())})
    board.propose_topic(
        actor_for(day, 1), {"question_id": day.question_id, "title": "Un autre sujet", "client_id": str(uuid.uuid4())}
    )
    board.vote_topic(actor_for(day, 0), topic["id"], True)
    board.join_workshop(actor_for(day, 0), day.other_workshop_id)
    who, text = board.open_with_token(day.slug, day.tokens[0])
    assert json.loads(text) == board.snapshot(actor_for(day, 0))
    assert who == {
        "event_id": day.event_id,
        "role": "participant",
        "registration_id": day.registration_ids[0],
        "organiser_id": None,
    }
    other = json.loads(board.open_with_token(day.slug, day.tokens[1])[1])
    assert other == board.snapshot(actor_for(day, 1))
    assert [t["voted_by_me"] for t in other["topics"]] == [False, False]  # the shared text, not the first phone's


@pytest.mark.parametrize("slug, token", [("forum-ouvert", "waitlisted"), ("autre-jour", 1), ("forum-ouvert", None)])
def test_a_link_that_does_not_open_this_board_takes_the_long_path(day, slug, token):
    assert board.open_with_token(slug, day.tokens[token] if token is not None else "pas-un-lien") is None

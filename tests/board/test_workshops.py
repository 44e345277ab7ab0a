"""Workshops in one place: every door (service, setup page, setup file) goes through the board's verbs,
under its lock, logged with a seq and broadcast; one cell rule; nothing deleted without confirmation."""

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from forum.board import service as board
from forum.board import setup
from forum.board import synthesis
from forum.board.models import BoardChange, Contribution, Workshop
from forum.core import signals
from forum.core.errors import DomainError
from forum.events import setup_file
from forum.extensions import db
from forum.registration import service as registration
from tests.factories import add_workshop, make_workshop, person


def logged(event) -> list[tuple[int, str]]:
    return [
        (c.seq, c.type)
        for c in db.session.scalars(
            select(BoardChange).where(BoardChange.event_id == event.id).order_by(BoardChange.seq)
        )
    ]


@pytest.fixture
def grid(event, organiser):
    """Two rooms and one time slot."""
    a = setup.add_space(event, "Salle A", 20, actor=organiser)
    b = setup.add_space(event, "Salle B", 30, actor=organiser)
    slot = setup.add_slot(event, "S1", datetime(2030, 6, 13, 14), datetime(2030, 6, 13, 15), actor=organiser)
    return a, b, slot


@pytest.fixture
def broadcasts():
    seen = []

    def listen(event_id, changes, **_):
        seen.extend(changes)

    signals.board_changed.connect(listen)
    yield seen
    signals.board_changed.disconnect(listen)


def test_creating_a_workshop_is_logged_with_its_seq_and_broadcast(event, organiser, grid, broadcasts):
    a, _, slot = grid
    before = board.board_of(event).seq
    w = add_workshop(event, {"title": "Accès aux droits", "slot_id": slot.id, "space_id": a.id})
    assert logged(event)[-1] == (before + 1, "workshop.created")
    assert broadcasts[-1] == {
        "seq": before + 1,
        "type": "workshop.created",
        "data": board.snapshot(board.identify(event, organiser=organiser))["workshops"][0],
    }
    assert w.capacity == 20


def test_a_cell_holds_one_workshop_from_every_verb(event, organiser, grid):
    a, b, slot = grid
    actor = board.identify(event, organiser=organiser)
    first = add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id})
    second = add_workshop(event, {"title": "Deux", "slot_id": slot.id, "space_id": b.id})
    with pytest.raises(DomainError) as created:
        board.create_workshop(actor, {"title": "Trois", "slot_id": slot.id, "space_id": a.id})
    with pytest.raises(DomainError) as moved:
        board.update_workshop(actor, second.id, {"space_id": a.id})
    topic = board.propose_topic(
        actor,
        {
            "question_id": setup.add_question(event, "Q ?", actor=organiser).id,
            "title": "Sujet",
            "client_id": "00000000-0000-4000-8000-000000000001",
        },
    )
    with pytest.raises(DomainError) as scheduled:
        board.schedule_topic(actor, topic["id"], slot.id, a.id)
    assert created.value.code == moved.value.code == scheduled.value.code == "cell_taken"
    assert created.value.fields == {"space_id": ["cell_taken"]}
    assert db.session.get(Workshop, first.id).space_id == a.id


def test_the_same_workshop_can_be_saved_in_its_own_cell(event, organiser, grid):
    a, _, slot = grid
    w = add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id})
    before = board.board_of(event).seq
    updated = board.update_workshop(board.identify(event, organiser=organiser), w.id, {"title": "Un bis"})
    out = board.changes_since(event, before)
    assert updated["title"] == "Un bis" and [c["type"] for c in out] == ["workshop.updated"]


@pytest.mark.parametrize("capacity", [0, -3, True, "12", 10**12])
def test_seats_are_a_positive_whole_number(event, organiser, grid, capacity):
    a, _, slot = grid
    with pytest.raises(DomainError) as exc:
        board.create_workshop(
            board.identify(event, organiser=organiser),
            {"title": "Un", "slot_id": slot.id, "space_id": a.id, "capacity": capacity},
        )
    assert list(exc.value.fields) == ["capacity"]


def test_seats_cannot_go_below_the_people_already_in(event, organiser, grid):
    a, _, slot = grid
    w = add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id, "capacity": 5})
    actor = board.identify(event, organiser=organiser)
    board.set_phase(actor, "workshops")
    for n in range(3):
        board.join_workshop(
            board.identify(event, registration=registration.register(event, person(n), actor=organiser).registration),
            w.id,
        )
    with pytest.raises(DomainError) as exc:
        board.update_workshop(actor, w.id, {"capacity": 2})
    assert exc.value.fields == {"capacity": [("below_members", {"members": 3})]}


def test_a_slot_of_another_event_is_refused_on_its_field(event, organiser, grid):
    from tests.factories import make_event

    other = make_event(organiser, slug="autre")
    foreign = setup.add_slot(other, "S9", datetime(2030, 6, 13, 14), datetime(2030, 6, 13, 15), actor=organiser)
    with pytest.raises(DomainError) as exc:
        board.create_workshop(
            board.identify(event, organiser=organiser), {"title": "Un", "slot_id": foreign.id, "space_id": grid[0].id}
        )
    assert exc.value.fields == {"slot_id": ["bad_choice"]}


def test_deleting_a_workshop_with_contributions_needs_confirmation(event, organiser, grid, broadcasts):
    a, _, slot = grid
    w = add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id})
    actor = board.identify(event, organiser=organiser)
    board.set_phase(actor, "workshops")
    synthesis.post_contribution(
        actor, {"workshop_id": w.id, "text": "Une idée", "client_id": "00000000-0000-4000-8000-000000000002"}
    )
    with pytest.raises(DomainError) as exc:
        board.delete_workshop(actor, w.id)
    assert exc.value.code == "workshop_not_empty" and exc.value.params == {"members": 0, "contributions": 1}
    assert db.session.scalar(select(Contribution.id).where(Contribution.workshop_id == w.id)) is not None
    board.delete_workshop(actor, w.id, confirmed=True)
    assert db.session.get(Workshop, w.id) is None
    assert broadcasts[-1]["type"] == "workshop.deleted" and broadcasts[-1]["data"] == {"id": w.id}


def test_deleting_a_scheduled_topics_workshop_puts_the_topic_back(event, organiser, grid):
    a, _, slot = grid
    actor = board.identify(event, organiser=organiser)
    board.set_phase(actor, "marketplace")
    topic = board.propose_topic(
        actor,
        {
            "question_id": setup.add_question(event, "Q ?", actor=organiser).id,
            "title": "Sujet",
            "client_id": "00000000-0000-4000-8000-000000000003",
        },
    )
    workshop = board.schedule_topic(actor, topic["id"], slot.id, a.id)
    before = board.board_of(event).seq
    board.delete_workshop(actor, workshop["id"])
    out = board.changes_since(event, before)
    assert [(c["type"], c["data"].get("status")) for c in out] == [
        ("topic.updated", "proposed"),
        ("workshop.deleted", None),
    ]


def test_the_setup_page_adds_a_workshop_through_the_board(signed_in, event, grid):
    a, _, slot = grid
    before = logged(event)
    response = signed_in.post(
        f"/manage/{event.slug}/forum/workshop",
        data={
            "workshop-new-title": "Accès aux droits",
            "workshop-new-slot_id": slot.id,
            "workshop-new-space_id": a.id,
            "workshop-new-question_id": 0,
            "workshop-new-capacity": "",
        },
    )
    assert response.status_code == 302
    assert logged(event)[len(before) :] == [(len(before) + 1, "workshop.created")]


def test_the_setup_page_shows_the_cell_rule_on_the_room_field(signed_in, event, grid):
    a, _, slot = grid
    add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id})
    response = signed_in.post(
        f"/manage/{event.slug}/forum/workshop",
        headers={"Accept-Language": "fr"},
        data={
            "workshop-new-title": "Deux",
            "workshop-new-slot_id": slot.id,
            "workshop-new-space_id": a.id,
            "workshop-new-question_id": 0,
            "workshop-new-capacity": "",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Cette salle accueille déjà un atelier sur ce créneau." in page and 'value="Deux"' in page


def test_the_setup_page_asks_before_deleting_a_workshop_with_people(signed_in, event, organiser, grid):
    a, _, slot = grid
    w = add_workshop(event, {"title": "Un", "slot_id": slot.id, "space_id": a.id})
    board.set_phase(board.identify(event, organiser=organiser), "workshops")
    board.join_workshop(
        board.identify(event, registration=registration.register(event, person(1), actor=organiser).registration), w.id
    )
    response = signed_in.post(f"/manage/{event.slug}/forum/workshop/{w.id}/delete", headers={"Accept-Language": "fr"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "1\u00a0personne y participe" in page and "0\u00a0contribution y a été publiée" in page
    assert db.session.get(Workshop, w.id) is not None
    response = signed_in.post(f"/manage/{event.slug}/forum/workshop/{w.id}/delete", data={"confirmed": "yes"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Workshop, w.id) is None
    assert logged(event)[-1][1] == "workshop.deleted"


def test_a_question_changed_on_the_setup_page_reaches_the_phones(event, organiser, broadcasts):
    q = setup.add_question(event, "Quels besoins ?", actor=organiser)
    setup.update_question(event, q, "Quels besoins, pour qui ?", actor=organiser)
    assert broadcasts[-1]["type"] == "setup.updated"
    assert broadcasts[-1]["data"]["questions"] == [{"id": q.id, "text": "Quels besoins, pour qui ?", "position": 1}]


SETUP = {
    "questions": ["Q ?"],
    "spaces": [{"name": "Salle A", "capacity": 10}],
    "slots": [{"label": "S1", "starts_at": "2030-06-13T14:00", "ends_at": "2030-06-13T15:00"}],
    "workshops": [
        {"title": "Un", "slot": "S1", "space": "Salle A"},
        {"title": "Deux", "slot": "S1", "space": "Salle A"},
    ],
}


def file_with(event, forum: dict) -> dict:
    data = setup_file.export_event(event)
    data["forum"] = json.loads(json.dumps(forum))
    return data


def test_a_setup_file_with_two_workshops_in_one_cell_is_refused_by_the_cell_rule(app, event, organiser):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(DomainError) as exc:
            setup_file.import_event(file_with(event, SETUP), actor=organiser, update=True)
        assert "“forum.workshops[1]”: This room already holds a workshop in this time slot." in exc.value.message


def test_a_setup_file_never_drops_a_workshop_people_wrote_in(app, event, organiser):
    w = make_workshop(event, organiser, title="Atelier vivant")
    actor = board.identify(event, organiser=organiser)
    board.set_phase(actor, "workshops")
    synthesis.post_contribution(
        actor, {"workshop_id": w.id, "text": "Gardée", "client_id": "00000000-0000-4000-8000-000000000004"}
    )
    forum = dict(SETUP, workshops=SETUP["workshops"][:1])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        with pytest.raises(DomainError) as exc:
            setup_file.import_event(file_with(event, forum), actor=organiser, update=True)
        assert "“Atelier vivant” has people or contributions" in exc.value.message
    db.session.rollback()
    assert db.session.scalar(select(Contribution.text).where(Contribution.workshop_id == w.id)) == "Gardée"


def test_a_setup_file_import_is_logged_for_the_phones(app, event, organiser, broadcasts):
    make_workshop(event, organiser, title="Ancien")
    forum = dict(SETUP, workshops=SETUP["workshops"][:1])
    setup_file.import_event(file_with(event, forum), actor=organiser, update=True)
    assert [c["type"] for c in broadcasts[-3:]] == ["workshop.deleted", "setup.updated", "workshop.created"]
    assert [w.title for w in setup.workshops_of(event)] == ["Un"]

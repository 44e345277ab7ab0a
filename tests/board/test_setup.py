from datetime import datetime

import pytest

from forum.board import setup as service
from forum.core.errors import DomainError
from tests.factories import add_workshop


def at(h, m=0):
    return datetime(2030, 6, 13, h, m)


def test_questions_are_numbered_and_reordered(event, organiser):
    a = service.add_question(event, "Quels besoins ?", actor=organiser)
    b = service.add_question(event, "Quels moyens ?", actor=organiser)
    service.move_question(event, b, -1, actor=organiser)
    assert [q.text for q in service.questions_of(event)] == ["Quels moyens ?", "Quels besoins ?"]
    service.delete_question(event, b, actor=organiser)
    assert [(q.position, q.id) for q in service.questions_of(event)] == [(1, a.id)]


def test_empty_question_is_refused(event, organiser):
    with pytest.raises(DomainError) as exc:
        service.add_question(event, "   ", actor=organiser)
    assert exc.value.fields == {"text": ["required"]}


def test_room_names_are_unique_per_event(event, organiser):
    service.add_space(event, "Salle A", 20, actor=organiser)
    with pytest.raises(DomainError) as exc:
        service.add_space(event, "Salle A", 10, actor=organiser)
    assert exc.value.fields == {"name": ["duplicate_name"]}


def test_slot_must_be_inside_the_event(event, organiser):
    with pytest.raises(DomainError) as exc:
        service.add_slot(event, "Tôt", at(9), at(10), actor=organiser)
    assert exc.value.fields == {"starts_at": ["outside_event"]}


def test_slots_are_kept_in_time_order(event, organiser):
    service.add_slot(event, "Session 2", at(15, 15), at(16, 15), actor=organiser)
    service.add_slot(event, "Session 1", at(14), at(15), actor=organiser)
    assert [s.label for s in service.slots_of(event)] == ["Session 1", "Session 2"]


def test_used_room_cannot_be_deleted(event, organiser):
    space = service.add_space(event, "Salle A", 20, actor=organiser)
    slot = service.add_slot(event, "Session 1", at(14), at(15), actor=organiser)
    add_workshop(event, {"title": "Illectronisme", "slot_id": slot.id, "space_id": space.id}, actor=organiser)
    with pytest.raises(DomainError) as exc:
        service.delete_space(event, space, actor=organiser)
    assert exc.value.code == "in_use"


def test_setup_needs_an_organiser_of_the_event(event, other_organiser):
    with pytest.raises(DomainError) as exc:
        service.add_question(event, "Intrusion", actor=other_organiser)
    assert exc.value.code == "forbidden"

from datetime import date, datetime

import pytest

from forum.board import setup as board
from forum.core import signals
from forum.core.errors import DomainError
from forum.events import service
from tests.factories import add_workshop, event_data, make_event, make_item


def codes(error: DomainError, field: str) -> list[str]:
    return [c if isinstance(c, str) else c[0] for c in error.fields.get(field, [])]


def test_create_event_is_a_draft_organised_by_its_creator(organiser):
    event = service.create_event(event_data(), actor=organiser)
    assert event.status == "draft"
    assert event.organisers == [organiser]
    assert event.ical_sequence == 0


def test_create_event_makes_a_slug_from_title_and_date(organiser):
    event = service.create_event(event_data(slug="", title="Forum sur la médiation sociale"), actor=organiser)
    assert event.slug == "forum-sur-la-mediation-sociale-2030-06-13"


def test_create_event_refuses_end_before_start(organiser):
    with pytest.raises(DomainError) as exc:
        service.create_event(event_data(ends_at=datetime(2030, 6, 13, 12, 0)), actor=organiser)
    assert codes(exc.value, "ends_at") == ["end_before_start"]


def test_create_event_refuses_deadline_after_the_event(organiser):
    with pytest.raises(DomainError) as exc:
        service.create_event(event_data(registration_closes_at=datetime(2030, 6, 14, 9, 0)), actor=organiser)
    assert codes(exc.value, "registration_closes_at") == ["deadline_after_event"]


def test_create_event_refuses_a_taken_slug(organiser):
    service.create_event(event_data(), actor=organiser)
    with pytest.raises(DomainError) as exc:
        service.create_event(event_data(), actor=organiser)
    assert codes(exc.value, "slug") == ["slug_taken"]


def test_create_event_refuses_unknown_timezone_and_bad_capacity(organiser):
    with pytest.raises(DomainError) as exc:
        service.create_event(event_data(timezone="Mars/Olympus", capacity=0), actor=organiser)
    assert codes(exc.value, "timezone") == ["bad_timezone"]
    assert codes(exc.value, "capacity") == ["not_positive"]


def test_update_of_time_or_place_raises_the_sequence_and_signals(event, organiser):
    received = []

    def listener(sender, **kw):
        received.append(kw)

    with signals.event_updated.connected_to(listener):
        service.update_event(event, {"venue_room": "Salle du Conseil"}, actor=organiser)
    assert event.ical_sequence == 1
    assert received == [{"changes": {"venue_room"}, "reschedule": True}]


def test_update_of_description_keeps_the_sequence(event, organiser):
    service.update_event(event, {"description": "Nouveau texte"}, actor=organiser)
    assert event.ical_sequence == 0


def test_update_by_another_organiser_is_forbidden(event, other_organiser):
    with pytest.raises(DomainError) as exc:
        service.update_event(event, {"title": "Piraté"}, actor=other_organiser)
    assert exc.value.code == "forbidden"


def test_moving_the_day_moves_its_programme_and_slots(event, organiser):
    slot = board.add_slot(
        event, "Session 1", datetime(2030, 6, 13, 14, 15), datetime(2030, 6, 13, 15, 15), actor=organiser
    )
    service.update_event(
        event, {"starts_at": datetime(2030, 9, 19, 13, 30), "ends_at": datetime(2030, 9, 19, 17, 0)}, actor=organiser
    )
    assert [i.starts_at for i in event.programme][0] == datetime(2030, 9, 19, 13, 30)
    assert slot.starts_at == datetime(2030, 9, 19, 14, 15)


def test_shortening_the_day_under_its_programme_is_refused(event, organiser):
    with pytest.raises(DomainError) as exc:
        service.update_event(event, {"ends_at": datetime(2030, 6, 13, 16, 0)}, actor=organiser)
    assert codes(exc.value, "starts_at") == ["programme_outside"]


def test_publish_unpublish_and_cancel(organiser):
    event = make_event(organiser, status="draft")
    service.publish_event(event, actor=organiser)
    assert event.status == "published"
    service.unpublish_event(event, actor=organiser)
    assert event.status == "draft"
    service.cancel_event(event, actor=organiser)
    assert event.status == "cancelled"
    assert event.ical_sequence == 1


def test_drafts_are_not_public(organiser):
    event = make_event(organiser, status="draft")
    with pytest.raises(DomainError) as exc:
        service.get_public_event(event.slug)
    assert exc.value.code == "not_found"


def test_duplicate_copies_the_format_on_a_new_date_in_a_series(event, organiser):
    board.add_question(event, "Quels besoins ?", actor=organiser)
    space = board.add_space(event, "Salle A", 20, actor=organiser)
    slot = board.add_slot(
        event, "Session 1", datetime(2030, 6, 13, 14, 15), datetime(2030, 6, 13, 15, 15), actor=organiser
    )
    add_workshop(event, {"title": "Accès aux droits", "slot_id": slot.id, "space_id": space.id}, actor=organiser)
    copy = service.duplicate_event(
        event, date(2030, 10, 3), title="Rencontre des encadrants", audience="Encadrants", actor=organiser
    )
    assert copy.status == "draft" and copy.series_id == event.series_id is not None
    assert copy.starts_at == datetime(2030, 10, 3, 13, 30)
    assert copy.registration_closes_at == datetime(2030, 9, 30, 23, 59)
    assert [(i.title, i.starts_at.date()) for i in copy.programme] == [
        (i.title, date(2030, 10, 3)) for i in event.programme
    ]
    assert [w.title for w in board.workshops_of(copy)] == ["Accès aux droits"]
    assert board.slots_of(copy)[0].starts_at == datetime(2030, 10, 3, 14, 15)
    assert copy.audience == "Encadrants" and copy.organisers == [organiser]


def test_programme_item_must_be_inside_the_event(event, organiser):
    with pytest.raises(DomainError) as exc:
        make_item(event, organiser, starts_at=datetime(2030, 6, 13, 12, 0), ends_at=datetime(2030, 6, 13, 13, 0))
    assert codes(exc.value, "starts_at") == ["outside_event"]


def test_programme_item_must_end_after_it_starts(event, organiser):
    with pytest.raises(DomainError) as exc:
        make_item(event, organiser, starts_at=datetime(2030, 6, 13, 15, 0), ends_at=datetime(2030, 6, 13, 15, 0))
    assert codes(exc.value, "ends_at") == ["end_before_start"]


def test_programme_overlap_is_refused_unless_allowed(event, organiser):
    slot = dict(starts_at=datetime(2030, 6, 13, 14, 30), ends_at=datetime(2030, 6, 13, 15, 0), title="Atelier")
    with pytest.raises(DomainError) as exc:
        make_item(event, organiser, **slot)
    assert codes(exc.value, "starts_at") == ["overlap"]
    item = make_item(event, organiser, overlap_allowed=True, **slot)
    assert item.id in service.overlapping_items(event)


def test_programme_stays_in_time_order(organiser):
    event = make_event(organiser, programme=False)
    make_item(event, organiser, starts_at=datetime(2030, 6, 13, 16, 0), ends_at=datetime(2030, 6, 13, 17, 0), title="B")
    make_item(
        event, organiser, starts_at=datetime(2030, 6, 13, 13, 30), ends_at=datetime(2030, 6, 13, 14, 0), title="A"
    )
    assert [i.title for i in event.programme] == ["A", "B"]


def test_moving_an_item_swaps_times_and_keeps_lengths(event, organiser):
    welcome, forum, closing = event.programme
    service.move_programme_item(closing, -1, actor=organiser)
    assert [i.title for i in event.programme] == ["Accueil", "Synthèse", "Forum ouvert"]
    assert (closing.starts_at, closing.ends_at) == (datetime(2030, 6, 13, 14, 0), datetime(2030, 6, 13, 14, 30))
    assert (forum.starts_at, forum.ends_at) == (datetime(2030, 6, 13, 14, 30), datetime(2030, 6, 13, 17, 0))


def test_speakers_are_read_one_per_line(event, organiser):
    item = make_item(
        event,
        organiser,
        starts_at=datetime(2030, 6, 13, 14, 0),
        ends_at=datetime(2030, 6, 13, 14, 30),
        overlap_allowed=True,
        speakers="Laurent Giraud\n\n  Candice Vincent ",
    )
    assert item.speakers == ["Laurent Giraud", "Candice Vincent"]


def test_listed_events_hide_drafts_and_split_past(organiser):
    upcoming = make_event(organiser, slug="a-venir")
    make_event(organiser, slug="brouillon", status="draft")
    past = make_event(
        organiser,
        slug="passe",
        starts_at=datetime(2020, 1, 9, 9, 0),
        ends_at=datetime(2020, 1, 9, 12, 0),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    assert service.listed_events() == [upcoming]
    assert service.listed_events(past=True) == [past]

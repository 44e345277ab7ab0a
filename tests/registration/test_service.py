from datetime import datetime, timedelta

import pytest

from forum.core.errors import DomainError
from forum.events import service as events
from forum.registration import questions, reminders, service
from forum.registration.models import Registration
from tests.factories import make_event, make_registration, person


@pytest.fixture
def small(organiser):
    """An open event with 2 seats and a waiting list."""
    return make_event(organiser, slug="petit", capacity=2, registration_opens_at=None, registration_closes_at=None)


def positions(event):
    return [
        (r.email, r.status, r.waitlist_position)
        for r in sorted(event_regs(event), key=lambda r: (r.status, r.waitlist_position or 0, r.id))
    ]


def event_regs(event):
    from forum.extensions import db

    return db.session.scalars(db.select(Registration).where(Registration.event_id == event.id)).all()


def test_first_come_first_served_then_waiting_list(small):
    regs = [make_registration(small, n) for n in range(1, 5)]
    assert [(r.status, r.waitlist_position) for r in regs] == [
        ("confirmed", None),
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]
    assert service.counts(small) == {"confirmed": 2, "waitlisted": 2, "cancelled": 0, "seats_left": 0}


def test_full_without_waiting_list(organiser):
    event = make_event(
        organiser,
        slug="sans-attente",
        capacity=1,
        waitlist=False,
        registration_opens_at=None,
        registration_closes_at=None,
    )
    make_registration(event, 1)
    with pytest.raises(DomainError) as exc:
        make_registration(event, 2)
    assert exc.value.code == "full"


def test_cancellation_promotes_the_first_waiting_and_closes_the_gap(small):
    a, b, c, d, e = [make_registration(small, n) for n in range(1, 6)]
    service.cancel(a)
    assert (a.status, c.status, c.waitlist_position) == ("cancelled", "confirmed", None)
    assert (d.waitlist_position, e.waitlist_position) == (1, 2)
    assert c.promoted_at is not None


def test_waitlisted_cancellation_renumbers_the_rest(small):
    regs = [make_registration(small, n) for n in range(1, 6)]
    service.cancel(regs[3])
    assert [r.waitlist_position for r in (regs[2], regs[4])] == [1, 2]


def test_promotions_follow_the_order_after_several_cancellations(small):
    regs = [make_registration(small, n) for n in range(1, 8)]
    service.cancel(regs[0])
    service.cancel(regs[1])
    assert [r.status for r in regs] == [
        "cancelled",
        "cancelled",
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
        "waitlisted",
    ]
    assert [r.waitlist_position for r in regs[4:]] == [1, 2, 3]


def test_higher_capacity_promotes_in_order(small, organiser):
    regs = [make_registration(small, n) for n in range(1, 6)]
    promoted = service.set_capacity(small, 4, actor=organiser)
    assert [r.id for r in promoted] == [regs[2].id, regs[3].id]
    assert regs[4].waitlist_position == 1


def test_capacity_cannot_go_below_confirmed(small, organiser):
    make_registration(small, 1)
    make_registration(small, 2)
    with pytest.raises(DomainError) as exc:
        service.set_capacity(small, 1, actor=organiser)
    assert exc.value.fields["capacity"][0][0] == "capacity_too_small"
    with pytest.raises(DomainError):
        events.update_event(small, {"capacity": 1}, actor=organiser)
    assert small.capacity == 2


def test_editing_the_event_capacity_promotes(small, organiser):
    regs = [make_registration(small, n) for n in range(1, 4)]
    events.update_event(small, {"capacity": 3}, actor=organiser)
    assert regs[2].status == "confirmed"


def test_organiser_removal_frees_the_seat(small, organiser):
    regs = [make_registration(small, n) for n in range(1, 4)]
    service.remove(regs[0], actor=organiser)
    assert regs[2].status == "confirmed" and len(event_regs(small)) == 2


def test_promote_by_hand_adds_a_seat_when_full(small, organiser):
    regs = [make_registration(small, n) for n in range(1, 5)]
    service.promote(regs[3], actor=organiser)
    assert regs[3].status == "confirmed" and small.capacity == 3 and regs[2].waitlist_position == 1


def test_same_email_twice_gives_the_existing_registration(small):
    first = service.register(small, person(1))
    again = service.register(small, person(1, email="PERSONNE1@example.org", first_name="Autre"))
    assert again.duplicate and again.registration.id == first.registration.id
    assert again.registration.first_name == "Prénom1" and len(event_regs(small)) == 1
    assert again.token == first.token


def test_a_cancelled_person_can_register_again(small):
    reg = make_registration(small, 1)
    service.cancel(reg)
    again = service.register(small, person(1))
    assert not again.duplicate and again.registration.id == reg.id and reg.status == "confirmed"


def test_registration_is_refused_before_opening_and_after_deadline(organiser):
    now = datetime.now() + timedelta(days=30)
    future = make_event(
        organiser,
        slug="futur",
        starts_at=now,
        ends_at=now + timedelta(hours=3),
        registration_opens_at=now - timedelta(days=5),
        registration_closes_at=now - timedelta(days=1),
        programme=False,
    )
    with pytest.raises(DomainError) as exc:
        make_registration(future, 1)
    assert exc.value.code == "not_open"
    past_deadline = make_event(
        organiser,
        slug="clos",
        starts_at=now,
        ends_at=now + timedelta(hours=3),
        registration_opens_at=None,
        registration_closes_at=datetime.now() - timedelta(hours=1),
        programme=False,
    )
    with pytest.raises(DomainError) as exc:
        make_registration(past_deadline, 1)
    assert exc.value.code == "closed"
    assert service.register(past_deadline, person(2), actor=organiser).registration.added_by_organiser


def test_drafts_and_cancelled_events_take_no_registration(organiser):
    draft = make_event(
        organiser, slug="brouillon", status="draft", registration_opens_at=None, registration_closes_at=None
    )
    with pytest.raises(DomainError) as exc:
        make_registration(draft, 1)
    assert exc.value.code == "closed"


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("email", "pas-une-adresse", "bad_email"),
        ("first_name", "", "required"),
        ("organisation", "  ", "required"),
        ("role", "president", "bad_choice"),
        ("phone", "appelez-moi", "bad_phone"),
        ("last_name", "x" * 101, "too_long"),
        ("consent", False, "consent_required"),
    ],
)
def test_bad_input_is_refused_by_field(small, field, value, code):
    with pytest.raises(DomainError) as exc:
        service.register(small, person(1, **{field: value}))
    first = exc.value.fields[field][0]
    assert (first if isinstance(first, str) else first[0]) == code


def test_consent_version_is_recorded(small):
    reg = make_registration(small, 1)
    assert reg.consent_version and reg.consent_at is not None


def test_personal_token_finds_the_registration_and_is_stored_hashed(small):
    result = service.register(small, person(1))
    assert service.get_by_token(result.token) == result.registration
    assert result.token not in (result.registration.token_hash, result.registration.public_id)
    with pytest.raises(DomainError):
        service.get_by_token("faux-lien")


def test_team_registration_shares_capacity_in_order(small):
    results = service.register_team(
        small,
        {
            "contact_name": "Responsable",
            "contact_email": "chef@example.org",
            "organisation": "Ville de Lille",
            "consent": True,
        },
        [person(n, organisation="") for n in range(1, 4)],
    )
    assert [r.registration.status for r in results] == ["confirmed", "confirmed", "waitlisted"]
    assert {r.registration.organisation for r in results} == {"Ville de Lille"}
    assert len({r.token for r in results}) == 3 and results[0].registration.group.contact_email == "chef@example.org"


def test_team_errors_name_the_member(small):
    with pytest.raises(DomainError) as exc:
        service.register_team(
            small,
            {"contact_name": "R", "contact_email": "chef@example.org", "organisation": "Ville", "consent": True},
            [person(1), person(2, email="faux")],
        )
    assert exc.value.fields == {"members-1-email": ["bad_email"]}
    assert event_regs(small) == []


def test_custom_questions_are_checked_and_stored(small, organiser):
    q1 = questions.add_form_question(
        small, {"label": "Déjeuner sur place ?", "kind": "yes_no", "required": True}, actor=organiser
    )
    q2 = questions.add_form_question(
        small, {"label": "Atelier préféré", "kind": "choice", "options": "Illectronisme\nFormation"}, actor=organiser
    )
    q3 = questions.add_form_question(
        small, {"label": "Thèmes", "kind": "choices", "options": ["A", "B", "C"]}, actor=organiser
    )
    with pytest.raises(DomainError) as exc:
        service.register(small, person(1), answers={str(q2.id): "Autre"})
    assert exc.value.fields == {f"q_{q1.id}": ["required"], f"q_{q2.id}": ["bad_choice"]}
    reg = service.register(
        small, person(1), answers={str(q1.id): "yes", str(q2.id): "Formation", str(q3.id): ["C", "A"]}
    ).registration
    assert {a.question_id: a.value for a in reg.answers} == {q1.id: True, q2.id: "Formation", q3.id: ["A", "C"]}


def test_a_question_can_be_reworded_and_its_choices_changed(small, organiser):
    q = questions.add_form_question(
        small, {"label": "Atelier prefere", "kind": "choice", "options": "A\nB"}, actor=organiser
    )
    questions.update_form_question(
        small,
        q,
        {"label": "Atelier préféré", "kind": "choice", "options": "A\nB\nC", "required": True},
        actor=organiser,
    )
    assert (q.label, q.options, q.required) == ("Atelier préféré", ["A", "B", "C"], True)


def test_the_kind_of_an_answered_question_cannot_change(small, organiser):
    q = questions.add_form_question(small, {"label": "Déjeuner ?", "kind": "short_text"}, actor=organiser)
    questions.update_form_question(
        small, q, {"label": "Déjeuner ?", "kind": "yes_no"}, actor=organiser
    )  # nobody answered
    service.register(small, person(1), answers={str(q.id): "oui"})
    with pytest.raises(DomainError) as exc:
        questions.update_form_question(small, q, {"label": "Déjeuner ?", "kind": "short_text"}, actor=organiser)
    assert exc.value.fields == {"kind": ["question_answered"]} and q.kind == "yes_no"


def test_answers_keep_a_choice_no_longer_offered(small, organiser):
    q = questions.add_form_question(small, {"label": "Atelier", "kind": "choice", "options": "A\nB"}, actor=organiser)
    reg = service.register(small, person(1), answers={str(q.id): "B"}).registration
    questions.update_form_question(small, q, {"label": "Atelier", "kind": "choice", "options": "A\nC"}, actor=organiser)
    assert [a.value for a in reg.answers] == ["B"]


def test_only_the_events_organisers_change_its_questions(small, organiser, other_organiser):
    q = questions.add_form_question(small, {"label": "Atelier", "kind": "short_text"}, actor=organiser)
    with pytest.raises(DomainError):
        questions.update_form_question(small, q, {"label": "Piraté", "kind": "short_text"}, actor=other_organiser)
    assert q.label == "Atelier"


def test_update_details_refuses_a_taken_email(small):
    make_registration(small, 1)
    reg = make_registration(small, 2)
    with pytest.raises(DomainError) as exc:
        service.update_details(reg, {"email": "personne1@example.org"})
    assert exc.value.fields == {"email": ["duplicate"]}
    service.update_details(reg, {"territory": "Roubaix"})
    assert reg.territory == "Roubaix"


def test_export_and_delete_my_data(small):
    regs = [make_registration(small, n) for n in range(1, 4)]
    data = service.export_my_data(regs[0])
    assert data["registration"]["email"] == "personne1@example.org" and data["registration"]["consent_version"]
    service.delete_my_data(regs[0])
    assert regs[2].status == "confirmed" and len(event_regs(small)) == 2


def test_reminders_are_marked_once(small):
    reg = make_registration(small, 1)
    assert reminders.mark_reminded(reg.id) is True
    assert reminders.mark_reminded(reg.id) is False


def test_other_organiser_cannot_manage_registrations(small, other_organiser):
    reg = make_registration(small, 1)
    for call in (
        lambda: service.cancel(reg, actor=other_organiser),
        lambda: service.remove(reg, actor=other_organiser),
        lambda: service.set_capacity(small, 10, actor=other_organiser),
        lambda: service.update_details(reg, {"territory": "x"}, actor=other_organiser),
    ):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "forbidden"

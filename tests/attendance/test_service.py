import pytest

from forum.attendance import service
from forum.core.errors import DomainError
from forum.registration import service as registration
from tests.factories import make_event, person


@pytest.fixture
def small(organiser):
    return make_event(organiser, slug="petit", capacity=2, registration_opens_at=None, registration_closes_at=None)


def test_check_in_is_idempotent(small, organiser):
    r = registration.register(small, person(1)).registration
    first = service.check_in(small, r, actor=organiser).checked_in_at
    assert service.check_in(small, r, actor=organiser).checked_in_at == first is not None
    assert service.counters(small) == {"expected": 1, "arrived": 1, "walk_ins": 0}


def test_undo(small, organiser):
    r = registration.register(small, person(1)).registration
    service.check_in(small, r, actor=organiser)
    service.undo_check_in(small, r, actor=organiser)
    assert r.checked_in_at is None


def test_waitlisted_person_cannot_be_checked_in(small, organiser):
    regs = [registration.register(small, person(n)).registration for n in range(3)]
    with pytest.raises(DomainError) as exc:
        service.check_in(small, regs[2], actor=organiser)
    assert exc.value.code == "not_confirmed"


def test_check_in_by_link_or_token(small, organiser):
    result = registration.register(small, person(1))
    service.check_in_by_code(small, f"http://forum.test/r/{result.token}", actor=organiser)
    assert result.registration.checked_in_at is not None
    with pytest.raises(DomainError) as exc:
        service.check_in_by_code(small, "n'importe quoi", actor=organiser)
    assert exc.value.fields == {"code": ["bad_checkin_code"]}


def test_walk_ins_count_against_capacity_unless_overridden(small, organiser):
    service.walk_in(small, person(1), actor=organiser)
    service.walk_in(small, person(2), actor=organiser)
    with pytest.raises(DomainError) as exc:
        service.walk_in(small, person(3), actor=organiser)
    assert exc.value.code == "full"
    r = service.walk_in(small, person(3), actor=organiser, override_capacity=True)
    assert r.status == "confirmed" and small.capacity == 3
    assert service.counters(small) == {"expected": 3, "arrived": 3, "walk_ins": 3}


def test_only_organisers_of_the_event(small, other_organiser):
    r = registration.register(small, person(1)).registration
    with pytest.raises(DomainError) as exc:
        service.check_in(small, r, actor=other_organiser)
    assert exc.value.code == "forbidden"

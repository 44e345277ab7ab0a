import threading

import pytest
import requests

from forum.accounts.service import issue_api_token
from forum.registration import service as registration
from tests.conftest import login
from tests.factories import make_event, person


@pytest.fixture
def day(organiser):
    return make_event(organiser, slug="jour", capacity=5, registration_opens_at=None, registration_closes_at=None)


def test_page_searches_and_taps(signed_in, day):
    r = registration.register(day, person(1, last_name="Lefèvre")).registration
    registration.register(day, person(2, last_name="Martin"))
    page = signed_in.get("/manage/jour/checkin?q=lef").get_data(as_text=True)
    assert "Lefèvre" in page and "Martin" not in page and "<strong>0</strong> / 2 arrivés" in page
    signed_in.post(f"/manage/jour/checkin/{r.id}/in")
    assert r.checked_in_at is not None
    assert "<strong>1</strong> / 2 arrivés" in signed_in.get("/manage/jour/checkin?partial=1").get_data(as_text=True)
    signed_in.post(f"/manage/jour/checkin/{r.id}/undo")
    assert r.checked_in_at is None


def test_code_form(signed_in, day):
    result = registration.register(day, person(1))
    assert signed_in.post("/manage/jour/checkin/code", data={"code-code": result.token}).status_code == 302
    assert result.registration.checked_in_at is not None
    response = signed_in.post("/manage/jour/checkin/code", data={"code-code": "faux"})
    assert response.status_code == 422 and 'value="faux"' in response.get_data(as_text=True)


def test_walk_in_form_keeps_what_was_typed_on_error(signed_in, day):
    response = signed_in.post("/manage/jour/checkin/walk-in", data={"walkin-first_name": "Awa", "walkin-last_name": "",
                                                                   "walkin-email": "awa@example.org", "walkin-role": "elu"})
    assert response.status_code == 422 and 'value="Awa"' in response.get_data(as_text=True)
    response = signed_in.post("/manage/jour/checkin/walk-in", data={
        "walkin-first_name": "Awa", "walkin-last_name": "Diallo", "walkin-email": "awa@example.org",
        "walkin-organisation": "Ville", "walkin-role": "elu"})
    assert response.status_code == 302


def test_other_organisers_and_visitors_are_refused(client, day, other_organiser):
    r = registration.register(day, person(1)).registration
    routes = [("GET", "/manage/jour/checkin"), ("POST", f"/manage/jour/checkin/{r.id}/in"),
              ("POST", "/manage/jour/checkin/code"), ("POST", "/manage/jour/checkin/walk-in")]
    for method, path in routes:
        assert "/login" in client.open(path, method=method).headers.get("Location", ""), path
    login(client, email=other_organiser.email)
    for method, path in routes:
        assert client.open(path, method=method).status_code == 403, path
    assert r.checked_in_at is None


@pytest.mark.slow
def test_several_organisers_checking_in_at_once_count_once(app, day, organiser):
    from tests.servers import http_server
    regs = [registration.register(day, person(n)).registration for n in range(3)]
    token = issue_api_token(organiser)
    ids = [r.id for r in regs]
    from forum.extensions import db
    db.session.remove()
    with http_server(app) as base:
        barrier = threading.Barrier(12)
        statuses = []

        def tap(n):
            barrier.wait()
            statuses.append(requests.post(f"{base}/api/v1/events/jour/checkins", json={"registration_id": ids[n % 3]},
                                          headers={"Authorization": f"Bearer {token}"}, timeout=30).status_code)

        threads = [threading.Thread(target=tap, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [200] * 12
    from forum.attendance.service import counters
    from forum.events.service import get_event
    assert counters(get_event("jour")) == {"expected": 3, "arrived": 3, "walk_ins": 0}

import threading
from contextlib import contextmanager

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
    assert "Lefèvre" in page and "Martin" not in page and "<strong>0</strong> / 2 arrivé·e<" in page
    signed_in.post(f"/manage/jour/checkin/{r.id}/in")
    assert r.checked_in_at is not None
    assert "<strong>1</strong> / 2 arrivé·e<" in signed_in.get("/manage/jour/checkin?partial=1").get_data(as_text=True)
    signed_in.post(f"/manage/jour/checkin/{r.id}/undo")
    assert r.checked_in_at is None


def test_code_form_takes_the_check_in_code_as_printed_or_typed(signed_in, day):
    r = registration.register(day, person(1)).registration
    typed = r.shown_checkin_code.lower().replace("-", " ")
    assert signed_in.post("/manage/jour/checkin/code", data={"code-code": typed}).status_code == 302
    assert r.checked_in_at is not None
    response = signed_in.post(
        "/manage/jour/checkin/code", data={"code-code": "faux"}, headers={"Accept-Language": "fr"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="faux"' in page and "ce code d’accueil" in page


def test_the_qr_carries_the_check_in_code_not_the_personal_link(client, day):
    import segno

    result = registration.register(day, person(1))
    page = client.get(f"/r/{result.token}").get_data(as_text=True)
    r = result.registration
    assert segno.make_qr(r.checkin_code, error="m").svg_data_uri(scale=8, border=4) in page
    assert r.shown_checkin_code in page
    link_qr = segno.make_qr(f"http://forum.test/r/{result.token}", error="m").svg_data_uri(scale=8, border=4)
    assert link_qr not in page


def test_a_check_in_code_of_another_event_is_refused(signed_in, day, organiser):
    other = make_event(organiser, slug="autre", registration_opens_at=None, registration_closes_at=None)
    r = registration.register(other, person(1)).registration
    response = signed_in.post("/manage/jour/checkin/code", data={"code-code": r.checkin_code})
    assert response.status_code == 422 and r.checked_in_at is None


def test_walk_in_form_keeps_what_was_typed_on_error(signed_in, day):
    response = signed_in.post(
        "/manage/jour/checkin/walk-in",
        data={
            "walkin-first_name": "Awa",
            "walkin-last_name": "",
            "walkin-email": "awa@example.org",
            "walkin-role": "elu",
        },
    )
    assert response.status_code == 422 and 'value="Awa"' in response.get_data(as_text=True)
    response = signed_in.post(
        "/manage/jour/checkin/walk-in",
        data={
            "walkin-first_name": "Awa",
            "walkin-last_name": "Diallo",
            "walkin-email": "awa@example.org",
            "walkin-organisation": "Ville",
            "walkin-role": "elu",
        },
    )
    assert response.status_code == 302


def test_other_organisers_and_visitors_are_refused(client, day, other_organiser):
    r = registration.register(day, person(1)).registration
    routes = [
        ("GET", "/manage/jour/checkin"),
        ("POST", f"/manage/jour/checkin/{r.id}/in"),
        ("POST", "/manage/jour/checkin/code"),
        ("POST", "/manage/jour/checkin/walk-in"),
    ]
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
            statuses.append(
                requests.post(
                    f"{base}/api/v1/events/jour/checkins",
                    json={"registration_id": ids[n % 3]},
                    headers={"Authorization": f"Bearer {token}"},
                    timeout=30,
                ).status_code
            )

        threads = [threading.Thread(target=tap, args=(n,)) for n in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert statuses == [200] * 12
    from forum.attendance.service import counters
    from forum.events.service import get_event

    assert counters(get_event("jour")) == {"expected": 3, "arrived": 3, "walk_ins": 0}


@contextmanager
def counted_commits():
    """Every commit of any session while inside."""
    from sqlalchemy import event as sa_event
    from sqlalchemy.orm import Session

    commits = []

    def count(session):
        commits.append(session)

    sa_event.listen(Session, "after_commit", count)
    try:
        yield commits
    finally:
        sa_event.remove(Session, "after_commit", count)


def test_a_walk_in_already_registered_is_checked_in_as_registered_in_one_transaction(signed_in, day, db):
    from forum.mail.models import MailMessage

    r = registration.register(day, person(1)).registration
    mails_before = db.session.query(MailMessage).count()
    with counted_commits() as commits:
        response = signed_in.post(
            "/manage/jour/checkin/walk-in",
            data={
                "walkin-first_name": "Prénom1",
                "walkin-last_name": "Nom1",
                "walkin-email": r.email,
                "walkin-organisation": "Structure",
                "walkin-role": "elu",
            },
        )
    assert response.status_code == 302
    db.session.refresh(r)
    assert r.checked_in_at is not None and r.walk_in is False
    assert len(commits) == 1 and db.session.query(MailMessage).count() == mails_before  # no link mailed again
    from forum.attendance.service import counters

    assert counters(day) == {"expected": 1, "arrived": 1, "walk_ins": 0}


def test_a_walk_in_is_registered_and_checked_in_in_one_transaction(signed_in, day, db):
    """What the first commit leaves in the database is already the walk-in, checked in."""
    from sqlalchemy import select

    from forum.registration.models import Registration

    seen = []

    def first_commit_state(session):
        if not seen:
            with db.engine.connect() as other:
                seen.append(
                    other.execute(
                        select(Registration.walk_in, Registration.checked_in_at).where(
                            Registration.email == "awa@example.org"
                        )
                    ).one()
                )

    from sqlalchemy import event as sa_event
    from sqlalchemy.orm import Session

    sa_event.listen(Session, "after_commit", first_commit_state)
    try:
        signed_in.post(
            "/manage/jour/checkin/walk-in",
            data={
                "walkin-first_name": "Awa",
                "walkin-last_name": "Diallo",
                "walkin-email": "awa@example.org",
                "walkin-organisation": "Structure",
                "walkin-role": "elu",
            },
        )
    finally:
        sa_event.remove(Session, "after_commit", first_commit_state)
    walk_in, checked_in_at = seen[0]
    assert walk_in is True and checked_in_at is not None
    from forum.attendance.service import counters

    assert counters(day) == {"expected": 1, "arrived": 1, "walk_ins": 1}

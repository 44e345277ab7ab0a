"""Two phones back on the network at once, each sending its offline queue (one of them twice, its first answer
lost), against a real server on PostgreSQL: every action applied once, every person counted once."""

import threading
import uuid

import pytest
import requests

from forum import create_app
from forum.attendance.models import DoorAction
from forum.attendance.service import counters
from forum.extensions import db
from forum.registration.models import Registration
from tests import factories
from tests.servers import http_server, postgres_bin, postgres_server

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _phone(base: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    page = session.get(f"{base}/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    session.post(
        f"{base}/login",
        data={"csrf_token": token, "email": "organisatrice@example.org", "password": factories.PASSWORD},
        allow_redirects=False,
    )
    return session, session.get(f"{base}/manage/jour/checkin/list.json").json()["csrf"]


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries not found")
def test_two_phones_syncing_at_once_count_everyone_once_on_postgresql(tmp_path):
    with postgres_server() as url:
        app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=url,
            MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
            LOGIN_RATE_LIMIT="1000 per minute",
        )
        with app.app_context():
            db.create_all()
            organiser = factories.make_organiser()
            event = factories.make_event(
                organiser,
                slug="jour",
                capacity=100,
                registration_opens_at=None,
                registration_closes_at=None,
                programme=False,
            )
            ids = [factories.make_registration(event, n).id for n in range(1, 41)]
            event_id = event.id
            db.session.remove()
        with http_server(app) as base:
            phones = [_phone(base), _phone(base)]
            queues = [
                [{"id": str(uuid.uuid4()), "kind": "checkin", "registration_id": rid} for rid in ids] for _ in phones
            ]
            sends = [(0, 0), (1, 1), (0, 0)]  # phone 1 sends its queue twice at once (a retry)
            barrier = threading.Barrier(len(sends))
            answers: list[dict] = []

            def send(phone: int, queue: int) -> None:
                session, csrf = phones[phone]
                barrier.wait()
                answer = session.post(
                    f"{base}/manage/jour/checkin/sync",
                    json={"actions": queues[queue]},
                    headers={"X-CSRFToken": csrf},
                    timeout=120,
                )
                assert answer.status_code == 200, answer.text
                answers.append(answer.json())

            threads = [threading.Thread(target=send, args=pair) for pair in sends]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        assert len(answers) == 3
        results = [r for answer in answers for r in answer["results"]]
        assert all(r.get("result") in ("arrived", "already") for r in results), results
        with app.app_context():
            from forum.events.models import Event

            event = db.session.get(Event, event_id)
            assert counters(event) == {"expected": 40, "arrived": 40, "walk_ins": 0}
            assert db.session.query(DoorAction).filter_by(event_id=event_id).count() == 80
            first = {r["person"]["id"] for r in results if r["result"] == "arrived"}
            assert first == set(ids)  # each person "arrived" once; the other phone heard "already"
            arrived_answers = [r for r in results if r["result"] == "arrived"]
            assert len({r["id"] for r in arrived_answers}) == 40
            assert db.session.query(Registration).filter(Registration.checked_in_at.is_not(None)).count() == 40
            db.session.remove()

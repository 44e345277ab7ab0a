"""200 people register at once for 50 seats, through a real HTTP server: never an overbooked seat."""

import threading

import pytest
import requests

from forum import create_app
from forum.extensions import db
from forum.registration.models import Registration
from tests import factories
from tests.servers import http_server, postgres_bin, postgres_server, start_app_process, stop


def rush(bases: list[str], slug: str, people: int) -> list[int]:
    """``people`` threads post their registration together, spread over the servers; returns the HTTP statuses."""
    barrier = threading.Barrier(people)
    statuses: list[int] = []

    def one(n: int) -> None:
        body = factories.person(n)
        barrier.wait()
        statuses.append(
            requests.post(
                f"{bases[n % len(bases)]}/api/v1/events/{slug}/registrations", json=body, timeout=120
            ).status_code
        )

    threads = [threading.Thread(target=one, args=(n,)) for n in range(people)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


def check_rush(app, url: str) -> None:
    """Exactly 50 confirmed and a waiting list numbered 1 to 150 without gaps."""
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        event = factories.make_event(
            organiser,
            slug="ruee",
            capacity=50,
            registration_opens_at=None,
            registration_closes_at=None,
            programme=False,
        )
        event_id = event.id
        db.session.remove()
    with http_server(app) as base:
        statuses = rush([base], "ruee", 200)
    assert statuses.count(201) == 200, statuses
    with app.app_context():
        rows = db.session.scalars(db.select(Registration).where(Registration.event_id == event_id)).all()
        confirmed = [r for r in rows if r.status == "confirmed"]
        positions = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
        assert len(confirmed) == 50
        assert positions == list(range(1, 151))
        db.session.remove()


def make_app(url, tmp_path):
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        REGISTRATION_RATE_LIMIT="10000 per minute",
    )


@pytest.mark.slow
def test_rush_on_sqlite(tmp_path):
    check_rush(make_app(f"sqlite:///{tmp_path / 'rush.db'}", tmp_path), "sqlite")


@pytest.mark.postgres
def test_rush_on_postgresql(tmp_path):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    with postgres_server() as url:
        check_rush(make_app(url, tmp_path), url)


def start_server_processes(url: str, tmp_path, count: int = 2) -> tuple[list, list[str]]:
    """``count`` real server processes (`python -m forum.serve`) on one database."""
    started = [
        start_app_process(
            {
                "DATABASE_URL": url,
                "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
                "SECRET_KEY": "t" * 32,
                "REGISTRATION_RATE_LIMIT": "100000 per minute",
            }
        )
        for _ in range(count)
    ]
    return [p for p, _ in started], [b for _, b in started]


def check_two_processes(url: str, tmp_path) -> None:
    app = make_app(url, tmp_path)
    with app.app_context():
        db.create_all()
        factories.make_event(
            factories.make_organiser(),
            slug="ruee",
            capacity=50,
            registration_opens_at=None,
            registration_closes_at=None,
            programme=False,
        )
        db.session.remove()
    procs, bases = start_server_processes(url, tmp_path)
    try:
        statuses = rush(bases, "ruee", 200)
    finally:
        for p in procs:
            stop(p)
    assert statuses.count(201) == 200, statuses
    with app.app_context():
        rows = db.session.scalars(db.select(Registration)).all()
        assert sum(r.status == "confirmed" for r in rows) == 50
        assert sorted(r.waitlist_position for r in rows if r.status == "waitlisted") == list(range(1, 151))
        db.session.remove()


@pytest.mark.slow
def test_rush_across_two_server_processes_on_sqlite(tmp_path):
    check_two_processes(f"sqlite:///{tmp_path / 'two.db'}", tmp_path)


@pytest.mark.postgres
def test_rush_across_two_server_processes_on_postgresql(tmp_path):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    with postgres_server() as url:
        check_two_processes(url, tmp_path)

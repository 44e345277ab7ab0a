"""The transactional outbox with real processes: the server killed after a registration's commit,
a stuck SMTP relay, two workers on PostgreSQL, an event's change to 500 people."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
import requests
from aiosmtpd.controller import Controller

from forum import create_app
from forum.extensions import db
from forum.mail.models import MailMessage
from tests import factories
from tests.mail.conftest import Inbox, Receiver, free_port
from tests.servers import postgres_bin, postgres_server, start_app_process, stop

pytestmark = pytest.mark.slow
SECRET = "outbox-tests-secret-of-at-least-32-chars"


def wait_until(condition, seconds: float = 60, what: str = "") -> None:
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"not reached within {seconds} s: {what}")


@pytest.fixture
def relay():
    """A real SMTP server in this process (aiosmtpd)."""
    inbox = Inbox()
    controller = Controller(Receiver(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def make_database(url: str, people: int = 0):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        event = factories.make_event(
            organiser, slug="jour", capacity=1000, registration_opens_at=None, registration_closes_at=None
        )
        from forum.registration import service

        for n in range(people):
            service.register(event, factories.person(n))
        db.session.remove()
    return app


def server_env(url, port, tmp_path, **extra):
    return {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(port),
        "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        "REGISTRATION_RATE_LIMIT": "10000 per minute",
        **extra,
    }


def register_over_http(base: str, n: int) -> requests.Response:
    return requests.post(f"{base}/api/v1/events/jour/registrations", json=factories.person(n), timeout=30)


def test_a_server_killed_after_the_commit_still_sends_the_confirmation_once(tmp_path, relay):
    inbox, port = relay
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    app = make_database(url)
    # the first server delivers nothing, as if it died between the registration's commit and any sending
    server, base = start_app_process(server_env(url, port, tmp_path, MAIL_WORKER="0"))
    assert register_over_http(base, 1).status_code == 201
    server.send_signal(signal.SIGKILL)
    server.wait()
    with app.app_context():
        assert [m.status for m in db.session.scalars(db.select(MailMessage))] == ["pending"]
        db.session.remove()
    assert inbox.received == []
    again, _ = start_app_process(server_env(url, port, tmp_path))  # restarted, with its mail worker
    try:
        wait_until(lambda: len(inbox.received) >= 1, what="the confirmation")
        time.sleep(1.5)  # a second delivery, if any, would come now
    finally:
        stop(again)
    assert [m["To"] for m in inbox.received] == ["personne1@example.org"]
    assert "confirmée" in inbox.received[0]["Subject"]


def test_a_stuck_relay_does_not_hold_registrations(tmp_path):
    release = threading.Event()

    class StuckReceiver(Receiver):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            import asyncio

            while not release.is_set():  # the relay answers nothing until the test lets it
                await asyncio.sleep(0.05)
            return await super().handle_DATA(server, session, envelope)

    inbox = Inbox()
    controller = Controller(StuckReceiver(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    url = f"sqlite:///{tmp_path / 'stuck.db'}"
    make_database(url)
    server, base = start_app_process(server_env(url, controller.port, tmp_path))
    try:
        statuses = [register_over_http(base, n).status_code for n in range(10)]
        assert statuses == [201] * 10 and inbox.received == []  # every answer came while the relay was stuck
        release.set()
        wait_until(lambda: len(inbox.received) == 10, what="10 confirmations once the relay answers")
    finally:
        release.set()
        stop(server)
        controller.stop()
    assert sorted(m["To"] for m in inbox.received) == sorted(f"personne{n}@example.org" for n in range(10))


@pytest.mark.postgres
def test_two_workers_on_postgresql_deliver_500_messages_once_each(tmp_path, relay):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    inbox, port = relay
    with postgres_server() as url:
        app = make_database(url, people=500)
        with app.app_context():
            assert (
                db.session.scalar(
                    db.select(db.func.count()).select_from(MailMessage).where(MailMessage.status == "pending")
                )
                == 500
            )
            db.session.remove()
        env = {**os.environ, **server_env(url, port, tmp_path), "FLASK_APP": "wsgi"}
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "flask", "forum", "mail-worker", "--idle", "0.2"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        try:
            wait_until(lambda: len(inbox.received) >= 500, seconds=180, what="500 messages")
            time.sleep(1.5)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(10)
        recipients = [m["To"] for m in inbox.received]
        assert len(recipients) == 500 and len(set(recipients)) == 500
        with app.app_context():
            statuses = db.session.scalars(db.select(MailMessage.status)).all()
            assert statuses.count("sent") == 500
            db.session.remove()


def test_a_change_of_date_to_500_people_answers_at_once_and_the_outbox_shows_the_progress(tmp_path, relay):
    inbox, port = relay
    url = f"sqlite:///{tmp_path / 'change.db'}"
    app = make_database(url, people=500)
    with app.app_context():
        db.session.execute(db.delete(MailMessage))  # the confirmations are not the point here
        db.session.commit()
        db.session.remove()
    server, base = start_app_process(server_env(url, port, tmp_path, MAIL_WORKER="0"))
    try:
        browser = requests.Session()
        browser.headers["Accept-Language"] = "fr"
        browser.post(f"{base}/login", data=_login_form(browser, base), timeout=10)
        form = _edit_form(browser, base)
        form["starts_at"], form["ends_at"] = "2030-06-20T13:30", "2030-06-20T17:00"
        assert browser.post(f"{base}/manage/jour/edit", data=form, timeout=30, allow_redirects=False).status_code == 302
        assert inbox.received == []  # the request sent nothing itself
        page = browser.get(f"{base}/manage/jour/mail", timeout=10).text
        assert "<strong>500\u00a0e-mails en attente d’envoi</strong>" in page
    finally:
        stop(server)
    worker, base = start_app_process(server_env(url, port, tmp_path))
    try:
        wait_until(lambda: len(inbox.received) == 500, seconds=180, what="500 updates")
        # the relay has the last message a moment before the worker writes it down as delivered
        wait_until(
            lambda: "0\u00a0e-mail en attente d’envoi" in browser.get(f"{base}/manage/jour/mail", timeout=10).text,
            seconds=30,
            what="the outbox's counter",
        )
        page = browser.get(f"{base}/manage/jour/mail", timeout=10).text
        assert "0\u00a0e-mail en attente d’envoi" in page and "500\u00a0remis" in page
    finally:
        stop(worker)
    assert all("Changement" in m["Subject"] for m in inbox.received)


def _csrf(browser, url) -> str:
    import re

    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', browser.get(url, timeout=10).text).group(1)


def _login_form(browser, base) -> dict:
    return {
        "csrf_token": _csrf(browser, f"{base}/login"),
        "email": "organisatrice@example.org",
        "password": factories.PASSWORD,
    }


def _edit_form(browser, base) -> dict:
    import re

    page = browser.get(f"{base}/manage/jour/edit", timeout=10).text
    form = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    form |= {"timezone": "Europe/Paris", "language": "fr", "title": "Rencontre régionale des médiateurs sociaux"}
    form.pop("waitlist", None)
    return form


class SlowReceiver(Receiver):
    """A relay that takes 50 ms to accept each message: a worker killed mid-batch is killed mid-message."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import asyncio

        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_worker_killed_mid_batch_and_restarted_delivers_everything_once_within_a_minute(tmp_path, database):
    if database == "postgresql":
        if postgres_bin() is None:
            pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
        with postgres_server() as url:
            _kill_and_restart(tmp_path, url)
    else:
        _kill_and_restart(tmp_path, f"sqlite:///{tmp_path / 'crash.db'}")


def _kill_and_restart(tmp_path, url):
    inbox = Inbox()
    controller = Controller(SlowReceiver(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    app = make_database(url, people=150)
    env = {**os.environ, **server_env(url, controller.port, tmp_path), "FLASK_APP": "wsgi"}

    def start():
        return subprocess.Popen(
            [sys.executable, "-m", "flask", "forum", "mail-worker", "--idle", "0.2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    try:
        for _ in range(2):  # killed twice, each time with a batch claimed and half sent
            worker = start()
            already = len(inbox.received)
            wait_until(lambda: len(inbox.received) >= already + 20, seconds=60, what="the worker delivering")
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
        with app.app_context():
            held = db.session.scalar(
                db.select(db.func.count()).select_from(MailMessage).where(MailMessage.status == "sending")
            )
            db.session.remove()
        assert held > 0  # the dead worker's claims
        restarted, began = start(), time.time()
        try:
            wait_until(lambda: len(inbox.received) >= 150, seconds=60, what="every message after the restart")
            elapsed = time.time() - began
            time.sleep(1)
        finally:
            restarted.terminate()
            restarted.wait(10)
    finally:
        controller.stop()
    # each person gets their message; a message the relay accepted in the instant before the kill (the worker
    # died before writing that it was sent) can come again, with the same Message-ID: mail systems keep one
    ids: dict[str, set] = {}
    for m in inbox.received:
        ids.setdefault(m["To"], set()).add(m["Message-ID"])
    assert len(ids) == 150 and all(len(found) == 1 for found in ids.values())
    assert len(inbox.received) - 150 <= 2  # at most the one in doubt at each kill
    assert elapsed < 60
    with app.app_context():
        assert db.session.scalars(db.select(MailMessage.status)).all().count("sent") == 150
        db.session.remove()


def _workers_of(pid: int) -> list[int]:
    """The mail-worker processes whose parent is ``pid``."""
    found = []
    for proc in os.listdir("/proc"):
        if not proc.isdigit():
            continue
        try:
            with open(f"/proc/{proc}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{proc}/cmdline", "rb") as cmd:
                line = cmd.read()
        except OSError:
            continue
        if parent == pid and b"mail-worker" in line:
            found.append(int(proc))
    return found


@pytest.mark.skipif(not os.path.exists("/proc"), reason="reads /proc")
def test_the_servers_mail_worker_is_a_process_of_its_own_that_dies_with_it(tmp_path, relay):
    inbox, port = relay
    url = f"sqlite:///{tmp_path / 'child.db'}"
    make_database(url)
    server, base = start_app_process(server_env(url, port, tmp_path))
    try:
        wait_until(lambda: _workers_of(server.pid), seconds=20, what="the mail worker started")
        [worker] = _workers_of(server.pid)
        assert register_over_http(base, 1).status_code == 201
        wait_until(lambda: len(inbox.received) == 1, seconds=30, what="the confirmation sent by the child worker")
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    wait_until(
        lambda: not os.path.exists(f"/proc/{worker}") or open(f"/proc/{worker}/stat").read().split()[2] == "Z",
        seconds=20,
        what="the worker gone with its server",
    )

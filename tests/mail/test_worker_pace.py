"""make run's worker shares the server's database and cores: it composes once a rush is over (nothing queued
for a moment), and never lets a message wait longer than LONGEST_WAIT for that."""

from datetime import timedelta

from forum.core.models import utcnow
from forum.extensions import db
from forum.mail import service
from forum.mail.models import MailMessage
from tests import factories

QUIET = timedelta(seconds=1)


def _queued(event, *ages_seconds):
    for n, age in enumerate(ages_seconds):
        factories.make_registration(event, n + 1)
    messages = db.session.query(MailMessage).order_by(MailMessage.id).all()
    for message, age in zip(messages, ages_seconds):
        message.created_at = message.next_attempt_at = utcnow() - timedelta(seconds=age)
    db.session.commit()
    return messages


def _event(organiser):
    return factories.make_event(organiser, slug="ruee", registration_opens_at=None, registration_closes_at=None)


def test_the_worker_waits_while_messages_are_still_being_queued(app, organiser):
    messages = _queued(_event(organiser), 5, 0.2)
    assert service.deliver_pending(quiet=QUIET) == 0
    assert {m.status for m in db.session.query(MailMessage)} == {"pending"}
    assert len(messages) == 2


def test_the_worker_delivers_once_nothing_was_queued_for_a_moment(app, organiser):
    _queued(_event(organiser), 5, 2)
    assert service.deliver_pending(quiet=QUIET) == 2
    assert {m.status for m in db.session.query(MailMessage)} == {"outbox"}


def test_a_message_never_waits_longer_than_the_longest_wait(app, organiser):
    _queued(_event(organiser), service.LONGEST_WAIT.total_seconds() + 1, 0)
    assert service.deliver_pending(quiet=QUIET) == 2


def test_without_quiet_the_worker_delivers_at_once(app, organiser):
    _queued(_event(organiser), 0)
    assert service.deliver_pending() == 1


def test_make_runs_server_answers_once_its_worker_is_running(tmp_path):
    """The worker boots beside the server (a second and a half of CPU): the server says it runs, and answers,
    only after the worker said so, so that the first requests never share the cores with that boot."""
    import os
    import subprocess
    import sys

    from tests.servers import free_port, wait_http

    url = f"sqlite:///{tmp_path / 'w.db'}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "FLASK_APP": "wsgi",
        "MAIL_OUTBOX_DIR": str(tmp_path / "out"),
        "SECRET_KEY": "worker-boot-secret-of-at-least-32-chars",
        "MAIL_WORKER": "1",
    }
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "forum.serve"],
        env={**env, "PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}")
        first, second = server.stdout.readline(), server.stdout.readline()
        assert first.startswith("Mail worker running") and second.startswith("Forum is running"), (first, second)
    finally:
        server.terminate()
        server.wait(10)

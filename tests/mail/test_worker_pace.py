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

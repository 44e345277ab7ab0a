"""Composing a message writes nothing until its own commit: on SQLite the database has one write lock,
and registrations must not wait behind the templates, the QR code and the iTIP."""

import sqlite3

from forum.mail import service
from forum.mail.models import MailMessage
from forum.registration.models import Registration
from tests import factories


def test_composing_and_building_a_message_leave_the_database_write_lock_free(app, organiser):
    event = factories.make_event(organiser, slug="ecrire", registration_opens_at=None, registration_closes_at=None)
    registration = factories.make_registration(event)
    factories.deliver_mail()
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    taken = []

    def another_process_can_write():
        service.db.session.get(Registration, registration.id)  # a query: what autoflush would write goes first
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process wanting to write, while this one works
            other.execute("ROLLBACK")
            taken.append(True)
        except sqlite3.OperationalError as exc:  # "database is locked"
            taken.append(str(exc))
        finally:
            other.close()

    def compose(message):
        another_process_can_write()
        message.subject, message.text, message.html = "s", "t", "<p>t</p>"
        message.attachments = [{"render": "composing-test", "subtype": "pdf", "filename": "a.pdf"}]
        return True

    def render(attachment):  # an attachment made when the message is built (a certificate's PDF)
        another_process_can_write()
        return b"%PDF-1.4"

    service.COMPOSERS["composing-test"], service.RENDERERS["composing-test"] = compose, render
    try:
        service.notify(kind="composing-test", to="a@example.org", event_id=event.id)
        service.notify(kind="composing-test", to="b@example.org", event_id=event.id)  # the second after the first
        service.db.session.commit()
        service.deliver_all()
    finally:
        del service.COMPOSERS["composing-test"], service.RENDERERS["composing-test"]
    assert taken == [True] * 4
    messages = service.db.session.query(MailMessage).filter_by(kind="composing-test").all()
    assert [(m.status, m.attempts, m.text) for m in messages] == [("outbox", 1, "t")] * 2

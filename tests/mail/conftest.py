"""A real SMTP server (aiosmtpd) on a free local port."""

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """What the SMTP server received; reading it first lets the mail worker deliver what is due
    (in the test's process, as `flask forum mail-worker` would)."""

    def __init__(self, deliver=None):
        self.received: list[email.message.EmailMessage] = []
        #: the same messages as they travelled (bytes)
        self.raw: list[bytes] = []
        #: one entry per SMTP connection that delivered something
        self.connections: set[tuple] = set()
        self.deliver = deliver

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        if self.deliver is not None:
            self.deliver()
        return self.received

    def to(self, address):
        return [m for m in self.messages if m["To"] == address]


class Receiver:
    """aiosmtpd's handler: keeps each message in the inbox."""

    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.inbox.raw.append(envelope.content)
        self.inbox.received.append(email.message_from_bytes(envelope.content, policy=policy.default))
        self.inbox.connections.add(session.peer)  # the client's address and port: one per connection
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    from forum.mail.service import deliver_all

    inbox = Inbox(deliver=deliver_all)
    controller = Controller(Receiver(inbox), hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_DEFAULT_SENDER="forum@example.org")
    yield inbox
    controller.stop()
    app.config.update(MAIL_SERVER=None)

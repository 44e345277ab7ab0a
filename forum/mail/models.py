"""Every e-mail the app sends: the outbox in development, the delivery log with SMTP."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.core.models import utcnow
from forum.extensions import db


class MailOptOut(db.Model):
    """A person who asked to receive no more messages of one kind (questionnaires, reminders): by address."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("email", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailMessage(db.Model):
    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: confirmation, waitlisted, promoted, updated, cancelled, event_cancelled, reminder, link
    kind: Mapped[str] = mapped_column(String(30))
    to: Mapped[str] = mapped_column(String(254))
    #: subject, text, HTML and attachments are written by the worker when it composes the message
    subject: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    #: [{"filename", "content_type", "method", "data"}] (data: text of the attachment)
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    #: pending (to compose and send), sending (a worker has it), sent, failed (retried until MAX_ATTEMPTS),
    #: outbox (kept in the app because no MAIL_SERVER is set), dropped (its registration is gone)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    #: not sent before (backing off after a failure)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: when a worker took it (a worker that died leaves it to be taken again later)
    claimed_at: Mapped[datetime | None]
    #: which worker has it ("host:pid"): a restarted worker takes back the claims of its dead predecessors
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    #: what the message must say as it was when it was decided (a waiting-list position…)
    context: Mapped[dict] = mapped_column(JSON, default=dict)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

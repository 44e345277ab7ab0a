"""Every e-mail the app sends: the outbox in development, the delivery log with SMTP."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.core.models import utcnow
from forum.extensions import db


class MailMessage(db.Model):
    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="SET NULL"))
    #: confirmation, waitlisted, promoted, updated, cancelled, event_cancelled, reminder, link
    kind: Mapped[str] = mapped_column(String(30))
    to: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    #: [{"filename", "content_type", "method", "data"}] (data: text of the attachment)
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    #: pending, sent, failed, outbox (kept in the app because no MAIL_SERVER is set)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

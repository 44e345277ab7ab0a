"""Sending e-mail: SMTP when MAIL_SERVER is set, otherwise the outbox organisers read in the app.

Every message is a row first (committed), then delivered; a failed delivery
is recorded and retried (``flask forum send-mail``), never losing what caused it.
"""
from __future__ import annotations

import base64
import re
import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from forum.core.models import utcnow
from forum.extensions import db
from forum.mail.models import MailMessage

MAX_ATTEMPTS = 5
#: a personal link in a message (…/r/<token>): what organisers see of it is masked
PERSONAL_LINK = re.compile(r"(/r/)[A-Za-z0-9_-]{16,}")
MASK = "••••••••"


def masked(text: str) -> str:
    """``text`` with every personal link's secret replaced by dots: the organisers' view of a message."""
    return PERSONAL_LINK.sub(lambda m: m.group(1) + MASK, text or "")


def forget_delivered_bodies(now=None) -> int:
    """Drop the text, HTML and attachments of messages delivered longer ago than the retry window
    (MAIL_KEEP_BODY_HOURS): they hold personal links. Who, what and when stay for the log."""
    from datetime import timedelta
    now = now or utcnow()
    hours = current_app.config.get("MAIL_KEEP_BODY_HOURS", 72)
    result = db.session.execute(update(MailMessage)
                                .where(MailMessage.status == "sent", MailMessage.sent_at < now - timedelta(hours=hours),
                                       MailMessage.text != "")
                                .values(text="", html="", attachments=[]))
    db.session.commit()
    return result.rowcount


def queue(*, kind: str, to: str, subject: str, text: str, html: str, attachments: list | None = None,
          event_id: int | None = None, registration_id: int | None = None) -> MailMessage:
    message = MailMessage(kind=kind, to=to, subject=subject, text=text, html=html, attachments=attachments or [],
                          event_id=event_id, registration_id=registration_id)
    db.session.add(message)
    db.session.commit()
    return message


def build(message: MailMessage) -> EmailMessage:
    """The MIME message: text and HTML, and each calendar part with its METHOD in the Content-Type."""
    mime = EmailMessage()
    mime["Subject"] = message.subject
    mime["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    mime["To"] = message.to
    mime["Date"] = formatdate(localtime=False)
    mime["Message-ID"] = make_msgid(domain="forum")
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for image in [a for a in message.attachments if a.get("inline")]:
        # an image the HTML shows with <img src="cid:...">
        html_part = mime.get_payload()[1]
        html_part.add_related(base64.b64decode(image["data"]), maintype="image", subtype=image["subtype"],
                              cid=f"<{image['inline']}>", filename=image["filename"])
    for attachment in [a for a in message.attachments if not a.get("inline")]:
        method = attachment.get("method")
        params = {"method": method} if method else {}
        # Outlook reads the invitation from a text/calendar alternative whose method matches METHOD
        mime.add_alternative(attachment["data"], subtype="calendar", params=params)
        mime.add_attachment(attachment["data"].encode("utf-8"), maintype="text", subtype="calendar",
                            filename=attachment["filename"], params=params)
    return mime


def deliver(message: MailMessage) -> bool:
    """Send now (SMTP) or keep in the outbox; records the outcome."""
    config = current_app.config
    message.attempts += 1
    try:
        mime = build(message)
        if config.get("MAIL_SERVER"):
            with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
                if config.get("MAIL_USE_TLS"):
                    smtp.starttls()
                if config.get("MAIL_USERNAME"):
                    smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
                smtp.send_message(mime)
            message.status = "sent"
        else:
            _write_outbox_file(message, mime)
            message.status = "outbox"
        message.sent_at, message.last_error = utcnow(), ""
    except (OSError, smtplib.SMTPException) as exc:
        message.status, message.last_error = "failed", f"{type(exc).__name__}: {exc}"[:1000]
        current_app.logger.warning("mail %s to %s failed: %s", message.id, message.to, exc)
    db.session.commit()
    return message.status in ("sent", "outbox")


def _write_outbox_file(message: MailMessage, mime: EmailMessage) -> None:
    folder = Path(current_app.config["MAIL_OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message.id:06d}-{message.kind}.eml").write_bytes(bytes(mime))


def send(**kwargs) -> MailMessage:
    """Queue and try to deliver at once."""
    message = queue(**kwargs)
    deliver(message)
    return message


def retry_window_passed(message: MailMessage) -> bool:
    """The body of this message is no longer kept."""
    return message.status == "sent" and not message.text


def retry_failed(event_id: int | None = None) -> tuple[int, int]:
    """Deliver what is pending or failed (fewer than MAX_ATTEMPTS tries); returns (sent, still failing)."""
    waiting = db.session.scalars(select(MailMessage).where(MailMessage.status.in_(("pending", "failed")),
                                                           MailMessage.attempts < MAX_ATTEMPTS,
                                                           *([MailMessage.event_id == event_id] if event_id else []))
                                 .order_by(MailMessage.id)).all()
    sent = sum(1 for message in waiting if deliver(message))
    forget_delivered_bodies()
    return sent, len(waiting) - sent


def messages_of(event_id: int, limit: int = 200) -> list[MailMessage]:
    return db.session.scalars(select(MailMessage).where(MailMessage.event_id == event_id)
                              .order_by(MailMessage.id.desc()).limit(limit)).all()


def get_message(event_id: int, message_id: int) -> MailMessage | None:
    message = db.session.get(MailMessage, message_id)
    return message if message is not None and message.event_id == event_id else None

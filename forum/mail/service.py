"""Sending e-mail through a transactional outbox.

A change that causes an e-mail adds a ``pending`` row with :func:`notify` in its own
transaction: both are committed together, or neither. A worker (:func:`deliver_pending`,
run by ``flask forum mail-worker`` beside the web processes, or inside ``make run``'s
server) claims rows, composes them (templates, iTIP, QR: the composers that domains
register), and delivers them over one reused SMTP connection, or keeps them in the
outbox organisers read when no MAIL_SERVER is set. A failure backs off and is retried;
several workers may run at once (rows claimed with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, by a conditional update everywhere), each message delivered once.
"""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from forum.core import links, signals, values
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.extensions import db
from forum.mail.models import MailMessage, MailOptOut

MAX_ATTEMPTS = 5
#: a claimed message not touched for this long belongs to a worker that is gone: it is taken again. A live
#: worker touches its claims before each message (longer than an SMTP timeout and a certificate's PDF)
CLAIM_EXPIRES = timedelta(seconds=45)


def worker_id() -> str:
    """This worker: its host and process (a restarted worker on the same host knows its dead predecessors)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def release_dead_claims() -> int:
    """Claims of workers of this host that are no longer running go back at once (kill -9, a crash): a
    restarted worker delivers them now, not when their claim expires."""
    host = socket.gethostname()
    owners = db.session.scalars(
        select(MailMessage.claimed_by)
        .distinct()
        .where(MailMessage.status == "sending", MailMessage.claimed_by.like(f"{host}:%"))
    ).all()
    dead = [
        owner
        for owner in owners
        if owner
        and owner.rsplit(":", 1)[-1].isdigit()
        and owner != worker_id()
        and not _alive(int(owner.rsplit(":", 1)[-1]))
    ]
    if not dead:
        return 0
    released = db.session.execute(
        update(MailMessage)
        .where(MailMessage.status == "sending", MailMessage.claimed_by.in_(dead))
        .values(status="pending", claimed_by=None, claimed_at=None)
    ).rowcount
    db.session.commit()
    return released


#: how often a worker renews its claims (one write for its whole batch; well within CLAIM_EXPIRES)
TOUCH_EVERY = timedelta(seconds=10)


def touch_claims(last: "datetime | None") -> "datetime":
    """This worker is alive: its claims are renewed, at most every TOUCH_EVERY (a write transaction per
    message would compete with the registrations for the database's write lock). Returns when it was."""
    now = utcnow()
    if last is not None and now - last < TOUCH_EVERY:
        return last
    db.session.execute(
        update(MailMessage)
        .where(MailMessage.status == "sending", MailMessage.claimed_by == worker_id())
        .values(claimed_at=now)
    )
    db.session.commit()
    return now


#: kind -> composer(message) that fills subject, text, html, attachments (False: nothing to send any more)
COMPOSERS: dict[str, Callable[[MailMessage], bool]] = {}


#: render -> function(attachment) giving the bytes of an attachment kept as a reference (a certificate's PDF is
#: rendered when the message is built: a composed message stays small, and so does the worker's write)
RENDERERS: dict[str, Callable[[dict], bytes]] = {}


def renderer(name: str):
    """Register the function that renders attachments whose ``render`` is ``name`` (domains do, at import)."""

    def register(fn):
        RENDERERS[name] = fn
        return fn

    return register


def attachment_bytes(attachment: dict) -> bytes:
    """An attachment's bytes: rendered from its reference, or decoded from its base64 data."""
    if attachment.get("render"):
        return RENDERERS[attachment["render"]](attachment)
    return base64.b64decode(attachment["data"])


def composer(*kinds: str):
    """Register the function that composes messages of ``kinds`` (domains do, at import)."""

    def register(fn):
        for kind in kinds:
            COMPOSERS[kind] = fn
        return fn

    return register


# -- queueing (inside the caller's transaction) ----------------------------


def notify(
    *, kind: str, to: str, event_id: int | None = None, registration_id: int | None = None, context: dict | None = None
) -> None:
    """A message to compose and send later, written in the current transaction (the caller commits)."""
    notify_many(
        [{"kind": kind, "to": to, "event_id": event_id, "registration_id": registration_id, "context": context or {}}]
    )


def notify_many(rows: list[dict]) -> int:
    """Many messages in one INSERT (an event's change to all its registrants), in the current transaction.
    A message of a kind its person unsubscribed from is written as ``unsubscribed`` and never sent."""
    if rows:
        now = utcnow()
        stopped = opted_out({row["kind"] for row in rows} & set(OPT_OUT_KINDS), {row["to"] for row in rows})
        db.session.execute(
            MailMessage.__table__.insert(),
            [
                {
                    "subject": "",
                    "text": "",
                    "html": "",
                    "attachments": [],
                    "status": "unsubscribed" if (values.address_key(row["to"]), row["kind"]) in stopped else "pending",
                    "attempts": 0,
                    "last_error": "",
                    "created_at": now,
                    "next_attempt_at": now,
                    "context": {},
                    **row,
                }
                for row in rows
            ],
        )
    return len(rows)


# -- unsubscribing (RFC 8058) ------------------------------------------------------

#: the kinds of message a person may stop: sent to many, not about their seat
OPT_OUT_KINDS = {"reminder": _l("the reminders the day before an event"), "survey_invitation": _l("the questionnaires")}


def opted_out(kinds: set[str], addresses: set[str]) -> set[tuple[str, str]]:
    """(address, kind) of these that a person stopped."""
    if not kinds or not addresses:
        return set()
    keys = {values.address_key(a) for a in addresses}
    return set(
        db.session.execute(
            select(MailOptOut.email, MailOptOut.kind).where(MailOptOut.kind.in_(kinds), MailOptOut.email.in_(keys))
        ).all()
    )


def _unsubscribe_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="forum-unsubscribe")


def unsubscribe_url(to: str, kind: str) -> str:
    return links.url("unsubscribe", _unsubscribe_serializer().dumps([values.address_key(to), kind]))


def unsubscribe_footer(message: MailMessage) -> dict | None:
    """What a message a person may stop says at its end (the link of its List-Unsubscribe header, for the mail
    clients that show no button), or None; the composers put it in their templates' context."""
    if message.kind not in OPT_OUT_KINDS:
        return None
    return {"url": unsubscribe_url(message.to, message.kind), "what": str(OPT_OUT_KINDS[message.kind])}


def read_unsubscribe(token: str) -> tuple[str, str]:
    """(address, kind) of an unsubscribe link, or DomainError('bad_link')."""
    try:
        address, kind = _unsubscribe_serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise DomainError("bad_unsubscribe_link")
    if kind not in OPT_OUT_KINDS:
        raise DomainError("bad_unsubscribe_link")
    return address, kind


def unsubscribe(token: str) -> tuple[str, str]:
    """Stop a kind of message for an address (once; again changes nothing); messages not yet sent stop too."""
    address, kind = read_unsubscribe(token)
    if not db.session.scalar(select(MailOptOut.id).where(MailOptOut.email == address, MailOptOut.kind == kind)):
        db.session.add(MailOptOut(email=address, kind=kind))
    db.session.execute(
        update(MailMessage)
        .where(MailMessage.kind == kind, MailMessage.to == address, MailMessage.status.in_(("pending", "failed")))
        .values(status="unsubscribed")
    )
    try:
        db.session.commit()
    except IntegrityError:  # the same link followed twice at once
        db.session.rollback()
    return address, kind


# -- the worker -------------------------------------------------------------


def claim(limit: int = 50) -> list[int]:
    """Take up to ``limit`` messages that are due, for this worker only; commits the claim."""
    release_dead_claims()
    now = utcnow()
    due = (
        select(MailMessage.id)
        .where(
            (
                (MailMessage.status.in_(("pending", "failed")))
                & (MailMessage.next_attempt_at <= now)
                & (MailMessage.attempts < MAX_ATTEMPTS)
            )
            | ((MailMessage.status == "sending") & (MailMessage.claimed_at < now - CLAIM_EXPIRES))
        )
        .order_by(MailMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(db.session.scalars(due))
    if not ids:
        db.session.commit()
        return []
    taken = (
        db.session.execute(
            update(MailMessage)
            .where(
                MailMessage.id.in_(ids),
                MailMessage.status.in_(("pending", "failed", "sending")),
                (MailMessage.status != "sending") | (MailMessage.claimed_at < now - CLAIM_EXPIRES),
            )
            .values(status="sending", claimed_at=now, claimed_by=worker_id())
            .returning(MailMessage.id)
        )
        .scalars()
        .all()
    )
    db.session.commit()
    return sorted(taken)


#: how often a worker forgets the bodies of messages delivered long ago (a scan of the outbox under the write lock)
FORGET_EVERY = timedelta(minutes=1)
_forgotten_at: datetime | None = None


#: however busy the server, a message waits at most this long for a quiet moment
LONGEST_WAIT = timedelta(seconds=30)


def quiet_now(quiet: timedelta) -> bool:
    """No message was queued in the last ``quiet`` (a rush of registrations is over), or the oldest one due has
    waited LONGEST_WAIT: make run's worker composes then, not while the server it shares is busiest."""
    now = utcnow()
    newest, oldest = db.session.execute(
        select(func.max(MailMessage.created_at), func.min(MailMessage.created_at)).where(
            MailMessage.status == "pending", MailMessage.next_attempt_at <= now
        )
    ).one()
    db.session.commit()
    return newest is None or now - newest >= quiet or now - oldest >= LONGEST_WAIT


def deliver_pending(limit: int = 50, pause: float = 0.0, sleep=time.sleep, quiet: timedelta | None = None) -> int:
    """One round of the worker: claim, compose and deliver what is due; returns how many were handled.
    ``pause``: seconds between two messages, and ``quiet``: wait until nothing was queued for that long (at
    most LONGEST_WAIT): make run's worker shares the database and the cores with the server, so during a
    rush the e-mails come a little later and the registrations do not wait behind them."""
    global _forgotten_at
    if quiet is not None and not quiet_now(quiet):
        return 0
    ids = claim(limit)
    if not ids:
        return 0
    touched = utcnow()  # the claim was just written
    with Transport() as transport:
        # Handing a message to a relay cannot be undone: its status is committed at once. Writing it to the
        # outbox folder can (the same file again): the round's statuses go in one commit, and a registration
        # rush on SQLite meets the worker's write lock once per round instead of once per message.
        each = transport.smtp_configured
        with db.session.no_autoflush:  # nothing written until a commit: not even by the next message's read
            for message_id in ids:
                if each:
                    touched = touch_claims(touched)
                message = db.session.get(MailMessage, message_id)
                if message.status != "sending" or message.claimed_by != worker_id():
                    continue  # taken back meanwhile (this worker was thought gone): the other one sends it
                _deliver(message, transport, commit=each)
                if pause:
                    sleep(pause)
        db.session.commit()
    if _forgotten_at is None or utcnow() - _forgotten_at >= FORGET_EVERY:
        forget_delivered_bodies()
        _forgotten_at = utcnow()
    return len(ids)


def deliver_all(rounds: int = 1000) -> int:
    """Deliver until nothing is due (tests, `flask forum send-mail`)."""
    total = 0
    for _ in range(rounds):
        handled = deliver_pending()
        if not handled:
            break
        total += handled
    return total


def run_worker(
    stop: Callable[[], bool] = lambda: False,
    idle_seconds: float = 1.0,
    sleep=time.sleep,
    pause: float = 0.0,
    quiet: timedelta | None = None,
) -> None:
    """Deliver for ever (or until ``stop()``): `flask forum mail-worker`, and make run's child process."""
    while not stop():
        try:
            handled = deliver_pending(pause=pause, sleep=sleep, quiet=quiet)
        except Exception:  # the worker outlives a bad moment of the database; the cause goes to the log
            db.session.rollback()
            current_app.logger.exception("mail worker round failed")
            handled = 0
        finally:
            db.session.remove()
        if not handled:
            sleep(idle_seconds)


def _deliver(message: MailMessage, transport: "Transport", commit: bool = True) -> None:
    """Compose (once), build and deliver one message, then write what became of it in one short commit.
    Nothing is written before that commit (no autoflush): on SQLite a write takes the database's only
    write lock, and registrations would wait behind the templates, a certificate's PDF and the SMTP
    exchange. A message that failed keeps its composition, so a retry sends the same message."""
    with db.session.no_autoflush:
        message.attempts += 1
        try:
            if not message.text and not _composed(message):
                message.status, message.last_error, message.claimed_at, message.claimed_by = "dropped", "", None, None
                if commit:
                    db.session.commit()
                return
            mime = build(message)
            if transport.smtp_configured:
                transport.send(mime)
                message.status = "sent"
            else:
                _write_outbox_file(message, mime)
                message.status = "outbox"
            message.sent_at, message.last_error, message.claimed_at, message.claimed_by = utcnow(), "", None, None
        except LookupError:  # what an attachment referred to is gone (a certificate purged): nothing to send
            message.status, message.last_error, message.claimed_at, message.claimed_by = "dropped", "", None, None
        except (OSError, smtplib.SMTPException) as exc:
            transport.reset()
            message.status, message.last_error = "failed", f"{type(exc).__name__}: {exc}"[:1000]
            message.next_attempt_at = utcnow() + backoff(message.attempts)
            message.claimed_at = message.claimed_by = None
            current_app.logger.warning("mail %s to %s failed: %s", message.id, message.to, exc)
    if commit:
        db.session.commit()


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min… at most an hour."""
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def _composed(message: MailMessage) -> bool:
    compose = COMPOSERS.get(message.kind)
    if compose is None:
        raise RuntimeError(f"no composer for e-mails of kind {message.kind!r}")
    return compose(message)


class Transport:
    """One SMTP connection for a round of the worker, opened when first needed, reopened after a failure."""

    def __init__(self) -> None:
        config = current_app.config
        self.config = config
        self.smtp_configured = bool(config.get("MAIL_SERVER"))
        self.connection: smtplib.SMTP | None = None

    def __enter__(self) -> "Transport":
        return self

    def __exit__(self, *exc) -> None:
        self.reset()

    def send(self, mime: EmailMessage) -> None:
        if self.connection is None:
            config = self.config
            self.connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30)
            if config.get("MAIL_USE_TLS"):
                self.connection.starttls()
            if config.get("MAIL_USERNAME"):
                self.connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        self.connection.send_message(mime)

    def reset(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None


def mail_domain() -> str:
    """The domain of the messages' identifiers: the sender's, else the site's."""
    sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])[1]
    domain = sender.rpartition("@")[2] if "@" in sender else ""
    return domain or urlsplit(current_app.config["FORUM_BASE_URL"]).hostname or "localhost"


def message_id(message: MailMessage) -> str:
    """The message's Message-ID, the same at every attempt: a message sent again after a crash (the relay
    accepted it, the worker died before writing so) is recognised as the same one by mail systems."""
    return f"<forum.{message.id}.{message.created_at:%Y%m%d%H%M%S}@{mail_domain()}>"


def build(message: MailMessage) -> EmailMessage:
    """The MIME message: text and HTML, and each calendar part with its METHOD in the Content-Type."""
    # lines up to SMTP's 998: Python's folding at 78 can put a word's space between two encoded words,
    # where decoders drop it ("lieu :Journée")
    mime = EmailMessage(policy=email_policy.default.clone(max_line_length=998))
    mime["Subject"] = message.subject
    mime["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    mime["To"] = message.to
    mime["Date"] = format_datetime(datetime.now(timezone.utc))  # +0000: UTC, not "-0000" (zone unknown)
    mime["Message-ID"] = message_id(message)
    mime["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office reply comes back
    if message.kind in OPT_OUT_KINDS:  # one click in the mail client stops this kind (RFC 2369, RFC 8058)
        mime["List-Unsubscribe"] = f"<{unsubscribe_url(message.to, message.kind)}>"
        mime["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mime.set_content(message.text)
    mime.add_alternative(message.html, subtype="html")
    for image in [a for a in message.attachments if a.get("inline")]:
        # an image the HTML shows with <img src="cid:...">
        html_part = mime.get_payload()[1]
        html_part.add_related(
            base64.b64decode(image["data"]),
            maintype="image",
            subtype=image["subtype"],
            cid=f"<{image['inline']}>",
            filename=image["filename"],
        )
    for attachment in [a for a in message.attachments if not a.get("inline")]:
        if attachment.get("subtype") == "pdf":  # a document (a certificate of attendance)
            mime.add_attachment(
                attachment_bytes(attachment), maintype="application", subtype="pdf", filename=attachment["filename"]
            )
            continue
        method = attachment.get("method")
        params = {"method": method} if method else {}
        # Outlook reads the invitation from a text/calendar alternative whose method matches METHOD
        mime.add_alternative(attachment["data"], subtype="calendar", params=params)
        mime.add_attachment(
            attachment["data"].encode("utf-8"),
            maintype="text",
            subtype="calendar",
            filename=attachment["filename"],
            params=params,
        )
    return mime


def _write_outbox_file(message: MailMessage, mime: EmailMessage) -> None:
    folder = Path(current_app.config["MAIL_OUTBOX_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{message.id:06d}-{message.kind}.eml").write_bytes(bytes(mime))


# -- what organisers see -------------------------------------------------------


def masked(text: str) -> str:
    """``text`` with every personal link's secret replaced by dots: the organisers' view of a message."""
    return links.mask(text)


def forget_delivered_bodies(now=None) -> int:
    """Drop the text, HTML and attachments of messages delivered longer ago than the retry window
    (MAIL_KEEP_BODY_HOURS): they hold personal links. Who, what and when stay for the log."""
    now = now or utcnow()
    hours = current_app.config.get("MAIL_KEEP_BODY_HOURS", 72)
    result = db.session.execute(
        update(MailMessage)
        .where(MailMessage.status == "sent", MailMessage.sent_at < now - timedelta(hours=hours), MailMessage.text != "")
        .values(text="", html="", attachments=[], context={})
    )  # a questionnaire's link too
    db.session.commit()
    return result.rowcount


def retry_failed(event_id: int | None = None) -> tuple[int, int]:
    """Make failed messages due again (attempts start over), then deliver what is due;
    returns (delivered, still failing)."""
    db.session.execute(
        update(MailMessage)
        .where(MailMessage.status == "failed", *([MailMessage.event_id == event_id] if event_id else []))
        .values(attempts=0, next_attempt_at=utcnow())
    )
    db.session.commit()
    before = progress(event_id)
    deliver_all()
    forget_delivered_bodies()
    after = progress(event_id)
    delivered = sum(after.get(s, 0) - before.get(s, 0) for s in ("sent", "outbox"))
    return delivered, after.get("failed", 0)


def progress(event_id: int | None) -> dict[str, int]:
    """How many of an event's messages are in each state."""
    query = select(MailMessage.status, func.count()).group_by(MailMessage.status)
    if event_id:
        query = query.where(MailMessage.event_id == event_id)
    return dict(db.session.execute(query).all())


def messages_of(event_id: int, limit: int = 200) -> list[MailMessage]:
    return db.session.scalars(
        select(MailMessage).where(MailMessage.event_id == event_id).order_by(MailMessage.id.desc()).limit(limit)
    ).all()


def get_message(event_id: int, message_id: int) -> MailMessage | None:
    message = db.session.get(MailMessage, message_id)
    return message if message is not None and message.event_id == event_id else None


@signals.event_purging.connect
def _forget_messages(event, **_) -> None:
    """The RGPD purge of an event: its e-mails (addresses, names, links) go with it."""
    db.session.execute(delete(MailMessage).where(MailMessage.event_id == event.id))

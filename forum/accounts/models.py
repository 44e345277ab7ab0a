"""Organisers and their API tokens."""

from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.models import utcnow
from forum.extensions import db


class Account(UserMixin, db.Model):
    """A person who signs in: an event's organisers, door volunteers and readers alike (their role in each event
    is in the team, forum/team/); the table keeps its first name."""

    __tablename__ = "organisers"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: sign-in address, stored lower-case
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: name shown to other organisers and on exports
    name: Mapped[str] = mapped_column(String(120))
    #: werkzeug password hash
    password_hash: Mapped[str] = mapped_column(String(255))
    #: preferred language of the interface and e-mails
    locale: Mapped[str] = mapped_column(String(5), default="fr")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: may create and disable accounts (set with `flask forum set-admin`)
    is_admin: Mapped[bool] = mapped_column(default=False, server_default="0")
    #: may create and import events (administrators always may; an administrator allows others): a door
    #: volunteer or a reader brought in by a team invitation may not
    can_create_events: Mapped[bool] = mapped_column(default=False, server_default="0")

    #: raised by a new password (reset or changed) and by disabling the account: every session and
    #: "remember me" cookie signed with an older one signs nobody in (re-enabling does not lower it)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    def get_id(self) -> str:  # Flask-Login: what the session and the remember cookie hold
        return f"{self.id}.{self.session_version}"

    @property
    def creates_events(self) -> bool:
        return self.disabled_at is None and (self.is_admin or self.can_create_events)

    #: a disabled account cannot sign in, and its API tokens and roles count for nothing
    disabled_at: Mapped[datetime | None]
    #: failed sign-ins in a row, and when the last one happened (a burst is written to the audit log)
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    failed_login_at: Mapped[datetime | None]

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account's session signs nobody in
        return self.disabled_at is None

    api_tokens: Mapped[list[ApiToken]] = relationship(back_populates="organiser", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Account {self.email}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API and the board; only its hash is kept."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisers.id", ondelete="CASCADE"), index=True)
    #: sha256 of the token, hex
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    #: a name the person gives it ("inscriptions site web")
    label: Mapped[str] = mapped_column(String(80), default="", server_default="")

    organiser: Mapped[Account] = relationship(back_populates="api_tokens")

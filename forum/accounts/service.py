"""Organiser accounts: creation, sign-in checks, API tokens."""
from __future__ import annotations

from functools import cache

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from forum.accounts.models import ApiToken, Organiser
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.core.tokens import hash_token, new_token
from forum.extensions import db

MIN_PASSWORD = 8


def normalise_email(email: str) -> str:
    """The address as stored, or DomainError('bad_email'). No DNS look-up."""
    try:
        return validate_email((email or "").strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise DomainError("invalid", fields={"email": ["bad_email"]}) from exc


def create_organiser(email: str, name: str, password: str) -> Organiser:
    """A new organiser account."""
    address = normalise_email(email)
    fields: dict[str, list] = {}
    if not (name or "").strip():
        fields["name"] = ["required"]
    if len(password or "") < MIN_PASSWORD:
        fields["password"] = ["password_too_short"]
    if find_organiser(address):
        fields["email"] = ["email_taken"]
    if fields:
        raise DomainError("invalid", fields=fields)
    organiser = Organiser(email=address, name=name.strip()[:120],
                          password_hash=generate_password_hash(password))
    db.session.add(organiser)
    db.session.commit()
    return organiser


def find_organiser(email: str) -> Organiser | None:
    return db.session.scalar(select(Organiser).where(Organiser.email == (email or "").strip().lower()))


@cache
def _nobody_hash() -> str:
    """Checked when the address has no account, so that an unknown address costs as much as a wrong password."""
    return generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> Organiser:
    """The organiser with these credentials, or DomainError('bad_credentials'); a hash is checked
    either way, so the answer's time does not tell whether the address has an account."""
    organiser = find_organiser(email)
    matches = check_password_hash(organiser.password_hash if organiser else _nobody_hash(), password or "")
    if organiser is None or not matches:
        raise DomainError("bad_credentials")
    return organiser


def issue_api_token(organiser: Organiser) -> str:
    """A new API token for ``organiser``; returns it once, stores its hash."""
    token = new_token()
    db.session.add(ApiToken(organiser=organiser, token_hash=hash_token(token)))
    db.session.commit()
    return token


def organiser_for_token(token: str | None) -> Organiser | None:
    """The organiser owning this API token, or None."""
    if not token:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None:
        return None
    row.last_used_at = utcnow()
    db.session.commit()
    return row.organiser

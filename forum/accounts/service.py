"""Accounts: creation, sign-in checks, forgotten passwords, the person's own settings, API tokens,
and the instance administrators' verbs (create, disable)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import cache

from email_validator import EmailNotValidError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from forum.accounts.models import ApiToken, Account
from forum.core import signals, values
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.core.tokens import hash_token, new_token
from forum.extensions import db

MIN_PASSWORD = 8
#: how long a link to choose a new password works
RESET_HOURS = 2
#: failed sign-ins in a row within BURST_WINDOW that make a line in the audit log of the person's events
BURST, BURST_WINDOW = 5, timedelta(minutes=15)


def normalise_email(email: str) -> str:
    """The address as stored, or DomainError('bad_email'). No DNS look-up."""
    try:
        return values.address(email or "")
    except EmailNotValidError as exc:
        raise DomainError("invalid", fields={"email": ["bad_email"]}) from exc


def _check_password(password: str | None, again: str | None, fields: dict) -> None:
    if len(password or "") < MIN_PASSWORD:
        fields["password"] = ["password_too_short"]
    elif again is not None and again != password:
        fields["password_again"] = ["passwords_differ"]


def new_account(
    email: str,
    name: str | None,
    password: str | None,
    password_again: str | None = None,
    *,
    is_admin: bool = False,
    can_create_events: bool = False,
) -> Account:
    """A new account in the current transaction (the caller commits); ``password`` None: none usable yet."""
    address = normalise_email(email)
    fields: dict[str, list] = {}
    if not (name or "").strip():
        fields["name"] = ["required"]
    elif len(name.strip()) > 120:
        fields["name"] = [("too_long", {"max": 120})]
    if password is not None:
        _check_password(password, password_again, fields)
    if find_organiser(address):
        fields["email"] = ["email_taken"]
    if fields:
        raise DomainError("invalid", fields=fields)
    account = Account(
        email=address,
        name=name.strip(),
        is_admin=is_admin,
        can_create_events=can_create_events,
        password_hash=generate_password_hash(password or secrets.token_urlsafe(32)),
    )
    db.session.add(account)
    db.session.flush()
    return account


def create_organiser(
    email: str, name: str, password: str, *, is_admin: bool = False, can_create_events: bool = True
) -> Account:
    """A new account with its password (the CLI's, the demo's): an organiser, who may create events."""
    account = new_account(email, name, password, is_admin=is_admin, can_create_events=can_create_events)
    db.session.commit()
    return account


def find_organiser(email: str) -> Account | None:
    return db.session.scalar(select(Account).where(Account.email == values.address_key(email)))


def get_organiser(email: str) -> Account:
    """The account of this address, or ``DomainError("unknown_organiser")`` (the command line's doors)."""
    account = find_organiser(email)
    if account is None:
        raise DomainError("unknown_organiser")
    return account


@cache
def _nobody_hash() -> str:
    """Checked when the address has no account, so that an unknown address costs as much as a wrong password."""
    return generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> Account:
    """The account with these credentials, or DomainError('bad_credentials'); a hash is checked
    either way, so the answer's time does not tell whether the address has an account. A burst of
    failures on one account is written to the audit log of its events."""
    organiser = find_organiser(email)
    matches = check_password_hash(organiser.password_hash if organiser else _nobody_hash(), password or "")
    if organiser is None:
        raise DomainError("bad_credentials")
    if not matches:
        _failed(organiser)
        raise DomainError("bad_credentials")
    if organiser.disabled_at is not None:
        raise DomainError("account_disabled")
    if organiser.failed_logins:
        organiser.failed_logins = 0
        db.session.commit()
    return organiser


def _failed(account: Account) -> None:
    now = utcnow()
    if account.failed_login_at is None or now - account.failed_login_at > BURST_WINDOW:
        account.failed_logins = 0
    account.failed_logins += 1
    account.failed_login_at = now
    if account.failed_logins == BURST:
        signals.signin_failures.send(account, count=BURST)
    db.session.commit()


# -- forgotten password ---------------------------------------------------


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="forum-password-reset")


def _fingerprint(account: Account) -> str:
    """Changes with the password: a link works once (and not after the password changed otherwise)."""
    return hashlib.sha256(account.password_hash.encode()).hexdigest()[:16]


def password_token(account: Account) -> str:
    return _reset_serializer().dumps([account.id, _fingerprint(account)])


def request_password_link(email: str) -> None:
    """Send a link to choose a new password if the address has an active account; the caller says
    the same thing either way."""
    try:
        account = find_organiser(normalise_email(email))
    except DomainError:
        return
    if account is not None and account.disabled_at is None:
        signals.password_link_requested.send(account, welcome=False)
        db.session.commit()


def account_for_password_token(token: str | None) -> Account:
    try:
        account_id, fingerprint = _reset_serializer().loads(token or "", max_age=RESET_HOURS * 3600)
        account = db.session.get(Account, int(account_id))
    except (BadSignature, ValueError, TypeError):
        account = None
    if account is None or account.disabled_at is not None or fingerprint != _fingerprint(account):
        raise DomainError("bad_reset_link")
    return account


def reset_password(token: str | None, password: str | None, password_again: str | None) -> Account:
    """Choose a new password from the e-mailed link (which then stops working)."""
    account = account_for_password_token(token)
    fields: dict[str, list] = {}
    _check_password(password, password_again, fields)
    if fields:
        raise DomainError("invalid", fields=fields)
    account.password_hash = generate_password_hash(password)
    account.failed_logins = 0
    account.session_version += 1  # whoever was signed in with the old password is signed out
    db.session.commit()
    return account


# -- the person's own settings ----------------------------------------------


def update_profile(account: Account, name: str | None) -> None:
    if not (name or "").strip():
        raise DomainError("invalid", fields={"name": ["required"]})
    if len(name.strip()) > 120:
        raise DomainError("invalid", fields={"name": [("too_long", {"max": 120})]})
    account.name = name.strip()
    db.session.commit()


def change_password(account: Account, current: str | None, password: str | None, again: str | None) -> None:
    fields: dict[str, list] = {}
    if not check_password_hash(account.password_hash, current or ""):
        fields["current_password"] = ["bad_credentials"]
    _check_password(password, again, fields)
    if fields:
        raise DomainError("invalid", fields=fields)
    account.password_hash = generate_password_hash(password)
    account.session_version += 1  # every other session ends (the caller signs this one in again)
    db.session.commit()


# -- API tokens ---------------------------------------------------------------


def issue_api_token(organiser: Account, label: str = "") -> str:
    """A new API token for ``organiser``, acting with that person's roles; returns it once, stores its hash."""
    token = new_token()
    db.session.add(ApiToken(organiser=organiser, token_hash=hash_token(token), label=(label or "").strip()[:80]))
    db.session.commit()
    return token


def tokens_of(account: Account) -> list[ApiToken]:
    return db.session.scalars(
        select(ApiToken).where(ApiToken.organiser_id == account.id).order_by(ApiToken.id.desc())
    ).all()


def revoke_api_token(account: Account, token_id: int) -> None:
    """Only one's own tokens."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.organiser_id != account.id:
        raise DomainError("not_found")
    db.session.delete(row)
    db.session.commit()


def organiser_for_token(token: str | None) -> Account | None:
    """The active account owning this API token, or None."""
    if not token:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.organiser.disabled_at is not None:
        return None
    row.last_used_at = utcnow()
    db.session.commit()
    return row.organiser


# -- the instance's administrators -------------------------------------------


def _require_admin(actor: Account | None) -> None:
    if actor is None or not actor.is_admin or actor.disabled_at is not None:
        raise DomainError("not_admin")


def all_accounts(*, actor: Account | None) -> list[Account]:
    _require_admin(actor)
    return db.session.scalars(select(Account).order_by(Account.name)).all()


def create_account(email: str, name: str, *, actor: Account | None, can_create_events: bool = False) -> Account:
    """An administrator makes an account; its owner gets a link to choose their password."""
    _require_admin(actor)
    account = new_account(email, name, None, can_create_events=can_create_events)
    signals.password_link_requested.send(account, welcome=True)
    db.session.commit()
    return account


def _active_admins(other_than: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Account)
        .where(Account.is_admin, Account.disabled_at.is_(None), Account.id != other_than)
    )


def set_disabled(account_id: int, disabled: bool, *, actor: Account | None) -> Account:
    """Disable (nothing works for the account any more: sign-in, sessions, API tokens, roles) or enable."""
    _require_admin(actor)
    account = db.session.get(Account, account_id)
    if account is None:
        raise DomainError("not_found")
    if disabled and account.is_admin and not _active_admins(account.id):
        raise DomainError("last_admin")
    account.disabled_at = utcnow() if disabled else None
    if disabled:
        account.session_version += 1  # re-enabling does not bring the old sessions back
    db.session.commit()
    return account


def set_event_creator(account_id: int, allowed: bool, *, actor: Account | None) -> Account:
    """An administrator allows an account to create and import events, or withdraws it."""
    _require_admin(actor)
    account = db.session.get(Account, account_id)
    if account is None:
        raise DomainError("not_found")
    account.can_create_events = allowed
    db.session.commit()
    return account


def set_admin(email: str, admin: bool) -> Account:
    """The CLI's: make an account an administrator of this instance, or not."""
    account = get_organiser(email)
    account.is_admin = admin
    db.session.commit()
    return account

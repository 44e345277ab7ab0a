"""The organising team: invitations by e-mail, roles, removal. Every verb checks the actor's right
("team", forum.core.permissions), is one transaction and writes its line in the event's audit log."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from forum.accounts import service as accounts
from forum.accounts.models import Account
from forum.core import audit
from forum.core import signals
from forum.core.errors import DomainError
from forum.core.models import utcnow
from forum.core.tokens import derived_token, hash_token
from forum.core.permissions import event_organisers
from forum.events.models import Event
from forum.events.service import lock_event
from forum.extensions import db
from forum.core import permissions
from forum.team.models import Invitation, TeamMember

#: how long an invitation's link works
INVITATION_DAYS = 14


# -- reading -------------------------------------------------------------


def members(event: Event) -> list[TeamMember]:
    """The team, organisers first, then by name."""
    rows = db.session.scalars(
        select(TeamMember)
        .join(Account, Account.id == TeamMember.organiser_id)
        .where(TeamMember.event_id == event.id)
        .order_by(Account.name)
    ).all()
    return sorted(rows, key=lambda m: permissions.ROLES.index(m.role))


def open_invitations(event: Event) -> list[Invitation]:
    """Invitations not answered yet (pending or expired), newest first."""
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.event_id == event.id, Invitation.accepted_at.is_(None), Invitation.withdrawn_at.is_(None))
        .order_by(Invitation.id.desc())
    ).all()


def get_invitation(event: Event, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise DomainError("not_found")
    return invitation


# -- the link ------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """The secret of the invitation's link, derived with SECRET_KEY (never stored)."""
    return derived_token("invitation", invitation.public_id, invitation.version)


def find_invitation(token: str | None) -> Invitation:
    """The pending invitation of a link; DomainError('bad_invitation') or ('invitation_expired')."""
    invitation = None
    if token and len(token) <= 100:
        invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))
    if invitation is None or invitation.state() in ("accepted", "withdrawn"):
        raise DomainError("bad_invitation")
    if invitation.state() == "expired":
        raise DomainError("invitation_expired")
    return invitation


def _send(invitation: Invitation) -> None:
    """A new link (for the invitation's current version), a new expiry, and the e-mail."""
    invitation.sent_at = utcnow()
    invitation.expires_at = invitation.sent_at + timedelta(days=INVITATION_DAYS)
    invitation.token_hash = hash_token(invitation_token(invitation))
    db.session.add(invitation)
    db.session.flush()
    signals.team_invitation_sent.send(invitation)


# -- the organisers' verbs ------------------------------------------------


def _role(role: str) -> str:
    if role not in permissions.ROLES:
        raise DomainError("invalid", fields={"role": ["bad_role"]})
    return role


def invite(event: Event, email: str, role: str, *, actor: Account | None) -> Invitation:
    """Invite someone to the team by e-mail. Inviting the same address again replaces the previous
    invitation's role and link."""
    permissions.require(event, actor, "team")
    address, role = accounts.normalise_email(email), _role(role)
    account = accounts.find_organiser(address)
    if account is not None and event.role_of(account) == role:
        raise DomainError("invalid", fields={"email": ["already_in_team"]})
    invitation = db.session.scalar(
        select(Invitation).where(
            Invitation.event_id == event.id,
            Invitation.email == address,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
    )
    if invitation is None:
        invitation = Invitation(
            event_id=event.id, email=address, role=role, invited_by_id=actor.id, public_id=str(uuid.uuid4()), version=1
        )
    else:
        invitation.role, invitation.version = role, invitation.version + 1
    _send(invitation)
    audit.write(event.id, "team.invited", actor_id=actor.id, detail=f"{address} → {role}")
    db.session.commit()
    return invitation


def resend(invitation: Invitation, *, actor: Account | None) -> Invitation:
    """A new link (the previous one stops working) and a new expiry."""
    permissions.require(invitation.event, actor, "team")
    if invitation.state() in ("accepted", "withdrawn"):
        raise DomainError("bad_invitation")
    invitation.version += 1
    _send(invitation)
    audit.write(invitation.event_id, "team.resent", actor_id=actor.id, detail=invitation.email)
    db.session.commit()
    return invitation


def withdraw(invitation: Invitation, *, actor: Account | None) -> None:
    permissions.require(invitation.event, actor, "team")
    if invitation.state() in ("accepted", "withdrawn"):
        raise DomainError("bad_invitation")
    invitation.withdrawn_at = utcnow()
    audit.write(invitation.event_id, "team.withdrawn", actor_id=actor.id, detail=invitation.email)
    db.session.commit()


def _organisers_left(event: Event, without: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(event_organisers)
        .where(
            event_organisers.c.event_id == event.id,
            event_organisers.c.role == "organiser",
            event_organisers.c.organiser_id != without,
        )
    )


def set_role(event: Event, account_id: int, role: str, *, actor: Account | None) -> None:
    permissions.require(event, actor, "team")
    role = _role(role)
    lock_event(event)  # two organisers cannot both step down
    member = db.session.get(TeamMember, (event.id, account_id))
    if member is None:
        raise DomainError("not_in_team")
    if member.role == "organiser" and role != "organiser" and not _organisers_left(event, account_id):
        raise DomainError("last_organiser")
    before, member.role = member.role, role
    audit.write(event.id, "team.role", actor_id=actor.id, detail=f"{member.account.name}: {before} → {role}")
    db.session.commit()


def remove(event: Event, account_id: int, *, actor: Account | None) -> None:
    permissions.require(event, actor, "team")
    lock_event(event)  # two organisers cannot both step down
    member = db.session.get(TeamMember, (event.id, account_id))
    if member is None:
        raise DomainError("not_in_team")
    if member.role == "organiser" and not _organisers_left(event, account_id):
        raise DomainError("last_organiser")
    name = member.account.name
    db.session.execute(
        delete(event_organisers).where(
            event_organisers.c.event_id == event.id, event_organisers.c.organiser_id == account_id
        )
    )
    audit.write(event.id, "team.removed", actor_id=actor.id, detail=name)
    db.session.commit()


# -- the invited person's verb --------------------------------------------


def accept(
    token: str, *, name: str | None = None, password: str | None = None, password_again: str | None = None
) -> Account:
    """Join the team from the invitation's link. A new address makes an account with ``name`` and
    ``password``; an existing account just gets the event. The link works once."""
    invitation = find_invitation(token)
    account = accounts.find_organiser(invitation.email)
    if account is None:
        account = accounts.new_account(invitation.email, name, password, password_again)
    elif account.disabled_at is not None:
        raise DomainError("account_disabled")
    now = utcnow()
    taken = db.session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.version == invitation.version,
            Invitation.accepted_at.is_(None),
            Invitation.withdrawn_at.is_(None),
        )
        .values(accepted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:  # two tabs, or withdrawn meanwhile
        db.session.rollback()
        raise DomainError("bad_invitation")
    member = db.session.get(TeamMember, (invitation.event_id, account.id))
    if member is None:
        db.session.add(TeamMember(event_id=invitation.event_id, organiser_id=account.id, role=invitation.role))
    else:
        member.role = invitation.role
    audit.write(
        invitation.event_id,
        "team.joined",
        actor_id=account.id,
        detail=f"{account.name} ({invitation.email}) → {invitation.role}",
    )
    db.session.commit()
    return account


# -- listeners ---------------------------------------------------------------

audit.describe(
    {
        "team.invited": _l("Invitation sent"),
        "team.resent": _l("Invitation sent again"),
        "team.withdrawn": _l("Invitation withdrawn"),
        "team.joined": _l("Joined the team"),
        "team.role": _l("Role changed"),
        "team.removed": _l("Removed from the team"),
        "signin.failures": _l("Repeated failed sign-ins"),
    }
)


@signals.signin_failures.connect
def _log_signin_failures(account: Account, count: int, **_kw) -> None:
    """A burst of failed sign-ins on an account is written to the audit log of every event of its teams."""
    for event_id in db.session.scalars(
        select(event_organisers.c.event_id).where(event_organisers.c.organiser_id == account.id)
    ):
        audit.write(event_id, "signin.failures", actor_id=None, detail=f"{account.email}: {count}")

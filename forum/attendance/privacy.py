"""RGPD: purging an event's personal data while its anonymous statistics stay the same."""

from __future__ import annotations

from datetime import timedelta, timezone

from sqlalchemy import delete, select, update

from forum.core import permissions
from forum.accounts.models import Account
from forum.core import signals
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import Answer, Registration, RegistrationGroup


def purge_event(event: Event, *, actor: Account | None) -> int:
    """Remove names, addresses, phones, needs, answers and e-mails of an event; keep what statistics count
    (role, structure, territory, dates of registration, promotion and arrival, workshop memberships)."""
    if actor is not None:
        permissions.require(event, actor, "manage")
    ids = db.session.scalars(select(Registration.id).where(Registration.event_id == event.id)).all()
    for registration_id in ids:
        db.session.execute(
            update(Registration)
            .where(Registration.id == registration_id)
            .values(
                first_name="",
                last_name="",
                email=f"purged-{registration_id}@invalid",
                phone="",
                needs="",
                token_hash=f"purged-{registration_id}",
                public_id=f"purged-{registration_id}",
                locale="fr",
            )
        )
    db.session.execute(delete(Answer).where(Answer.registration_id.in_(ids)))
    db.session.execute(
        update(RegistrationGroup)
        .where(RegistrationGroup.event_id == event.id)
        .values(contact_name="", contact_email="")
    )
    signals.event_purging.send(event)  # each domain forgets its own (board, mail, certificates, surveys)
    event.personal_data_purged_at = utcnow()
    db.session.commit()
    return len(ids)


def purge_old_events(days: int) -> list[str]:
    """Purge every event that ended more than ``days`` days ago and is not purged yet (the CLI's job)."""
    limit = utcnow() - timedelta(days=days)
    events = db.session.scalars(select(Event).where(Event.personal_data_purged_at.is_(None))).all()
    done = []
    for event in events:
        if event.ends_at_aware.astimezone(timezone.utc).replace(tzinfo=None) < limit:
            purge_event(event, actor=None)
            done.append(event.slug)
    return done

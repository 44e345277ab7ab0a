"""A participant's board data in their own export and deletion (RGPD): listeners of the registration's signals."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from forum.board import serialize as ser
from forum.board.models import Contribution, Membership, Topic, Workshop
from forum.core import signals
from forum.extensions import db
from forum.registration.models import Registration


@signals.personal_data_exporting.connect
def _export_board_data(registration: Registration, sections: dict, **_) -> None:
    contributions = db.session.execute(
        select(Contribution, Workshop.title)
        .join(Workshop, Workshop.id == Contribution.workshop_id)
        .where(Contribution.registration_id == registration.id)
        .order_by(Contribution.id)
    ).all()
    topics = db.session.scalars(select(Topic).where(Topic.proposer_id == registration.id).order_by(Topic.id)).all()
    sections["board"] = {
        "topics": [{"title": t.title, "description": t.description} for t in topics],
        "contributions": [
            {"workshop": title, "text": c.text, "created_at": ser.contribution(c)["created_at"]}
            for c, title in contributions
        ],
        "workshops": list(
            db.session.scalars(
                select(Workshop.title)
                .join(Membership, Membership.workshop_id == Workshop.id)
                .where(Membership.registration_id == registration.id)
            )
        ),
    }


@signals.registration_deleting.connect
def _delete_board_data(registration: Registration, keep_contributions: bool, **_) -> None:
    """Inside the deletion's transaction: contributions deleted, or kept without a name."""
    if keep_contributions:
        db.session.execute(
            update(Contribution)
            .where(Contribution.registration_id == registration.id)
            .values(author="", registration_id=None)
        )
        db.session.execute(update(Topic).where(Topic.proposer_id == registration.id).values(proposer_id=None))
    else:
        db.session.execute(delete(Contribution).where(Contribution.registration_id == registration.id))
    for membership in db.session.scalars(select(Membership).where(Membership.registration_id == registration.id)).all():
        db.session.execute(
            update(Workshop)
            .where(Workshop.id == membership.workshop_id)
            .values(members_count=Workshop.members_count - 1)
        )
        db.session.delete(membership)


@signals.event_purging.connect
def _forget_authors(event, **_) -> None:
    """The RGPD purge of an event: contributions stay (the proceedings), without who wrote them."""
    workshop_ids = select(Workshop.id).where(Workshop.event_id == event.id)
    db.session.execute(
        update(Contribution).where(Contribution.workshop_id.in_(workshop_ids)).values(author="", registration_id=None)
    )

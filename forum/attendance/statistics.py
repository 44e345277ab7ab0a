"""The figures of a day for its funders: registrations, roles, structures, attendance, workshops.

Only what a purge keeps is counted, so the statistics are the same before and after it.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

from sqlalchemy import func, select

from forum.board.models import Membership, Workshop
from forum.events.models import Event
from forum.extensions import db
from forum.registration.forms import ROLE_SHORT
from forum.registration.models import Registration


def statistics(event: Event) -> dict:
    rows = db.session.execute(
        select(
            Registration.status,
            Registration.role,
            Registration.organisation,
            Registration.territory,
            Registration.created_at,
            Registration.checked_in_at,
            Registration.promoted_at,
            Registration.walk_in,
        ).where(Registration.event_id == event.id)
    ).all()
    confirmed = [r for r in rows if r.status == "confirmed"]
    arrived = [r for r in confirmed if r.checked_in_at is not None]
    per_day = Counter(r.created_at.replace(tzinfo=timezone.utc).date().isoformat() for r in rows)
    running, over_time = 0, []
    for day in sorted(per_day):
        running += per_day[day]
        over_time.append((day, running))
    workshops = db.session.execute(
        select(Workshop.title, func.count(Membership.id))
        .outerjoin(Membership, Membership.workshop_id == Workshop.id)
        .where(Workshop.event_id == event.id)
        .group_by(Workshop.id, Workshop.title)
        .order_by(Workshop.id)
    ).all()
    started = event.starts_at_aware <= datetime.now(timezone.utc)  # before the day, nobody is absent yet
    return {
        "started": started,
        "totals": {
            "registered": len(rows),
            "confirmed": len(confirmed),
            "waitlisted": sum(1 for r in rows if r.status == "waitlisted"),
            "cancelled": sum(1 for r in rows if r.status == "cancelled"),
            "arrived": len(arrived),
            "no_shows": len(confirmed) - len(arrived) if started else None,
            "walk_ins": sum(1 for r in arrived if r.walk_in),
            "promotions": sum(1 for r in rows if r.promoted_at is not None),
            "attendance_rate": round(100 * len(arrived) / len(confirmed)) if confirmed else 0,
        },
        "over_time": over_time,
        "by_role": [(str(ROLE_SHORT[role]), n) for role, n in Counter(r.role for r in confirmed).most_common()],
        "by_organisation": Counter(r.organisation for r in confirmed).most_common(10),
        "by_territory": Counter(r.territory or "—" for r in confirmed).most_common(10),
        "attendance_by_role": [
            (str(ROLE_SHORT[role]), n) for role, n in Counter(r.role for r in arrived).most_common()
        ],
        "workshops": [(title, n) for title, n in workshops],
    }

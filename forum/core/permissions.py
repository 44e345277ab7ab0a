"""Who may do what in an event: the one table of roles × actions.

Every service checks an action here (through :func:`require`), so pages, API tokens and the
board give the same answer. Least privilege: *checkin* (l'accueil) sees names, organisations
and statuses at the door; *reader* (a partner or funder) sees statistics and proceedings,
never personal data.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table

from forum.core.errors import DomainError
from forum.extensions import db

#: who has which role in which event's team (the team's model, forum/team/models.py, maps it; events read it)
event_organisers = Table(
    "event_organisers",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organiser_id", ForeignKey("organisers.id", ondelete="CASCADE"), primary_key=True),
    #: the person's role in this event's team (ROLES)
    Column("role", String(12), nullable=False, default="organiser", server_default="organiser"),
)

#: roles in the order the team page lists them
ROLES = ("organiser", "checkin", "reader")
ROLE_LABELS = {"organiser": _l("Organiser"), "checkin": _l("Check-in desk"), "reader": _l("Read only")}
#: the page each role opens first (its home in the team's work)
ROLE_HOME = {"organiser": "events.manage", "checkin": "attendance.checkin", "reader": "attendance.statistics_page"}

ROLE_HELP = {
    "organiser": _l("Everything, including the team."),
    "checkin": _l("The check-in page: search, check in, undo, walk-ins. Names, organisations and statuses only."),
    "reader": _l("Statistics and proceedings. No personal data."),
}

#: action -> roles allowed
MATRIX: dict[str, frozenset[str]] = {
    "manage": frozenset({"organiser"}),  # the event, programme, registrations, e-mails, exports, resources
    "board": frozenset({"organiser"}),  # the live board as its facilitator: phases, grid, moderation
    "team": frozenset({"organiser"}),  # invite, change roles, withdraw
    "checkin": frozenset({"organiser", "checkin"}),
    "statistics": frozenset({"organiser", "reader"}),
    "proceedings": frozenset({"organiser", "reader"}),  # read before they are published
    "see": frozenset({"organiser", "checkin", "reader"}),  # the event in one's list, its team page's summary
}


def can(role: str | None, action: str) -> bool:
    return role is not None and role in MATRIX[action]


def allows(event, person, action: str) -> bool:
    """Whether the person's role in ``event`` allows ``action`` (pages that offer a link or not)."""
    return can(event.role_of(person), action)


def require(event, person, action: str) -> str:
    """The person's role if it allows ``action`` on ``event``; DomainError('forbidden') otherwise."""
    role = event.role_of(person)
    if not can(role, action):
        raise DomainError("forbidden")
    return role

"""Personal links: the kinds of secret link Forum sends, how each is written, and how organisers see them
(masked). One table, so that a new kind is masked wherever a message is shown (a questionnaire's link was
not: issue 23)."""

from __future__ import annotations

import re

#: kind -> the path before the secret
KINDS = {
    "registration": "/r/",  # a registrant's personal page (and its board, calendar, certificate)
    "survey": "/s/",  # a questionnaire's personal link
    "invitation": "/join/",  # joining an event's team
    "reset": "/login/reset/",  # choosing a new password
    "unsubscribe": "/unsubscribe/",  # stopping a kind of message (signed: it carries the address)
}
#: what replaces a secret in what organisers see
MASK = "••••••••"
#: what a secret looks like in a link
_TOKEN = r"[A-Za-z0-9_.~-]{16,}"
_SECRET = re.compile("(" + "|".join(re.escape(prefix) for prefix in KINDS.values()) + ")" + _TOKEN)


def path(kind: str, token: str) -> str:
    """The path of a personal link of ``kind``."""
    return f"{KINDS[kind]}{token}"


def url(kind: str, token: str, rest: str = "") -> str:
    """The absolute address of a personal link of ``kind`` (``rest``: a page under it, "/invitation.ics")."""
    from flask import current_app

    return f"{current_app.config['FORUM_BASE_URL']}{path(kind, token)}{rest}"


def token_in(kind: str, text: str) -> str | None:
    """The secret of a personal link of ``kind`` found in ``text`` (a link as a person may show or paste it)."""
    found = re.search(re.escape(KINDS[kind]) + f"({_TOKEN})", text or "")
    return found.group(1) if found else None


def mask(text: str) -> str:
    """``text`` with the secret of every personal link replaced by dots."""
    return _SECRET.sub(lambda m: m.group(1) + MASK, text or "")

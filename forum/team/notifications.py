"""The e-mail of an invitation to an event's team."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.core import links
from forum.core import signals
from forum.core.i18n import format_moment
from forum.extensions import db
from forum.mail import service as mail
from forum.core import permissions
from forum.team.models import Invitation
from forum.team.service import INVITATION_DAYS, invitation_token


@signals.team_invitation_sent.connect
def _queue(invitation: Invitation, **_kw) -> None:
    mail.notify(
        kind="team_invitation",
        to=invitation.email,
        event_id=invitation.event_id,
        context={"invitation_id": invitation.id, "version": invitation.version},
    )


@mail.composer("team_invitation")
def compose(message) -> bool:
    invitation = db.session.get(Invitation, message.context.get("invitation_id"))
    if invitation is None or invitation.version != message.context.get("version") or invitation.state() != "pending":
        return False  # withdrawn, accepted or sent again since: this link would not work
    event = invitation.event
    with force_locale(event.language):
        subject = _("Join the team of “%(title)s”", title=event.title)
        who = invitation.invited_by.name if invitation.invited_by else _("The organisers")
        context = {
            "subject": subject,
            "lang": event.language,
            "greeting": _("Hello,"),
            "paragraphs": [
                _(
                    "%(who)s invites you to the team of “%(title)s” (%(when)s), as: %(role)s.",
                    who=who,
                    title=event.title,
                    when=format_moment(event.starts_at),
                    role=permissions.ROLE_LABELS[invitation.role],
                ),
                str(permissions.ROLE_HELP[invitation.role]),
            ],
            "link": links.url("invitation", invitation_token(invitation)),
            "link_label": _("Join the team"),
            "note": _("The link works once, for %(days)s days.", days=INVITATION_DAYS),
        }
        message.subject = subject
        message.text = render_template("mail/notice.txt", **context)
        message.html = render_template("mail/notice.html", **context)
    message.attachments = []
    return True

"""The e-mails of accounts: a link to choose a password (forgotten, or a new account's first)."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.core import links
from forum.accounts.models import Account
from forum.accounts.service import RESET_HOURS, password_token
from forum.core import signals
from forum.extensions import db
from forum.mail import service as mail


@signals.password_link_requested.connect
def _queue(account: Account, welcome: bool = False, **_kw) -> None:
    mail.notify(kind="welcome" if welcome else "password_reset", to=account.email, context={"account_id": account.id})


@mail.composer("password_reset", "welcome")
def compose(message) -> bool:
    account = db.session.get(Account, message.context.get("account_id"))
    if account is None or account.disabled_at is not None or account.email != message.to:
        return False
    with force_locale(account.locale):
        link = links.url("reset", password_token(account))
        if message.kind == "welcome":
            subject = _("Your Forum account")
            paragraphs = [
                _(
                    "An account on Forum was made for you (%(email)s). Choose your password to sign in.",
                    email=account.email,
                )
            ]
        else:
            subject = _("Choose a new password")
            paragraphs = [
                _(
                    "Someone (you, we hope) asked to choose a new password for the Forum account "
                    "%(email)s. If it was not you, ignore this e-mail: nothing changes.",
                    email=account.email,
                )
            ]
        context = {
            "subject": subject,
            "lang": account.locale,
            "greeting": _("Hello %(name)s,", name=account.name),
            "paragraphs": paragraphs,
            "link": link,
            "link_label": _("Choose my password"),
            "note": _("The link works once, for %(hours)s hours.", hours=RESET_HOURS),
        }
        message.subject = subject
        message.text = render_template("mail/notice.txt", **context)
        message.html = render_template("mail/notice.html", **context)
    message.attachments = []
    return True

"""The e-mail that brings a questionnaire's personal link."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.core import links
from forum.core.i18n import format_moment
from forum.extensions import db
from forum.mail import service as mail
from forum.registration.models import Registration
from forum.surveys.models import Survey
from forum.surveys.service import local_closing


@mail.composer("survey_invitation")
def compose(message) -> bool:
    survey = db.session.get(Survey, message.context.get("survey_id"))
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    token = message.context.get("token")
    if survey is None or registration is None or not token or survey.status == "closed":
        return False
    language = registration.locale
    with force_locale(language):
        paragraphs = [
            _(
                "The organisers of “%(event)s” ask you a few questions: “%(title)s”.",
                event=survey.event.title,
                title=survey.title,
            )
        ]
        if survey.intro:
            paragraphs.append(survey.intro)
        paragraphs.append(
            _("Your answers are anonymous: they are not linked to your registration.")
            if survey.anonymous
            else _("Your answers are linked to your registration, so that the organisers know who answered.")
        )
        note = (
            _("You can change your answers until %(when)s.", when=format_moment(local_closing(survey), language))
            if survey.closes_at
            else _("You can change your answers until the questionnaire closes.")
        )
        context = {
            "subject": survey.title,
            "lang": language,
            "greeting": _("Hello %(name)s,", name=registration.first_name),
            "paragraphs": paragraphs,
            "link": links.url("survey", token),
            "link_label": _("Answer the questionnaire"),
            "note": note,
            "unsubscribe": mail.unsubscribe_footer(message),
        }
        message.subject = _("Questionnaire: %(title)s", title=survey.title)
        message.text = render_template("mail/notice.txt", **context)
        message.html = render_template("mail/notice.html", **context)
    message.attachments = []
    return True

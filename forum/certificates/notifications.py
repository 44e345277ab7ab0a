"""The e-mail that carries a certificate of attendance (the PDF attached, made when the e-mail is sent)."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from forum.core import links
from forum.certificates.models import Certificate
from forum.certificates.pdf import certificate_pdf
from forum.certificates.service import settings_of
from forum.core import signals
from forum.core.i18n import format_day
from forum.extensions import db
from forum.mail import service as mail
from forum.registration.models import Registration
from forum.registration.service import personal_token


@signals.certificates_issued.connect
def _queue(event, certificate_ids: list[int], **_kw) -> None:
    rows = db.session.execute(
        select(Certificate.id, Registration.email)
        .join(Registration, Registration.id == Certificate.registration_id)
        .where(Certificate.id.in_(certificate_ids))
    ).all()
    mail.notify_many(
        [
            {"kind": "certificate", "to": email, "event_id": event.id, "context": {"certificate_id": cid}}
            for cid, email in rows
        ]
    )


def file_name(certificate: Certificate) -> str:
    with force_locale(certificate.language):
        return f"{_('certificate-of-attendance')}-{certificate.event.slug}.pdf"


@mail.composer("certificate")
def compose(message) -> bool:
    certificate = db.session.get(Certificate, message.context.get("certificate_id"))
    if certificate is None or certificate.registration_id is None:
        return False
    event = certificate.event
    registration = db.session.get(Registration, certificate.registration_id)
    with force_locale(certificate.language):
        subject = _("Your certificate of attendance: %(title)s", title=event.title)
        context = {
            "subject": subject,
            "lang": certificate.language,
            "greeting": _("Hello %(name)s,", name=registration.first_name),
            "paragraphs": [
                _(
                    "Thank you for taking part in “%(title)s” on %(date)s. Your certificate of attendance "
                    "is attached to this e-mail, for your employer or your training fund.",
                    title=event.title,
                    date=format_day(event.starts_at, certificate.language),
                ),
                _("You can also download it again from your personal page."),
            ],
            "link": links.url("registration", personal_token(registration)),
            "link_label": _("My personal page"),
            "note": "",
        }
        message.subject = subject
        message.text = render_template("mail/notice.txt", **context)
        message.html = render_template("mail/notice.html", **context)
        # the PDF is rendered when the message is built (see pdf_of): the outbox row keeps a reference
        message.attachments = [
            {
                "filename": file_name(certificate),
                "subtype": "pdf",
                "render": "certificate",
                "certificate_id": certificate.id,
            }
        ]
    return True


@mail.renderer("certificate")
def pdf_of(attachment: dict) -> bytes:
    """A certificate's PDF, as its message carries it."""
    certificate = db.session.get(Certificate, attachment["certificate_id"])
    if certificate is None:
        raise LookupError(f"certificate {attachment['certificate_id']} is gone")
    return certificate_pdf(certificate, certificate.event, settings_of(certificate.event))

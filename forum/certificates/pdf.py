"""The certificate as a one-page A4 PDF: what it certifies, who signs (with the signature's image), and the
code and QR code that lead to its public check."""

from __future__ import annotations

import io
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from forum.certificates.models import Certificate, CertificateSettings
from forum.certificates.service import shown_code, text_of, town
from forum.core.i18n import format_day
from forum.core.pdf import draw_qr
from forum.events.models import Event


@lru_cache(maxsize=8)
def _image(data: bytes):
    """The signature decoded once per image, not once per certificate (1,000 at a time)."""
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))


def verify_url(certificate: Certificate) -> str:
    return f"{current_app.config['FORUM_BASE_URL']}/verify/{certificate.code}"


def certificate_pdf(certificate: Certificate, event: Event, settings: CertificateSettings) -> bytes:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph
    from xml.sax.saxutils import escape

    language = certificate.language
    width, height = A4
    out = io.BytesIO()
    with force_locale(language):
        title = _("Certificate of attendance")
        canvas = Canvas(out, pagesize=A4, pageCompression=1)
        canvas.setTitle(f"{title} — {certificate.full_name or event.title}")
        canvas.setAuthor(settings.signatory or "Forum")
        canvas.setFillColor(HexColor("#0b4f8a"))
        canvas.rect(0, height - 12 * mm, width, 12 * mm, stroke=0, fill=1)
        canvas.setFillColor(HexColor("#1b1f24"))
        canvas.setFont("Helvetica-Bold", 22)
        canvas.drawCentredString(width / 2, height - 45 * mm, title)
        canvas.setFont("Helvetica", 12)
        canvas.drawCentredString(width / 2, height - 54 * mm, event.title[:95])

        body = ParagraphStyle("body", fontName="Helvetica", fontSize=12.5, leading=19, alignment=TA_JUSTIFY)
        paragraph = Paragraph(escape(text_of(certificate, event, settings)).replace("\n", "<br/>"), body)
        used = paragraph.wrap(width - 50 * mm, 120 * mm)[1]
        top = height - 75 * mm
        paragraph.drawOn(canvas, 25 * mm, top - used)

        y = top - used - 20 * mm
        where, issued = town(event), format_day(certificate.issued_at, language)
        canvas.setFont("Helvetica", 11)
        canvas.drawString(
            25 * mm,
            y,
            _("Issued in %(place)s on %(date)s.", place=where, date=issued)
            if where
            else _("Issued on %(date)s.", date=issued),
        )
        x = width - 95 * mm
        canvas.setFont("Helvetica-Bold", 11)
        canvas.drawString(x, y - 12 * mm, settings.signatory or _("The organisers"))
        canvas.setFont("Helvetica", 10)
        if settings.signatory_role:
            canvas.drawString(x, y - 17 * mm, settings.signatory_role[:70])
        if settings.signature:
            canvas.drawImage(
                _image(settings.signature),
                x,
                y - 47 * mm,
                width=60 * mm,
                height=25 * mm,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )

        draw_qr(canvas, verify_url(certificate), 20 * mm, 18 * mm, 28 * mm, scale=4)
        canvas.setFont("Helvetica", 9.5)
        canvas.drawString(52 * mm, 36 * mm, _("Verification code: %(code)s", code=shown_code(certificate)))
        canvas.drawString(52 * mm, 30 * mm, _("Check this certificate at %(url)s", url=verify_url(certificate)))
        canvas.showPage()
        canvas.save()
    return out.getvalue()

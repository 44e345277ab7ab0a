"""The stand's A4 poster: its title, a QR code to the list of resources and the short address, in black and
white."""

from __future__ import annotations

import io

from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forum.core.pdf import draw_lines, draw_qr, fit
from forum.events.models import Event


def poster_pdf(event: Event, url: str) -> bytes:
    out = io.BytesIO()
    width, height = A4
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(_("Resource stand") + f" — {event.title}")
    margin = 18 * mm
    box = width - 2 * margin
    size, lines = fit(_("Resource stand"), "Helvetica-Bold", 64, 36, box, 2)
    y = draw_lines(canvas, lines, "Helvetica-Bold", size, margin, height - margin - size, centred_in=box)
    size, lines = fit(event.title, "Helvetica", 26, 16, box, 3)
    y = draw_lines(canvas, lines, "Helvetica", size, margin, y - 4 * mm, centred_in=box)
    size, lines = fit(
        _("Bibliographies, experience sheets, books and websites of the day: scan to open them on your phone."),
        "Helvetica",
        18,
        12,
        box,
        3,
    )
    y = draw_lines(canvas, lines, "Helvetica", size, margin, y - 6 * mm, centred_in=box)
    qr = min(120 * mm, y - margin - 30 * mm)
    draw_qr(canvas, url, (width - qr) / 2, y - 6 * mm - qr, qr)
    short = url.split("://", 1)[-1]
    size, lines = fit(short, "Helvetica-Bold", 24, 12, box, 2)
    draw_lines(canvas, lines, "Helvetica-Bold", size, margin, margin + 8 * mm, centred_in=box)
    canvas.showPage()
    canvas.save()
    return out.getvalue()

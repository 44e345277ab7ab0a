"""The marketplace's wall: one A4 sheet per workshop of the grid (its title readable at 3 m, the guiding question,
room and time slot, the rapporteur once named, a QR code that opens the workshop on a participant's board), then
one sheet per guiding question for the opening. Black on white, for an office printer."""

from __future__ import annotations

import io

from flask import current_app, url_for
from flask_babel import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from forum.board.models import Workshop
from forum.board.setup import questions_of, slots_of, spaces_of
from forum.core.i18n import format_clock
from forum.core.pdf import draw_lines, draw_qr, fit
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import Registration

WIDTH, HEIGHT = A4
MARGIN = 15 * mm
BOX = WIDTH - 2 * MARGIN
QR = 62 * mm


def workshop_url(event: Event, workshop: Workshop) -> str:
    """What a workshop's QR code opens: the workshop on the participant's board (board.views.open_workshop)."""
    path = url_for("board.open_workshop", slug=event.slug, workshop_id=workshop.id)
    return f"{current_app.config['FORUM_BASE_URL']}{path}"


def grid_workshops(event: Event) -> list[Workshop]:
    """The workshops of the grid, in the grid's order (time slot, then room)."""
    slots = {s.id: i for i, s in enumerate(slots_of(event))}
    spaces = {s.id: i for i, s in enumerate(spaces_of(event))}
    rows = db.session.scalars(
        db.select(Workshop).where(Workshop.event_id == event.id, Workshop.programme_item_id.is_(None))
    ).all()
    return sorted(rows, key=lambda w: (slots.get(w.slot_id, 99_999), spaces.get(w.space_id, 99_999), w.id))


def when_and_where(workshop: Workshop, locale: str) -> str:
    parts = []
    if workshop.space:
        parts.append(workshop.space.name)
    if workshop.slot:
        parts.append(f"{format_clock(workshop.slot.starts_at, locale)} – {format_clock(workshop.slot.ends_at, locale)}")
    return " · ".join(parts)


def _header(canvas, event: Event, label: str) -> float:
    size, lines = fit(f"{event.title} · {label}", "Helvetica", 14, 10, BOX, 1)
    y = draw_lines(canvas, lines, "Helvetica", size, MARGIN, HEIGHT - MARGIN - size)
    canvas.setLineWidth(1.5)
    canvas.line(MARGIN, y + size * 0.4, WIDTH - MARGIN, y + size * 0.4)
    return y - 6 * mm


def _workshop_sheet(canvas, event: Event, workshop: Workshop, locale: str) -> None:
    """From the top: the title (as large as the page allows, 96 pt at most: about 2 cm letters, read at 3 m),
    room and time, the slot's name, the guiding question; at the bottom, the rapporteur and the QR code."""
    top = _header(canvas, event, _("Open forum: workshop"))
    bottom = MARGIN + QR + 8 * mm
    where = when_and_where(workshop, locale)
    where_size, where_lines = fit(where, "Helvetica-Bold", 36, 22, BOX, 2) if where else (0, [])
    question = (
        _("Question %(n)s: %(text)s", n=workshop.question.position, text=workshop.question.text)
        if workshop.question
        else ""
    )
    question_size, question_lines = fit(question, "Helvetica-Oblique", 24, 14, BOX, 4) if question else (0, [])
    below_title = (
        6 * mm
        + len(where_lines) * where_size * 1.15
        + (18 * 1.15 if workshop.slot else 0)
        + (8 * mm + len(question_lines) * question_size * 1.15 if question_lines else 0)
    )
    size, lines = fit(
        workshop.title, "Helvetica-Bold", 96, 36, BOX, 5, max_height=top - bottom - below_title, leading=1.1
    )
    y = draw_lines(canvas, lines, "Helvetica-Bold", size, MARGIN, top - size * 0.8, leading=1.1)
    if where_lines:
        y = draw_lines(canvas, where_lines, "Helvetica-Bold", where_size, MARGIN, y - 6 * mm)
    if workshop.slot:
        y = draw_lines(canvas, [workshop.slot.label], "Helvetica", 18, MARGIN, y)
    if question_lines:
        draw_lines(canvas, question_lines, "Helvetica-Oblique", question_size, MARGIN, y - 8 * mm)
    rapporteur = db.session.get(Registration, workshop.rapporteur_id) if workshop.rapporteur_id else None
    name = f"{rapporteur.first_name} {rapporteur.last_name}" if rapporteur else "_" * 20
    size, lines = fit(_("Rapporteur: %(name)s", name=name), "Helvetica", 20, 12, BOX - QR - 8 * mm, 2)
    draw_lines(canvas, lines, "Helvetica", size, MARGIN, MARGIN + QR - size)
    draw_qr(canvas, workshop_url(event, workshop), WIDTH - MARGIN - QR, MARGIN, QR)
    size, lines = fit(
        _("Scan to open this workshop on your board and join it."), "Helvetica", 14, 10, BOX - QR - 8 * mm, 3
    )
    draw_lines(canvas, lines, "Helvetica", size, MARGIN, MARGIN + 14 * mm)
    canvas.showPage()


def _question_sheet(canvas, event: Event, question, workshops: list[Workshop], locale: str) -> None:
    y = _header(canvas, event, _("Open forum: guiding question"))
    y = draw_lines(canvas, [_("Question %(n)s", n=question.position)], "Helvetica-Bold", 40, MARGIN, y - 36)
    size, lines = fit(question.text, "Helvetica-Bold", 64, 28, BOX, 8, max_height=y - MARGIN - 60 * mm, leading=1.12)
    y = draw_lines(canvas, lines, "Helvetica-Bold", size, MARGIN, y - size * 0.6, leading=1.12)
    mine = [w for w in workshops if w.question_id == question.id]
    if mine:
        y = draw_lines(canvas, [_("Its workshops")], "Helvetica-Bold", 18, MARGIN, y - 10 * mm)
        for w in mine:
            if y < MARGIN + 20:
                break
            size, lines = fit(f"{w.title} — {when_and_where(w, locale)}", "Helvetica", 16, 11, BOX, 2)
            y = draw_lines(canvas, lines, "Helvetica", size, MARGIN, y)
    canvas.showPage()


def wall_pdf(event: Event, locale: str) -> bytes:
    """The wall's sheets: the workshops of the grid in its order, then the guiding questions."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(_("The wall of the marketplace") + f" — {event.title}")
    workshops = grid_workshops(event)
    for workshop in workshops:
        _workshop_sheet(canvas, event, workshop, locale)
    for question in questions_of(event):
        _question_sheet(canvas, event, question, workshops, locale)
    if not workshops and not questions_of(event):
        draw_lines(canvas, [_("No workshop and no guiding question yet.")], "Helvetica", 20, MARGIN, HEIGHT / 2)
        canvas.showPage()
    canvas.save()
    return out.getvalue()

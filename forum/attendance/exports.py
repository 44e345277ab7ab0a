"""Attendance exports for funders: CSV, XLSX, the printable sign-in sheet (feuille d'émargement), memberships.

Every export is recorded in the audit log (who, when, what) by :func:`record`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from forum.core import permissions
from forum.accounts.models import Account
from forum.core import audit
from forum.board.models import Membership, Slot, Space, Workshop
from forum.core.i18n import format_span
from forum.core.spreadsheet import csv_row, csv_text, local_text, local_time, time_header, xlsx_append, xlsx_bytes
from forum.events.models import Event
from forum.extensions import db
from forum.registration.listing import answers_by_registration, search, show_answer
from forum.registration.models import Registration
from forum.registration.questions import form_questions

STATUS_FR = {"confirmed": "Confirmés", "waitlisted": "Liste d'attente", "cancelled": "Annulés"}
ROLE_FR = {
    "mediateur": "médiateur·rice",
    "encadrant": "encadrant·e",
    "elu": "élu·e",
    "partenaire": "partenaire",
    "autre": "autre",
}


def record(event: Event, kind: str, rows: int, *, actor: Account | None) -> None:
    """Check the organiser and write the audit line of an export."""
    permissions.require(event, actor, "manage")
    audit.write(event.id, kind, actor_id=actor.id, rows=rows)
    db.session.commit()


def attendance_csv(event: Event, *, actor: Account | None, delimiter: str = ",") -> Iterator[str]:
    """The confirmed people, streamed line by line (memory does not grow with the number of rows);
    UTF-8 with BOM, ';' for French Excel. Recorded in the audit log when asked for.

    What the lines need is read here, before the generator runs: a response streams after
    the request's objects are gone, so the generator holds plain values only."""
    count = db.session.scalar(
        select(func.count()).where(Registration.event_id == event.id, Registration.status == "confirmed")
    )
    record(event, "attendance.csv", count, actor=actor)
    questions = [(q.id, q.label) for q in form_questions(event)]
    return _csv_lines(event.id, event.timezone, questions, delimiter)


def _csv_lines(event_id: int, tz: str, questions: list[tuple[int, str]], delimiter: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)

    def line(values) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(csv_row(values))
        return buffer.getvalue()

    yield "\ufeff" + line(
        [
            "id",
            "nom",
            "prénom",
            "e-mail",
            "structure",
            "rôle",
            "territoire",
            "téléphone",
            "besoins",
            "statut",
            time_header("inscrit le", tz),
            time_header("arrivé à", tz),
            *[label for _, label in questions],
        ]
    )
    query = (
        select(Registration)
        .where(Registration.event_id == event_id, Registration.status == "confirmed")
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
        .options(selectinload(Registration.answers))
        .execution_options(yield_per=500)
    )
    for r in db.session.scalars(query):
        answers = {a.question_id: a.value for a in r.answers}
        yield line(
            [
                r.id,
                r.last_name,
                r.first_name,
                r.email,
                r.organisation,
                ROLE_FR[r.role],
                r.territory,
                r.phone,
                r.needs,
                "confirmé",
                local_text(r.created_at, tz),
                local_text(r.checked_in_at, tz),
                *[show_answer(answers.get(qid)) for qid, _ in questions],
            ]
        )


def attendance_xlsx(event: Event, *, actor: Account | None) -> bytes:
    """A formatted table: a summary sheet, then a sheet per status, the organisers' questions as columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.table import Table, TableStyleInfo

    everyone = search(event, {})
    record(event, "attendance.xlsx", len(everyone), actor=actor)
    questions = form_questions(event)
    answers = answers_by_registration(event)
    book = Workbook()
    summary = book.active
    summary.title = "Synthèse"
    xlsx_append(summary, [event.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([format_span(event.starts_at, event.ends_at, "fr")])
    xlsx_append(summary, [", ".join(p for p in (event.venue_name, event.venue_room, event.venue_address) if p)])
    summary.append([])
    summary.append(["Indicateur", "Nombre"])
    confirmed = [r for r in everyone if r.status == "confirmed"]
    for label, value in (
        ("Places", event.capacity),
        ("Confirmés", len(confirmed)),
        ("Présents (émargés)", sum(1 for r in confirmed if r.checked_in_at)),
        ("Liste d'attente", sum(1 for r in everyone if r.status == "waitlisted")),
        ("Annulés", sum(1 for r in everyone if r.status == "cancelled")),
    ):
        summary.append([label, value])
    for role, label in ROLE_FR.items():
        summary.append([f"Confirmés — {label}", sum(1 for r in confirmed if r.role == role)])
    summary.column_dimensions["A"].width = 40
    tz = event.timezone
    header = [
        "Nom",
        "Prénom",
        "E-mail",
        "Structure",
        "Fonction",
        "Territoire",
        "Téléphone",
        "Besoins",
        "Statut",
        "Position",
        time_header("Inscrit le", tz),
        time_header("Arrivé à", tz),
        *[q.label for q in questions],
    ]
    for status, title in STATUS_FR.items():
        sheet = book.create_sheet(title[:31])
        xlsx_append(sheet, header)
        people = [r for r in everyone if r.status == status]
        for r in sorted(people, key=lambda r: (r.last_name.lower(), r.first_name.lower())):
            xlsx_append(
                sheet,
                [
                    r.last_name,
                    r.first_name,
                    r.email,
                    r.organisation,
                    ROLE_FR[r.role],
                    r.territory,
                    r.phone,
                    r.needs,
                    title,
                    r.waitlist_position,
                    local_time(r.created_at, tz),
                    local_time(r.checked_in_at, tz),
                    *[show_answer(answers.get(r.id, {}).get(q.id)) for q in questions],
                ],
            )
        if people:
            ref = f"A1:{_column(len(header))}{len(people) + 1}"
            table = Table(displayName=f"T_{status}", ref=ref)
            table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
            sheet.add_table(table)
        for n, width in enumerate([22, 18, 30, 30, 16, 18, 16, 30, 14, 10, 18, 18], start=1):
            sheet.column_dimensions[_column(n)].width = width
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def signin_pdf(event: Event, *, actor: Account | None, blank_rows: int = 0) -> bytes:
    """The feuille d'émargement: A4, title, date and place on every page, one row per confirmed
    participant sorted by last name, an empty signature box, page numbers, the header repeated."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    people = sorted(search(event, {"status": "confirmed"}), key=lambda r: (r.last_name.lower(), r.first_name.lower()))
    record(event, "signin.pdf", len(people), actor=actor)
    with force_locale("fr"):
        when = format_span(event.starts_at, event.ends_at, "fr")
    place = ", ".join(p for p in (event.venue_name, event.venue_room) if p)

    class NumberedCanvas(Canvas):
        """Writes "page n / total" once every page is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 9)
                self.drawRightString(A4[0] - 15 * mm, 10 * mm, f"Page {self._pageNumber} / {total}")
                super().showPage()
            super().save()

    width = A4[0] - 30 * mm  # between the 15 mm margins
    title_lines = simpleSplit(event.title, "Helvetica-Bold", 13, width)
    detail_lines = simpleSplit(f"{when} — {place}", "Helvetica", 10, width)
    header_height = 15 * mm + 6 * mm * (len(title_lines) - 1) + 5 * mm * len(detail_lines) + 6 * mm

    def header(canvas, doc):
        """Title, date and place, wrapped within the margins, on every page."""
        canvas.saveState()
        y = A4[1] - 15 * mm
        canvas.setFont("Helvetica-Bold", 13)
        for line in title_lines:
            canvas.drawString(15 * mm, y, line)
            y -= 6 * mm
        canvas.setFont("Helvetica", 10)
        for line in detail_lines:
            canvas.drawString(15 * mm, y, line)
            y -= 5 * mm
        canvas.drawString(15 * mm, y, "Feuille d'émargement")
        canvas.restoreState()

    rows = [["Nom", "Prénom", "Structure", "Signature"]]
    rows += [[r.last_name, r.first_name, r.organisation[:45], ""] for r in people]
    rows += [["", "", "", ""] for _ in range(max(blank_rows, 0))]
    table = Table(
        rows,
        colWidths=[45 * mm, 38 * mm, 60 * mm, 42 * mm],
        rowHeights=[8 * mm] + [11 * mm] * (len(rows) - 1),
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 10),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=header_height + 6 * mm,
        bottomMargin=16 * mm,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        title=f"Feuille d'émargement — {event.title}",
    )
    doc.build([table], onFirstPage=header, onLaterPages=header, canvasmaker=NumberedCanvas)
    return out.getvalue()


def memberships_rows(event: Event) -> list[list]:
    rows = db.session.execute(
        select(
            Slot.label,
            Space.name,
            Workshop.title,
            Registration.last_name,
            Registration.first_name,
            Registration.organisation,
        )
        .select_from(Membership)
        .join(Workshop, Workshop.id == Membership.workshop_id)
        .join(Slot, Slot.id == Workshop.slot_id)
        .join(Space, Space.id == Workshop.space_id)
        .join(Registration, Registration.id == Membership.registration_id)
        .where(Workshop.event_id == event.id)
        .order_by(Slot.position, Space.position, Registration.last_name)
    ).all()
    return [list(r) for r in rows]


MEMBERSHIP_HEADER = ["Créneau", "Salle", "Atelier", "Nom", "Prénom", "Structure"]


def memberships_csv(event: Event, *, actor: Account | None, delimiter: str = ",") -> str:
    rows = memberships_rows(event)
    record(event, "memberships.csv", len(rows), actor=actor)
    return csv_text(MEMBERSHIP_HEADER, rows, delimiter=delimiter)


def memberships_xlsx(event: Event, *, actor: Account | None) -> bytes:
    rows = memberships_rows(event)
    record(event, "memberships.xlsx", len(rows), actor=actor)
    return xlsx_bytes("Ateliers", MEMBERSHIP_HEADER, rows)

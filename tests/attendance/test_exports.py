"""Exports read back: csv, openpyxl, pypdf; and the audit log."""
import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from forum.attendance import exports, service
from forum.registration import questions, service as registration
from tests.factories import make_event, person


@pytest.fixture
def day(organiser):
    event = make_event(organiser, slug="jour", capacity=30, registration_opens_at=None, registration_closes_at=None)
    q = questions.add_form_question(event, {"label": "Repas sur place ?", "kind": "yes_no"}, actor=organiser)
    for n in range(32):
        r = registration.register(event, person(n, last_name=f"Nom{n:02d}é", organisation="Structure à Lille"),
                                  answers={str(q.id): "yes" if n % 2 else "no"}).registration
        if n < 10:
            service.check_in(event, r, actor=organiser)
    return event


def test_csv_reads_back_with_bom_and_semicolons(day, organiser):
    text = "".join(exports.attendance_csv(day, actor=organiser, delimiter=";"))
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0][:3] == ["id", "nom", "prénom"] and rows[0][-1] == "Repas sur place ?"
    assert len(rows) == 31 and rows[1][1].endswith("é")


def test_xlsx_has_summary_sheets_per_status_and_questions(day, organiser):
    book = load_workbook(io.BytesIO(exports.attendance_xlsx(day, actor=organiser)))
    assert book.sheetnames == ["Synthèse", "Confirmés", "Liste d'attente", "Annulés"]
    summary = {row[0]: row[1] for row in book["Synthèse"].iter_rows(min_row=5, values_only=True)}
    assert summary["Confirmés"] == 30 and summary["Présents (émargés)"] == 10 and summary["Liste d'attente"] == 2
    confirmed = list(book["Confirmés"].iter_rows(values_only=True))
    assert confirmed[0][-1] == "Repas sur place ?" and len(confirmed) == 31
    assert [r[0] for r in confirmed[1:]] == sorted(r[0] for r in confirmed[1:])
    assert book["Confirmés"].tables


def test_signin_sheet_pdf(day, organiser):
    reader = PdfReader(io.BytesIO(exports.signin_pdf(day, actor=organiser, blank_rows=5)))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) == 2
    for n, text in enumerate(pages, start=1):
        assert "Rencontre régionale des médiateurs sociaux" in text and "Salle Erro" in text
        assert "Nom" in text and "Signature" in text and f"Page {n} / 2" in text
    everything = "".join(pages)
    assert "Nom00é" in everything and "Nom29é" in everything and "Nom31é" not in everything  # waitlisted left out


def test_memberships_export(day, organiser):
    text = exports.memberships_csv(day, actor=organiser)
    assert text.splitlines()[0] == "\ufeffCréneau,Salle,Atelier,Nom,Prénom,Structure"


def test_every_export_is_in_the_audit_log(signed_in, day, organiser):
    for name in ("presence.csv", "presence.xlsx", "emargement.pdf", "ateliers.csv", "ateliers.xlsx"):
        assert signed_in.get(f"/manage/jour/exports/{name}").status_code == 200, name
    kinds = [line.kind for line in exports.audit_log(day)]
    assert sorted(kinds) == ["attendance.csv", "attendance.xlsx", "memberships.csv", "memberships.xlsx", "signin.pdf"]
    page = signed_in.get("/manage/jour/exports").get_data(as_text=True)
    assert "signin.pdf" in page and organiser.name in page


def test_other_organisers_cannot_export(client, day, other_organiser):
    from tests.conftest import login
    login(client, email=other_organiser.email)
    assert client.get("/manage/jour/exports/presence.csv").status_code == 403
    assert exports.audit_log(day) == []

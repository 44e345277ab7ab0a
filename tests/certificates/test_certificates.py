"""Certificates of attendance: issued to the people checked in (or one by one), sent by e-mail with their
PDF, downloadable from the personal link, checked by their code, signed as the organisers set."""

import io
from datetime import datetime

import pytest
from pypdf import PdfReader

from forum.attendance import service as door
from forum.certificates import service
from forum.certificates.models import Certificate
from forum.core.errors import DomainError
from forum.extensions import db
from forum.mail.models import MailMessage
from forum.registration import service as registration
from tests.conftest import login
from tests.factories import deliver_mail, join_team, make_event, make_item, person


def png(width=300, height=120) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).line((10, 100, 120, 20, 200, 90, 290, 30), fill="navy", width=6)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def held(organiser):
    """A day that took place (9:00-17:00 with a lunch break of 1 h 30), three people, two checked in."""
    event = make_event(
        organiser,
        slug="jour",
        title="Journée régionale de la médiation",
        programme=False,
        starts_at=datetime(2026, 6, 11, 9, 0),
        ends_at=datetime(2026, 6, 11, 17, 0),
        registration_opens_at=None,
        registration_closes_at=None,
    )
    make_item(
        event,
        organiser,
        starts_at=datetime(2026, 6, 11, 12, 0),
        ends_at=datetime(2026, 6, 11, 13, 30),
        kind="break",
        title="Déjeuner",
    )
    people = [registration.register(event, person(n), actor=organiser).registration for n in range(1, 4)]
    for r in people[:2]:
        door.check_in(event, r, actor=organiser)
    return event, people


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def test_everyone_checked_in_gets_a_certificate_by_e_mail_once(held, organiser):
    event, people = held
    assert service.issue_to_attendees(event, actor=organiser) == 2
    assert service.issue_to_attendees(event, actor=organiser) == 0  # again: nobody twice
    messages = db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "certificate")).all()
    assert sorted(m.to for m in messages) == [people[0].email, people[1].email]
    assert deliver_mail() >= 2
    message = db.session.scalars(
        db.select(MailMessage).where(MailMessage.to == people[0].email, MailMessage.kind == "certificate")
    ).one()
    assert message.status in ("sent", "outbox") and "Prénom1" in message.text  # outbox: no relay in this test
    attachment = message.attachments[0]
    assert attachment["subtype"] == "pdf" and attachment["filename"].endswith("-jour.pdf")


def test_the_pdf_says_who_what_when_where_how_long_and_its_code(held, organiser):
    event, people = held
    service.issue_to_attendees(event, actor=organiser)
    certificate = service.certificate_of(people[0])
    from forum.certificates.pdf import certificate_pdf

    text = pdf_text(certificate_pdf(certificate, event, service.settings_of(event)))
    assert "Attestation de présence" in text and "Prénom1 Nom1" in text and "Journée régionale de la médiation" in text
    text = text.replace("\u00a0", " ")  # pypdf reads the non-breaking spaces as spaces
    assert "le jeudi 11 juin 2026 à Mairie de Lille, Lille, pendant 6 h 30." in text.replace("\n", " ")
    assert "Fait à Lille, le" in text and service.shown_code(certificate) in text  # 8 hours less the lunch break
    assert f"/verify/{certificate.code}" in text
    assert len(certificate.code) == 12


def test_the_signature_and_wording_the_organisers_set_are_printed(held, organiser, client):
    event, people = held
    login(client)
    answer = client.post(
        "/manage/jour/certificates",
        data={
            "signatory": "Pascale Stoven",
            "signatory_role": "Directrice, réseau régional",
            "wording_fr": "Nous certifions que {name}, de {organisation}, a suivi « {event} » ({hours}).",
            "wording_en": "",
            "signature": (io.BytesIO(png()), "signature.png"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    certificate = service.issue(event, people[2], actor=organiser)  # one by one: present, not checked in
    body = client.get(f"/manage/jour/certificates/{people[2].id}.pdf").data
    text = pdf_text(body)
    assert "Nous certifions que Prénom3 Nom3, de Association Citéo, a suivi" in text and "Pascale Stoven" in text
    images = [image for page in PdfReader(io.BytesIO(body)).pages for image in page.images]
    assert len(images) == 2  # the signature and the QR code
    assert certificate.minutes == 390


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"wording_fr": "Pour {nom}"}, "Champ {nom} inconnu"),
        ({"signature": (io.BytesIO(b"GIF89a pas une image"), "s.gif")}, "PNG ou JPEG"),
    ],
)
def test_a_bad_wording_or_image_is_a_clear_422_and_keeps_what_was_typed(held, client, fields, message):
    login(client)
    data = {"signatory": "Pascale Stoven", "signatory_role": "", "wording_fr": "", "wording_en": ""} | fields
    answer = client.post(
        "/manage/jour/certificates", data=data, content_type="multipart/form-data", headers={"Accept-Language": "fr"}
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and message in page and 'value="Pascale Stoven"' in page


def test_not_before_the_day(organiser):
    event = make_event(organiser, slug="futur", registration_opens_at=None)
    r = registration.register(event, person(1)).registration
    with pytest.raises(DomainError) as refused:
        service.issue(event, r, actor=organiser)
    assert refused.value.code == "not_yet_held"


def test_the_personal_page_offers_the_certificate_once_issued(held, organiser, client):
    event, people = held
    token = registration.personal_token(people[0])
    assert "certificate.pdf" not in client.get(f"/r/{token}").get_data(as_text=True)
    assert client.get(f"/r/{token}/certificate.pdf").status_code == 404
    service.issue_to_attendees(event, actor=organiser)
    page = client.get(f"/r/{token}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert f"/r/{token}/certificate.pdf" in page and "Télécharger mon attestation de présence" in page
    answer = client.get(f"/r/{token}/certificate.pdf")
    assert answer.content_type == "application/pdf" and "Prénom1 Nom1" in pdf_text(answer.data)


def test_a_person_without_certificate_gets_a_clear_answer(held, client):
    event, people = held
    answer = client.get(
        f"/r/{registration.personal_token(people[2])}/certificate.pdf", headers={"Accept-Language": "fr"}
    )
    assert answer.status_code == 404 and "Aucune attestation" in answer.get_data(as_text=True)


def test_the_check_page_confirms_a_code_and_shows_nothing_else(held, organiser, client):
    event, people = held
    service.issue_to_attendees(event, actor=organiser)
    certificate = service.certificate_of(people[0])
    typed = service.shown_code(certificate).lower()
    page = client.get(f"/verify/{typed}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Cette attestation est authentique" in page and "Prénom1 Nom1" in page and "6\u00a0h\u00a030" in page
    assert people[0].email not in page and "Association Citéo" not in page and "Prénom2" not in page
    wrong = client.get("/verify/AAAA-BBBB-CCCC", headers={"Accept-Language": "fr"})
    assert wrong.status_code == 404 and "Aucune attestation ne porte le code" in wrong.get_data(as_text=True)


def test_an_english_speaker_gets_it_in_english(organiser, held):
    event, _ = held
    r = registration.register(event, person(7, locale="en"), actor=organiser).registration
    certificate = service.issue(event, r, actor=organiser)
    from forum.certificates.pdf import certificate_pdf

    text = pdf_text(certificate_pdf(certificate, event, service.settings_of(event)))
    text = text.replace("\u00a0", " ").replace("\n", " ")
    assert "Certificate of attendance" in text and "Thursday 11 June 2026" in text and "for 6 h 30 min." in text


def test_the_purge_forgets_the_names_and_the_code_still_checks(held, organiser, client):
    from forum.attendance.privacy import purge_event

    event, people = held
    service.issue_to_attendees(event, actor=organiser)
    code = service.certificate_of(people[0]).code
    purge_event(event, actor=organiser)
    assert {c.full_name for c in db.session.scalars(db.select(Certificate))} == {""}
    page = client.get(f"/verify/{code}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "authentique" in page and "Prénom1" not in page


def test_only_organisers_issue(held, client):
    event, people = held
    join_team(event, "checkin", "accueil@example.org", "Camille")
    login(client, email="accueil@example.org")
    assert client.get("/manage/jour/certificates").status_code == 403
    assert client.post("/manage/jour/certificates/issue").status_code in (400, 403)
    assert db.session.query(Certificate).count() == 0


def test_the_qr_code_of_the_pdf_leads_to_the_check_page(held, organiser, tmp_path):
    """Read by the same decoder as the door's page (the vendored jsQR, in Node)."""
    import shutil
    import subprocess
    from pathlib import Path

    from forum.certificates.pdf import certificate_pdf, verify_url

    if shutil.which("node") is None:
        pytest.skip("Node is needed to run jsQR")
    event, people = held
    service.issue_to_attendees(event, actor=organiser)
    certificate = service.certificate_of(people[0])
    page = PdfReader(io.BytesIO(certificate_pdf(certificate, event, service.settings_of(event)))).pages[0]
    image = [i.image for i in page.images if i.image.width == i.image.height][0].convert("RGBA")
    raw = tmp_path / "qr.rgba"
    raw.write_bytes(image.tobytes())
    jsqr = Path(__file__).resolve().parents[2] / "static" / "vendor" / "jsQR-1.4.0.js"
    script = (
        f"const jsQR = require({str(jsqr)!r}); const data = require('fs').readFileSync({str(raw)!r});"
        f"const code = jsQR(new Uint8ClampedArray(data), {image.width}, {image.height});"
        "process.stdout.write(code ? code.data : '');"
    )
    read = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert read.stdout == verify_url(certificate), read.stderr


def bomb_png(side: int = 13000) -> bytes:
    """A real greyscale PNG of side x side white pixels that weighs ~165 KB (its rows compressed)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    packer, row, parts = zlib.compressobj(9), b"\x00" + b"\xff" * side, []
    for _ in range(side):
        parts.append(packer.compress(row))
    parts.append(packer.flush())
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def test_a_small_file_holding_a_huge_image_is_refused_before_it_is_decoded(held, client):
    bomb = bomb_png()
    assert len(bomb) < service.MAX_SIGNATURE  # it passes the size check, as in the report
    login(client)
    answer = client.post(
        "/manage/jour/certificates",
        data={
            "signatory": "Pascale Stoven",
            "signatory_role": "",
            "wording_fr": "",
            "wording_en": "",
            "signature": (io.BytesIO(bomb), "signature.png"),
        },
        content_type="multipart/form-data",
        headers={"Accept-Language": "fr"},
    )
    assert answer.status_code == 422 and "trop de pixels" in answer.get_data(as_text=True)
    from forum.certificates.models import CertificateSettings

    settings = db.session.get(CertificateSettings, held[0].id)
    assert settings is None or settings.signature is None


def test_a_signature_is_stored_at_the_size_the_pdf_prints(held, organiser, client):
    from PIL import Image
    from forum.certificates.models import CertificateSettings

    event, _ = held
    login(client)
    assert (
        client.post(
            "/manage/jour/certificates",
            data={
                "signatory": "Pascale Stoven",
                "signatory_role": "",
                "wording_fr": "",
                "wording_en": "",
                "signature": (io.BytesIO(png(3000, 1200)), "signature.jpg"),
            },
            content_type="multipart/form-data",
        ).status_code
        == 302
    )
    stored = db.session.get(CertificateSettings, event.id)
    image = Image.open(io.BytesIO(stored.signature))
    assert stored.signature_kind == "png" and image.format == "PNG"
    assert image.size[0] <= service.SIGNATURE_SIZE[0] and image.size[1] <= service.SIGNATURE_SIZE[1]
    assert image.size == (709, 284)  # the proportions kept


def test_a_check_page_is_kept_by_no_cache_and_limited(held, organiser, client, app):
    event, people = held
    certificate = service.issue(event, people[2], actor=organiser)
    answer = client.get(f"/verify/{certificate.code}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    app.config["VERIFY_RATE_LIMIT"] = "3 per minute"
    codes = [client.get(f"/verify/X{n:09d}", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code for n in range(5)]
    assert codes[:3] == [404, 404, 404] and codes[3:] == [429, 429]  # guessing codes is slowed down


def test_the_outbox_keeps_a_reference_to_the_pdf_and_the_e_mail_carries_it(held, organiser, client):
    event, people = held
    certificate = service.issue(event, people[2], actor=organiser)
    deliver_mail()
    message = db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "certificate")).one()
    assert message.attachments == [
        {
            "filename": message.attachments[0]["filename"],
            "subtype": "pdf",
            "render": "certificate",
            "certificate_id": certificate.id,
        }
    ]  # no PDF in the row
    login(client)
    pdf = client.get(f"/manage/jour/mail/{message.id}/attachments/0")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "Prénom3 Nom3" in pdf_text(pdf.data)

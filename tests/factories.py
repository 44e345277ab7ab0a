"""Builders for tests: make_x(**overrides) returns a saved object."""

from __future__ import annotations

from datetime import datetime

from forum.accounts import service as accounts
from forum.events import service as events

PASSWORD = "motdepasse-solide"


def make_organiser(email: str = "organisatrice@example.org", name: str = "Mission régionale", password: str = PASSWORD):
    return accounts.create_organiser(email, name, password)


def event_data(**overrides) -> dict:
    data = {
        "title": "Rencontre régionale des médiateurs sociaux",
        "slug": "rencontre-lille",
        "audience": "Médiateurs sociaux",
        "description": "Première rencontre.\nThème : les espaces publics.",
        "timezone": "Europe/Paris",
        "starts_at": datetime(2030, 6, 13, 13, 30),
        "ends_at": datetime(2030, 6, 13, 17, 0),
        "venue_name": "Mairie de Lille",
        "venue_room": "Salle Erro (1er étage)",
        "venue_address": "Place Augustin Laurent, 59000 Lille",
        "capacity": 90,
        "waitlist": True,
        "registration_opens_at": datetime(2030, 5, 1, 9, 0),
        "registration_closes_at": datetime(2030, 6, 10, 23, 59),
        "contact_email": "contact@example.org",
        "contact_phone": "+33 3 20 00 00 00",
    }
    data.update(overrides)
    return data


def make_event(organiser=None, *, status: str = "published", programme: bool = True, **overrides):
    organiser = organiser or make_organiser()
    event = events.create_event(event_data(**overrides), actor=organiser)
    if programme:
        day = event.starts_at.date()
        for start, end, kind, title in [
            ((13, 30), (14, 0), "welcome", "Accueil"),
            ((14, 0), (16, 30), "open_forum", "Forum ouvert"),
            ((16, 30), (17, 0), "closing", "Synthèse"),
        ]:
            if datetime(day.year, day.month, day.day, *end) <= event.ends_at:
                make_item(
                    event,
                    organiser,
                    starts_at=datetime(day.year, day.month, day.day, *start),
                    ends_at=datetime(day.year, day.month, day.day, *end),
                    kind=kind,
                    title=title,
                )
    if status != "draft":
        events.set_status(event, status, actor=organiser)
    return event


def make_item(event, organiser=None, **overrides):
    data = {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "kind": "plenary",
        "title": "Plénière",
        "moderator": None,
        "speakers": [],
        "description": "",
    }
    data.update(overrides)
    return events.add_programme_item(event, data, actor=organiser or event.organisers[0])


def make_workshop(event, organiser=None, title: str = "Atelier", *, question=None, capacity: int = 20):
    """A workshop in its own room ("Salle A") and time slot (14:00-15:00 on 13 June 2030), under ``question``."""
    from forum.board import setup

    organiser = organiser or event.organisers[0]
    space = setup.add_space(event, "Salle A", capacity, actor=organiser)
    slot = setup.add_slot(event, "S1", datetime(2030, 6, 13, 14), datetime(2030, 6, 13, 15), actor=organiser)
    return add_workshop(
        event,
        {"title": title, "slot_id": slot.id, "space_id": space.id, "question_id": question.id if question else None},
        actor=organiser,
    )


def add_workshop(event, data: dict, actor=None):
    """A workshop created through the board's verb (as every door does); returns the saved row."""
    from forum.board import service as board
    from forum.board.models import Workshop
    from forum.extensions import db

    created = board.create_workshop(board.identify(event, organiser=actor or event.organisers[0]), data)
    return db.session.get(Workshop, created["id"])


def person(n: int = 1, **overrides) -> dict:
    data = {
        "first_name": f"Prénom{n}",
        "last_name": f"Nom{n}",
        "email": f"personne{n}@example.org",
        "organisation": "Association Citéo",
        "role": "mediateur",
        "territory": "Lille-Sud",
        "phone": "",
        "needs": "",
        "consent": True,
        "locale": "fr",
    }
    data.update(overrides)
    return data


def make_registration(event, n: int = 1, **overrides):
    from forum.registration import service

    return service.register(event, person(n, **overrides)).registration


def deliver_mail() -> int:
    """What the mail worker does: compose and deliver every message that is due."""
    from forum.mail.service import deliver_all

    return deliver_all()


def join_team(event, role: str, email: str, name: str = "Bénévole", *, by=None):
    """Someone in ``event``'s team with ``role``, through the invitation and its link (as people do)."""
    from forum.team import service as team

    invitation = team.invite(event, email, role, actor=by or event.organisers[0])
    return team.accept(team.invitation_token(invitation), name=name, password=PASSWORD, password_again=PASSWORD)


# -- files, real ones of each kind, and disguised ones ---------------------------------


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            archive.writestr(
                zipfile.ZipInfo(name),
                data,
                compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED,
            )
    return out.getvalue()


def _open_document(mime: str, body: str) -> bytes:
    """A minimal OpenDocument file as LibreOffice writes it: the stored mimetype first, a manifest, the content."""
    manifest = (
        f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        f'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{mime}"/><manifest:file-entry manifest:full-path="content.xml" '
        f'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
        'opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        f'office:version="1.2"><office:body>{body}</office:body></office:document-content>'
    )
    return _zip(
        [("mimetype", mime.encode()), ("META-INF/manifest.xml", manifest.encode()), ("content.xml", content.encode())]
    )


def sample_file(kind: str) -> bytes:
    """A real file of ``kind`` (pdf, docx, odt, xlsx, ods, png, jpg, md, txt)."""
    import io

    if kind == "pdf":
        from reportlab.pdfgen.canvas import Canvas

        out = io.BytesIO()
        canvas = Canvas(out, invariant=1)  # the same bytes each time
        canvas.drawString(72, 720, "Référentiel des activités de médiation sociale")
        canvas.save()
        return out.getvalue()
    if kind == "docx":
        from docx import Document

        doc, out = Document(), io.BytesIO()
        doc.add_paragraph("Fiche d'expérience : la médiation de nuit")
        doc.save(out)
        return out.getvalue()
    if kind == "xlsx":
        from openpyxl import Workbook

        book, out = Workbook(), io.BytesIO()
        book.active.append(["Structure", "Médiateurs"])
        book.save(out)
        return out.getvalue()
    if kind == "odt":
        return _open_document(
            "application/vnd.oasis.opendocument.text", "<office:text><text:p>Bonjour</text:p></office:text>"
        )
    if kind == "ods":
        return _open_document("application/vnd.oasis.opendocument.spreadsheet", "<office:spreadsheet/>")
    if kind in ("png", "jpg"):
        from PIL import Image

        out = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 80, 20)).save(out, "PNG" if kind == "png" else "JPEG")
        return out.getvalue()
    if kind == "md":
        return "# Les neuf activités\n\n- Veille sociale\n- Médiation de conflits\n\nUn texte de référence.\n".encode()
    if kind == "txt":
        return "Liste des formations\nFormation initiale de médiateur social\n".encode()
    raise ValueError(kind)


#: files whose name lies about what they are: name -> bytes
DISGUISED = {
    "programme.pdf": b"<!doctype html><html><body><script>alert(1)</script></body></html>",
    "fiche.docx": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200,  # a Windows program
    "logo.png": b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "tableau.xlsx": _zip([("readme.txt", b"not a workbook")]),
}

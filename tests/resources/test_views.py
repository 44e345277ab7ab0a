"""The stand's pages over HTTP: uploads in a real multipart form, what each person may open and how a file is
served, the proceedings in three formats, the wall's sheets and the stand's poster read back with pypdf."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from forum.board import service as board
from forum.resources import service
from tests import factories
from tests.factories import DISGUISED, sample_file
from tests.resources.qr import decode_qr_of_page


@pytest.fixture
def event(organiser):
    return factories.make_event(organiser, registration_opens_at=None, registration_closes_at=None)


def post_resource(client, slug, name, raw, **fields):
    data = {
        "title": "Référentiel",
        "kind": "document",
        "attached_to": "event",
        "visibility": "public",
        "url": "",
        "author": "",
        "description": "",
        **fields,
    }
    if name:
        data["file"] = (io.BytesIO(raw), name)
    return client.post(f"/manage/{slug}/resources", data=data, content_type="multipart/form-data")


def test_an_organiser_uploads_a_pdf_shown_in_the_browser(signed_in, event):
    response = post_resource(signed_in, event.slug, "Référentiel médiation.pdf", sample_file("pdf"))
    assert response.status_code == 302
    resource = service.resources_of(event)[0]
    served = signed_in.get(f"/e/{event.slug}/resources/{resource.id}/{resource.file_name}")
    assert served.status_code == 200 and served.data == sample_file("pdf")
    assert served.mimetype == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"


def test_a_docx_is_downloaded_not_shown(signed_in, event):
    post_resource(signed_in, event.slug, "fiche.docx", sample_file("docx"))
    resource = service.resources_of(event)[0]
    served = signed_in.get(f"/e/{event.slug}/resources/{resource.id}/{resource.file_name}")
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert Document(io.BytesIO(served.data)).paragraphs[0].text.startswith("Fiche d'expérience")


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_a_disguised_upload_gets_a_422_naming_the_accepted_types(signed_in, event, name):
    response = post_resource(signed_in, event.slug, name, DISGUISED[name])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG" in page
    assert "Référentiel" in page  # what was typed stays in the form
    assert service.resources_of(event) == []


def test_a_file_of_20_mb_and_a_bit_is_refused_in_the_form(signed_in, event):
    response = post_resource(signed_in, event.slug, "gros.pdf", sample_file("pdf") + b"0" * (20 * 1024 * 1024))
    assert response.status_code == 422
    assert "20" in response.get_data(as_text=True) and "Mo" in response.get_data(as_text=True)


def test_a_request_far_over_the_limit_is_refused_naming_it(signed_in, event):
    response = post_resource(signed_in, event.slug, "enorme.pdf", b"%PDF-" + b"0" * (30 * 1024 * 1024))
    assert response.status_code == 413
    assert "20" in response.get_data(as_text=True)
    assert service.resources_of(event) == []


def test_other_pages_keep_the_small_limit(signed_in, event):
    response = signed_in.post(
        f"/manage/{event.slug}/certificates",
        data={"signature": (io.BytesIO(b"0" * (3 * 1024 * 1024)), "s.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413


def test_a_file_kept_for_registrants_opens_only_from_a_personal_link(client, event, organiser):
    resource = service.add_resource(
        event,
        {"title": "Compte rendu", "kind": "document", "visibility": "registrants", "url": ""},
        factories_upload("cr.pdf"),
        actor=organiser,
    )
    person = factories.make_registration(event)
    token = person_token(person)
    assert client.get(f"/e/{event.slug}/resources/{resource.id}/cr.pdf").status_code == 404
    assert client.get(f"/r/{token}/resources/{resource.id}/cr.pdf").status_code == 200
    assert "Compte rendu" not in client.get(f"/e/{event.slug}/resources").get_data(as_text=True)
    assert "Compte rendu" in client.get(f"/r/{token}/resources").get_data(as_text=True)


def factories_upload(name: str):
    from werkzeug.datastructures import FileStorage

    return FileStorage(io.BytesIO(sample_file(name.rsplit(".", 1)[1])), filename=name)


def person_token(registration) -> str:
    from forum.registration.service import personal_token

    return personal_token(registration)


def test_the_rapporteur_adds_a_resource_from_the_personal_link(client, event, organiser):
    workshop = factories.make_workshop(event, title="Médiation de nuit")
    person = factories.make_registration(event)
    board.name_rapporteur(board.identify(event, organiser=organiser), workshop.id, person.id)
    token = person_token(person)
    page = client.get(f"/r/{token}/resources").get_data(as_text=True)
    assert "Add a resource to your workshop" in page or "Ajouter une ressource" in page
    response = client.post(
        f"/r/{token}/resources",
        data={
            "title": "Fiche de l'atelier",
            "kind": "experience",
            "attached_to": f"workshop-{workshop.id}",
            "visibility": "public",
            "url": "",
            "file": (io.BytesIO(sample_file("odt")), "fiche.odt"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert [(r.title, r.workshop_id, r.file_name) for r in service.resources_of(event)] == [
        ("Fiche de l'atelier", workshop.id, "fiche.odt")
    ]


def test_a_participant_sees_the_workshop_resource_in_the_board_page(client, event, organiser):
    workshop = factories.make_workshop(event, title="Médiation de nuit")
    service.add_resource(
        event,
        {
            "title": "Bibliographie de l'atelier",
            "kind": "bibliography",
            "visibility": "public",
            "url": "https://www.example.org/biblio",
            "workshop_id": workshop.id,
        },
        actor=organiser,
    )
    token = person_token(factories.make_registration(event))
    page = client.get(f"/r/{token}/board").get_data(as_text=True)
    assert 'data-workshop="%d"' % workshop.id in page and "Bibliographie de l&#39;atelier" in page


def proceedings_day(event, organiser):
    service.add_resource(
        event,
        {
            "title": "Guide de la médiation",
            "kind": "book",
            "author": "France Médiation",
            "visibility": "public",
            "url": "https://www.francemediation.fr/guide",
        },
        actor=organiser,
    )
    service.add_resource(
        event,
        {
            "title": "Liste interne",
            "kind": "document",
            "visibility": "registrants",
            "url": "https://example.org/interne",
        },
        actor=organiser,
    )
    service.add_annex(
        event, {"title": "Référentiel des activités", "url": ""}, factories_upload("ref.md"), actor=organiser
    )
    service.add_annex(event, {"title": "Modèle de service mutualisé"}, factories_upload("modele.pdf"), actor=organiser)


def test_the_docx_lists_public_resources_and_names_the_annexes(app, event, organiser):
    from forum.attendance import proceedings

    proceedings_day(event, organiser)
    doc = Document(io.BytesIO(proceedings.docx(event)))
    texts = [p.text for p in doc.paragraphs]
    assert "Ressources" in texts and "Liste interne" not in " ".join(texts)
    assert any(t.startswith("Guide de la médiation — France Médiation (ouvrage)") for t in texts)
    assert (
        "Annexe 1\u00a0: Référentiel des activités" in texts and "Annexe 2\u00a0: Modèle de service mutualisé" in texts
    )
    assert "Veille sociale" in texts  # the Markdown annex's words are in the document
    links = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert "https://www.francemediation.fr/guide" in links
    assert any(link.startswith("http://forum.test/e/rencontre-lille/annexes/2/") for link in links)


def test_the_markdown_lists_resources_and_annexes_at_the_end(app, event, organiser):
    from forum.attendance import proceedings

    proceedings_day(event, organiser)
    text = proceedings.markdown(event)
    assert (
        "## Ressources\n\n- [Guide de la médiation — France Médiation (ouvrage)](https://www.francemediation.fr/guide)"
        in text
    )
    assert text.index("### Annexe 1\u00a0: Référentiel des activités") > text.index("### Participation par fonction")
    assert "Liste interne" not in text


def test_the_proceedings_page_links_annexes_readable_once_published(client, signed_in, event, organiser):
    proceedings_day(event, organiser)
    page = signed_in.get(f"/e/{event.slug}/proceedings").get_data(as_text=True)
    assert "Guide de la médiation" in page and "Liste interne" not in page
    annex = service.annexes_of(event)[1]
    url = f"/e/{event.slug}/annexes/2/{annex.file_name}"
    assert url in page
    signed_in.post("/logout")
    assert client.get(url).status_code == 404  # not published yet
    board.board_of(event).proceedings_published = True
    factories_commit()
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype == "application/pdf"


def factories_commit():
    from forum.extensions import db

    db.session.commit()


def test_the_wall_has_a_sheet_per_workshop_and_per_question_with_its_qr_code(signed_in, event, organiser, tmp_path):
    from forum.board import setup

    question = setup.add_question(event, "Comment travailler avec les bailleurs ?", actor=organiser)
    first = factories.make_workshop(event, title="Médiation et bailleurs sociaux", question=question)
    room = setup.add_space(event, "Salle B", 20, actor=organiser)
    factories.add_workshop(event, {"title": "Reconnaissance du métier", "slot_id": first.slot_id, "space_id": room.id})
    person = factories.make_registration(event, first_name="Awa", last_name="Diallo")
    board.name_rapporteur(board.identify(event, organiser=organiser), first.id, person.id)
    response = signed_in.get(f"/manage/{event.slug}/forum/wall.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.data))
    assert len(pdf.pages) == 3  # two workshops, one guiding question
    first_page = " ".join(pdf.pages[0].extract_text().split())
    assert "Médiation et bailleurs" in first_page and "Salle A" in first_page and "14 h 00" in first_page
    assert "Awa Diallo" in first_page and "Comment travailler avec les bailleurs" in first_page
    assert decode_qr_of_page(pdf.pages[0], tmp_path) == f"http://forum.test/e/{event.slug}/workshops/{first.id}"
    assert "Question 1" in pdf.pages[2].extract_text() and "Forum ouvert" in first_page


def test_a_workshop_qr_code_opens_the_board_on_a_phone_that_opened_it_before(client, event):
    workshop = factories.make_workshop(event, title="Médiation de nuit")
    token = person_token(factories.make_registration(event))
    first = client.get(f"/e/{event.slug}/workshops/{workshop.id}")
    assert first.status_code == 200 and "Médiation de nuit" in first.get_data(as_text=True)
    client.get(f"/r/{token}/board")
    again = client.get(f"/e/{event.slug}/workshops/{workshop.id}")
    assert again.status_code == 302 and again.location == f"/r/{token}/board?workshop={workshop.id}"


def test_the_poster_has_the_stands_qr_code(signed_in, event, tmp_path):
    response = signed_in.get(f"/manage/{event.slug}/resources/poster.pdf")
    pdf = PdfReader(io.BytesIO(response.data))
    assert len(pdf.pages) == 1
    assert "forum.test/e/rencontre-lille/resources" in pdf.pages[0].extract_text()
    assert decode_qr_of_page(pdf.pages[0], tmp_path) == "http://forum.test/e/rencontre-lille/resources"


def test_the_stand_on_the_projector_needs_the_screen_key(client, event):
    key = board.board_of(event).screen_key
    factories_commit()
    assert client.get(f"/e/{event.slug}/screen/resources").status_code == 404
    page = client.get(f"/e/{event.slug}/screen/resources?key={key}")
    assert page.status_code == 200 and "forum.test/e/rencontre-lille/resources" in page.get_data(as_text=True)


def test_a_door_volunteer_cannot_open_the_resources_page(client, event, organiser):
    factories.join_team(event, "checkin", "accueil@example.org")
    from tests.conftest import login

    login(client, "accueil@example.org")
    assert client.get(f"/manage/{event.slug}/resources").status_code == 403
    assert post_resource(client, event.slug, None, b"", url="https://example.org").status_code == 403


def test_the_personal_page_lists_the_resources_kept_for_registrants(client, event, organiser):
    service.add_resource(
        event,
        {
            "title": "Compte rendu des ateliers",
            "kind": "document",
            "visibility": "registrants",
            "url": "https://example.org/cr",
        },
        actor=organiser,
    )
    token = person_token(factories.make_registration(event))
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Compte rendu des ateliers" in page and 'href="https://example.org/cr"' in page


def test_the_rapporteur_deletes_a_resource_of_their_workshop_and_its_file(app, client, event, organiser):
    from pathlib import Path

    workshop = factories.make_workshop(event, title="Médiation de nuit")
    person = factories.make_registration(event)
    board.name_rapporteur(board.identify(event, organiser=organiser), workshop.id, person.id)
    resource = service.add_resource(
        event,
        {"title": "Fiche de l'atelier", "kind": "experience", "visibility": "public", "workshop_id": workshop.id},
        factories_upload("fiche.pdf"),
        rapporteur=person,
    )
    stored = Path(app.config["STORAGE_DIR"]) / resource.file_key
    token = person_token(person)
    assert f"/r/{token}/resources/{resource.id}/delete" in client.get(f"/r/{token}/resources").get_data(as_text=True)
    assert client.post(f"/r/{token}/resources/{resource.id}/delete").status_code == 302
    assert service.resources_of(event) == [] and not stored.exists()

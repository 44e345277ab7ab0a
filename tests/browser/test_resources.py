"""The resource stand and the wall in Chromium (issue 26): an organiser uploads real and disguised files through the
page; a phone sees its workshop's resource at the head of the board's list, and moves it there on joining; a
workshop's QR code on the wall opens the board at that workshop, joined after one tap."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_live import Day, join, open_phone, shot
from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll
from tests.factories import DISGUISED, sample_file

pytestmark = pytest.mark.browser


def test_an_organiser_uploads_through_the_page_and_a_disguised_file_is_refused(organiser_page, live_server, tmp_path):
    day = Day(live_server)
    page = organiser_page
    page.goto(f"{day.url}/manage/{day.slug}/resources")
    form = page.locator("form[action$='/resources']")
    form.get_by_label("Titre", exact=True).fill("Programme déguisé")
    form.get_by_label("Fichier").set_input_files(
        files=[{"name": "programme.pdf", "mimeType": "application/pdf", "buffer": DISGUISED["programme.pdf"]}]
    )
    form.get_by_role("button", name="Ajouter la ressource").click()
    expect(page.locator(".errors")).to_contain_text("Ce type de fichier n’est pas accepté")
    expect(page.locator(".errors")).to_contain_text("PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG")
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Programme déguisé")  # what was typed stays
    form = page.locator("form[action$='/resources']")
    form.get_by_label("Titre", exact=True).fill("Fiche d’expérience : la médiation de nuit")
    form.get_by_label("Type").select_option(label="Fiche d’expérience")
    form.get_by_label("Rattachée à").select_option(label="Atelier · Accès aux droits")
    form.get_by_label("Fichier").set_input_files(
        files=[
            {
                "name": "Fiche médiation de nuit.odt",
                "mimeType": "application/octet-stream",
                "buffer": sample_file("odt"),
            }
        ]
    )
    form.get_by_role("button", name="Ajouter la ressource").click()
    expect(page.locator(".alert-success")).to_contain_text("La ressource est ajoutée.")
    expect(page.locator("table.log")).to_contain_text("Fiche_mediation_de_nuit.odt")
    assert axe_violations(page) == []
    shot(page, tmp_path, "resources-manage-1280")


def test_a_phone_sees_its_workshops_resource_first_and_on_joining(browser, live_server, tmp_path):
    from forum.events.models import Event
    from forum.extensions import db
    from forum.resources import service

    day = Day(live_server, people=2)

    def add(d):
        event = db.session.get(Event, d.event_id)
        organiser = event.organisers[0]
        service.add_resource(
            event,
            {
                "title": "Bibliographie de l’accès aux droits",
                "kind": "bibliography",
                "visibility": "registrants",
                "url": "https://www.example.org/biblio",
                "workshop_id": d.workshop,
            },
            actor=organiser,
        )
        service.add_resource(
            event,
            {
                "title": "Guide de la médiation sociale",
                "kind": "book",
                "author": "France Médiation",
                "visibility": "public",
                "url": "https://www.example.org/guide",
            },
            actor=organiser,
        )

    day.run(add)
    join(day, 0)
    (ca, a), (cb, b) = open_phone(browser, day, 0), open_phone(browser, day, 1)
    expect(a.locator("#resources-mine-list")).to_contain_text("Bibliographie de l’accès aux droits")
    expect(b.locator("#resources-mine-list")).to_be_hidden()
    expect(b.locator("#resources-bibliography-list")).to_contain_text("Bibliographie de l’accès aux droits")
    b.locator(f"#join-{day.workshop}").click()
    expect(b.locator("#resources-mine-list")).to_contain_text("Bibliographie de l’accès aux droits")
    expect(b.locator("#resources-bibliography")).to_be_hidden()  # its kind is empty now
    b.locator("#resources-panel").scroll_into_view_if_needed()
    assert no_horizontal_scroll(b)
    assert axe_violations(b) == []
    shot(b, tmp_path, "board-resources-390")
    ca.close(), cb.close()


def test_a_workshop_qr_code_opens_the_board_there_and_one_tap_joins(browser, live_server):
    day = Day(live_server, people=1)
    context, page = open_phone(browser, day, 0)  # the phone opened its board once
    page.goto(f"{day.url}/e/{day.slug}/workshops/{day.workshop}")
    button = page.locator(f"#join-{day.workshop}")
    expect(button).to_be_focused()
    expect(page.locator(f"li.cell.called[data-workshop='{day.workshop}']")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator(f"li.cell[data-workshop='{day.workshop}'] .here")).to_have_text("Vous êtes ici")
    assert "workshop=" not in page.url  # a reload does not call it again
    context.close()

"""Registering on a phone, in headless Chromium at 390x844."""

import re

import pytest

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_register_on_a_phone_then_open_my_link(phone, live_server, tmp_path):
    url = live_server["url"]
    slug = live_server["slugs"][0]
    phone.goto(f"{url}/e/{slug}")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name="M’inscrire").first.click()
    phone.get_by_label("Prénom").fill("Awa")
    phone.get_by_label("Nom", exact=True).fill("Diallo")
    phone.get_by_label("Adresse e-mail").fill("awa.diallo@example.org")
    phone.get_by_label("Structure").fill("Association Citéo")
    phone.get_by_label("Fonction").select_option("mediateur")
    phone.get_by_label("Territoire").fill("Avion")
    phone.get_by_label(re.compile("J’accepte")).check()
    phone.get_by_role("button", name="M’inscrire").click()
    assert "Merci" in phone.locator("h1").inner_text()
    assert "/r/" in phone.url  # the personal page, reached by GET
    status = phone.get_by_role("status").first.inner_text()
    assert "Votre place est confirmée." in status or "sur la liste d’attente" in status
    assert phone.locator(".personal-link").inner_text() == phone.url.split("?")[0]
    assert "awa.diallo@example.org" in phone.locator(".welcome").inner_text()
    if "confirmée" in status:
        assert phone.get_by_role("link", name="Ajouter à mon agenda").is_visible()
    phone.reload()
    assert "Merci" in phone.locator("h1").inner_text()
    with live_server["app"].app_context():
        from forum.extensions import db
        from forum.registration.models import Registration

        assert (
            db.session.scalar(
                db.select(db.func.count())
                .select_from(Registration)
                .where(Registration.email == "awa.diallo@example.org")
            )
            == 1
        )
    phone.screenshot(path=str(tmp_path / "confirmation-390.png"), full_page=True)
    assert no_horizontal_scroll(phone)
    assert axe_violations(phone) == []


def test_missing_consent_keeps_what_was_typed(phone, live_server):
    url, slug = live_server["url"], live_server["slugs"][0]
    phone.goto(f"{url}/e/{slug}/register")
    phone.get_by_label("Prénom").fill("Karim")
    phone.get_by_label("Nom", exact=True).fill("Benali")
    phone.get_by_label("Adresse e-mail").fill("karim@example")
    phone.get_by_role("button", name=re.compile("M’inscrire")).click()
    assert phone.locator("#email-error").inner_text() == "Saisissez une adresse e-mail valide."
    assert "Merci d’accepter" in phone.locator("#consent-error").inner_text()
    assert phone.get_by_label("Prénom").input_value() == "Karim"
    assert axe_violations(phone) == []
    assert no_horizontal_scroll(phone)


def test_personal_page_on_a_phone(phone, live_server):
    from forum.registration import service
    from forum.events.service import get_event
    from tests.factories import person

    with live_server["app"].app_context():
        token = service.register(get_event(live_server["slugs"][2]), person(77)).token
    phone.goto(f"{live_server['url']}/r/{token}")
    assert "Votre place est confirmée." in phone.locator(".status-box").inner_text()
    assert axe_violations(phone) == []
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Annuler mon inscription").click()
    phone.get_by_role("button", name="Oui, annuler mon inscription").click()
    assert "Votre inscription est annulée." in phone.locator(".status-box").inner_text()


@pytest.mark.parametrize("path", ["/e/{0}/register", "/e/{0}/team", "/e/{0}/link"])
def test_registration_pages_have_no_axe_violation(phone, live_server, path):
    phone.goto(live_server["url"] + path.format(*live_server["slugs"]))
    assert axe_violations(phone) == []
    assert no_horizontal_scroll(phone)


def test_organiser_list_searches_as_you_type(organiser_page, live_server):
    from forum.events.service import get_event
    from forum.registration import service
    from tests.factories import person

    slug = live_server["slugs"][3]
    with live_server["app"].app_context():
        event = get_event(slug)
        service.register(event, person(91, last_name="Lefèvre"))
        service.register(event, person(92, last_name="Martin"))
    page = organiser_page
    page.goto(f"{live_server['url']}/manage/{slug}/registrations")
    assert axe_violations(page) == []
    page.get_by_label("Rechercher").press_sequentially("lef")
    from playwright.sync_api import expect

    expect(page.locator("#rows")).not_to_contain_text("Martin")
    expect(page.locator("#rows")).to_contain_text("Lefèvre")
    assert "q=lef" in page.url

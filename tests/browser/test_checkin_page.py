"""The check-in page at the door, on a phone."""
import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_check_in_on_a_phone(browser, live_server):
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD
    from forum.events.service import get_event
    from forum.registration import service
    from tests.factories import person
    slug = live_server["slugs"][1]
    with live_server["app"].app_context():
        service.register(get_event(slug), person(301, last_name="Joseph", first_name="Lucie"))
    page = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="fr-FR").new_page()
    page.goto(live_server["url"] + "/login")
    page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server['url']}/manage/{slug}/checkin")
    page.get_by_label("Nom ou structure").press_sequentially("jos")
    expect(page.locator(".checkin-row")).to_have_count(1)
    page.get_by_role("button", name="Émarger Lucie").click()
    expect(page.locator(".checkin-row.arrived")).to_contain_text("Arrivé·e")
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []

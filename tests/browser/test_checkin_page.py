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


def test_the_search_boxes_are_the_pages_main_control_on_a_phone(organiser_page, live_server):
    """At the door the search is what volunteers use: labelled, full width, at least 48 px tall."""
    page = organiser_page
    page.set_viewport_size({"width": 390, "height": 844})
    slug = live_server["slugs"][1]
    for path, label in (
        (f"/manage/{slug}/checkin", "Nom ou structure"),
        (f"/manage/{slug}/registrations", "Rechercher"),
    ):
        page.goto(live_server["url"] + path)
        box = page.get_by_label(label).bounding_box()
        assert box["height"] >= 48 and box["width"] >= 0.8 * 390, (path, box)
        font = page.get_by_label(label).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert font >= 18, (path, font)

"""The team's pages in a real browser: a check-in volunteer's phone at the door, axe on every new page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser
SHOTS = None


def _sign_in(page, base, email):
    from forum.demo import DEMO_PASSWORD

    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def _registrants_emails(app, slug) -> list[str]:
    from forum.events.service import get_event
    from forum.extensions import db
    from forum.registration.models import Registration

    with app.app_context():
        event = get_event(slug)
        return list(db.session.scalars(db.select(Registration.email).where(Registration.event_id == event.id)))


def test_a_check_in_volunteer_does_the_doors_work_on_a_phone_without_seeing_an_email_address(
    phone, live_server, tmp_path
):
    from forum.events.service import get_event
    from forum.registration import service
    from tests.factories import person

    base, slug, app = live_server["url"], live_server["slugs"][1], live_server["app"]
    with app.app_context():
        service.register(
            get_event(slug), person(401, last_name="Moreau", first_name="Inès", email="ines.moreau@exemple-asso.fr")
        )
    page = phone
    _sign_in(page, base, "accueil@example.org")
    expect(page.locator(f"main a[href='/manage/{slug}/checkin']")).to_be_visible()  # the dashboard leads to the door
    expect(page.locator("main")).to_contain_text("Accueil")
    page.locator(f"main a[href='/manage/{slug}/checkin']").click()
    page.get_by_label("Nom ou structure").press_sequentially("moreau")
    expect(page.locator(".checkin-row")).to_have_count(1)
    page.get_by_role("button", name="Émarger Inès").click()
    expect(page.locator(".checkin-row.arrived")).to_contain_text("Arrivé·e")
    page.get_by_role("button", name="Annuler").first.click()
    expect(page.locator(".checkin-row.arrived")).to_have_count(0)
    page.get_by_label("Prénom").fill("Yanis")
    page.get_by_label("Nom", exact=True).fill("Sur-Place")
    page.get_by_label("Adresse e-mail").fill("yanis@exemple-asso.fr")
    page.get_by_label("Structure", exact=True).fill("Citéo")
    page.locator("#walkin-role").select_option("mediateur")
    page.locator("#walkin-override_capacity").check()  # at the door, the volunteer may add a seat
    page.get_by_role("button", name="Inscrire et émarger").click()
    expect(page.locator("#door-outcomes")).to_contain_text("Yanis Sur-Place est inscrit·e et émargé·e")
    page.screenshot(path=str(tmp_path / "accueil-390.png"), full_page=True)
    seen = page.content()
    for email in _registrants_emails(app, slug):
        assert email not in seen, email
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    for path in (
        f"/manage/{slug}/registrations",
        f"/manage/{slug}/exports/presence.csv",
        f"/manage/{slug}/mail",
        f"/manage/{slug}/team",
        f"/manage/{slug}/",
    ):
        answer = page.goto(base + path)
        assert answer.status == 403, path
        assert not any(email in page.content() for email in _registrants_emails(app, slug)), path


def test_the_team_page_and_the_account_pages_pass_axe(organiser_page, live_server):
    page, base, slug = organiser_page, live_server["url"], live_server["slugs"][1]
    for path in (f"/manage/{slug}/team", "/account", "/admin/accounts"):
        page.goto(base + path)
        assert axe_violations(page) == [], path
    page.goto(f"{base}/manage/{slug}/team")
    expect(page.locator(".team-members")).to_contain_text("Camille, bénévole à l'accueil")
    page.get_by_label("Adresse e-mail").fill("nouvelle@example.org")
    page.locator("input[name=role][value=reader]").check()
    page.get_by_role("button", name="Envoyer l’invitation").click()
    expect(page.locator("#pending-title + ul")).to_contain_text("nouvelle@example.org")
    assert axe_violations(page) == []


def test_the_invitation_and_password_pages_pass_axe_in_french_and_english(browser, live_server):
    from forum.accounts.service import find_organiser, password_token
    from forum.demo import DEMO_EMAIL
    from forum.events.service import get_event
    from forum.team import service as team

    base, slug, app = live_server["url"], live_server["slugs"][1], live_server["app"]
    with app.app_context():
        organiser = find_organiser(DEMO_EMAIL)
        invitation = team.invite(get_event(slug), "invitee@example.org", "checkin", actor=organiser)
        paths = [
            "/join/" + team.invitation_token(invitation),
            "/login/reset/" + password_token(organiser),
            "/login/forgot",
            "/login",
        ]
    for locale, words in (("fr-FR", "Rejoindre l’équipe"), ("en-GB", "Join the team")):
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale=locale)
        page = context.new_page()
        for path in paths:
            assert page.goto(base + path).status == 200, path
            assert axe_violations(page) == [], (locale, path)
            assert no_horizontal_scroll(page), (locale, path)
        page.goto(base + paths[0])
        expect(page.locator("h1")).to_contain_text(words)
        context.close()

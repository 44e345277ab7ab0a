"""The live board in headless Chromium: two phones, the projector, the facilitation view."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def forum_day(live_server):
    """The 2015 open-forum day of the demo, in its marketplace phase, with two registered phones."""
    from forum.board import service as board
    from forum.events.service import get_event
    from forum.registration import service as registration
    from tests.factories import person

    with live_server["app"].app_context():
        event = get_event(live_server["slugs"][2])
        actor = board.identify(event, organiser=event.organisers[0])
        board.set_phase(actor, "marketplace")
        tokens = [registration.register(event, person(500 + n)).token for n in range(2)]
        key = board.board_of(event).screen_key
    return {"slug": event.slug, "tokens": tokens, "screen": key}


def phone_context(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="fr-FR")


def open_board(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)


def propose(page, title: str) -> None:
    """Open the first question's proposal form and send a topic."""
    page.locator("details.propose-box summary").first.click()
    page.locator("form.propose").first.get_by_label("Sujet").fill(title)
    page.locator("form.propose").first.get_by_role("button", name="Envoyer").click()


def test_a_topic_proposed_on_one_phone_appears_on_the_other(browser, live_server, forum_day):
    one, two = phone_context(browser), phone_context(browser)
    a, b = one.new_page(), two.new_page()
    for page, token in ((a, forum_day["tokens"][0]), (b, forum_day["tokens"][1])):
        open_board(page, f"{live_server['url']}/r/{token}/board")
    propose(a, "Illectronisme et accès aux droits")
    expect(b.locator(".topic-title")).to_have_text(["Illectronisme et accès aux droits"], timeout=10000)
    assert no_horizontal_scroll(b)
    assert axe_violations(b) == []
    one.close(), two.close()


def test_the_projector_shows_typed_html_as_text(browser, live_server, forum_day):
    screen = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR").new_page()
    dialogs = []
    screen.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_board(screen, f"{live_server['url']}/e/{forum_day['slug']}/screen?key={forum_day['screen']}")
    phone = phone_context(browser).new_page()
    open_board(phone, f"{live_server['url']}/r/{forum_day['tokens'][0]}/board")
    propose(phone, "<img src=x onerror=alert(1)>")
    expect(screen.locator(".t-title")).to_contain_text(["<img src=x onerror=alert(1)>"], timeout=10000)
    assert screen.locator("#topics img").count() == 0 and dialogs == []
    assert axe_violations(screen) == []


def test_wrong_screen_key_is_a_404(browser, live_server, forum_day):
    page = browser.new_page()
    response = page.goto(f"{live_server['url']}/e/{forum_day['slug']}/screen?key=faux")
    assert response.status == 404


def test_a_contribution_written_offline_is_sent_once_on_reconnection(browser, live_server, forum_day):
    from forum.board import service as board
    from forum.events.service import get_event
    from forum.registration.service import get_by_token

    with live_server["app"].app_context():
        event = get_event(forum_day["slug"])
        actor = board.identify(event, organiser=event.organisers[0])
        slot, space = board.snapshot(actor)["slots"][1]["id"], board.snapshot(actor)["spaces"][2]["id"]
        workshop = board.create_workshop(actor, {"title": "Atelier hors ligne", "slot_id": slot, "space_id": space})
        board.join_workshop(board.identify(event, registration=get_by_token(forum_day["tokens"][0])), workshop["id"])
    context = phone_context(browser)
    page = context.new_page()
    open_board(page, f"{live_server['url']}/r/{forum_day['tokens'][0]}/board")
    context.set_offline(True)
    expect(page.locator("#conn")).to_contain_text("Hors ligne", timeout=30000)
    page.get_by_label("Votre contribution").fill("Écrit sans réseau")
    page.get_by_role("button", name="Publier").click()
    expect(page.locator("#conn")).to_contain_text("1 en attente d’envoi")
    context.set_offline(False)
    expect(page.locator(".contribution .pre")).to_have_text(["Écrit sans réseau"], timeout=40000)
    page.reload()
    expect(page.locator(".contribution .pre")).to_have_text(["Écrit sans réseau"], timeout=10000)
    context.close()


def test_facilitation_view_has_no_axe_violation(organiser_page, live_server, forum_day):
    open_board(organiser_page, f"{live_server['url']}/manage/{forum_day['slug']}/board")
    expect(organiser_page.locator("#phase-select")).to_have_value("marketplace")
    assert axe_violations(organiser_page) == []


def test_organisers_see_who_joins_and_each_workshops_activity_as_it_happens(
    browser, organiser_page, live_server, forum_day
):
    from forum.board import service as board
    from forum.events.service import get_event

    with live_server["app"].app_context():
        event = get_event(forum_day["slug"])
        actor = board.identify(event, organiser=event.organisers[0])
        snapshot = board.snapshot(actor)
        workshop = board.create_workshop(
            actor,
            {
                "title": "Atelier des présences",
                "slot_id": snapshot["slots"][1]["id"],
                "space_id": snapshot["spaces"][1]["id"],
            },
        )
    open_board(organiser_page, f"{live_server['url']}/manage/{forum_day['slug']}/board")
    organiser_page.locator(
        f"#activity-{workshop['id']} a"
    ).click()  # the table opens the workshop's panel (built on demand)
    expect(organiser_page.locator(f"#workshop-{workshop['id']}")).to_have_attribute("open", "")
    people = organiser_page.locator(f"#workshop-{workshop['id']} details.people")
    people.locator("summary").click()
    expect(people).to_contain_text("Personne n'a encore rejoint l'atelier.", timeout=10000)
    context = phone_context(browser)
    phone = context.new_page()
    open_board(phone, f"{live_server['url']}/r/{forum_day['tokens'][1]}/board")
    phone.locator(".cell", has_text="Atelier des présences").get_by_role("button", name="Rejoindre").click()
    expect(people.locator("li")).to_have_text(["Prénom501 Nom501 · Association Citéo"], timeout=10000)
    expect(people.locator("summary")).to_have_text("Qui participe à cet atelier (1)")
    activity = organiser_page.locator(f"#activity-{workshop['id']} td")  # people, contributions, points, synthesis, ...
    expect(activity.nth(0)).to_have_text("1 / 20")
    expect(activity.nth(1)).to_have_text("0")
    phone.get_by_label("Votre contribution").fill("Un accueil de proximité")
    phone.get_by_role("button", name="Publier").click()
    expect(activity.nth(1)).to_have_text("1", timeout=10000)
    expect(activity.nth(4)).to_have_text("à nommer")
    organiser_page.get_by_role("button", name="Nommer le rapporteur de « Atelier des présences »").click()
    organiser_page.locator("#topic-dialog").get_by_label("Nom501 Prénom501 · Association Citéo").check()
    organiser_page.locator("#topic-dialog").get_by_role("button", name="Enregistrer").click()
    expect(activity.nth(4)).to_have_text("Nom501 Prénom501 (Association Citéo)", timeout=10000)
    expect(
        organiser_page.get_by_role("button", name="Nommer le rapporteur de « Atelier des présences »")
    ).to_be_focused()
    assert axe_violations(organiser_page) == []
    context.close()


def test_the_facilitation_view_speaks_to_the_organiser_when_there_is_no_workshop(organiser_page, live_server):
    slug = live_server["slugs"][1]  # a demo event whose board has no workshop
    organiser_page.goto(f"{live_server['url']}/manage/{slug}/board")
    expect(organiser_page.locator("#no-workshop")).to_contain_text("Aucun atelier pour l’instant")
    assert "Rejoignez un atelier" not in organiser_page.locator("main").inner_text()


def _box(page, selector):
    return page.locator(selector).bounding_box()


def test_on_a_laptop_the_facilitation_view_keeps_the_phases_work_beside_the_grid(
    organiser_page, live_server, forum_day, tmp_path
):
    page = organiser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    open_board(page, f"{live_server['url']}/manage/{forum_day['slug']}/board")
    topics, grid, phase = _box(page, "#topics-panel"), _box(page, "#grid-panel"), _box(page, "#phase-select")
    assert topics["x"] + topics["width"] <= grid["x"]  # the marketplace: topics on the left, the grid on the right
    assert topics["y"] < 400 and grid["y"] < 600 and phase["y"] + phase["height"] < 800  # all on the first screen
    page.screenshot(path=str(tmp_path / "facilitation-marketplace-1280.png"))
    page.locator("#phase-select").select_option("workshops")
    expect(page.locator("#board")).to_have_attribute("data-phase", "workshops", timeout=10000)
    workshops, activity = _box(page, "#workshop-panel"), _box(page, "#activity-panel")
    assert workshops["x"] + workshops["width"] <= activity["x"]  # the workshops: their contributions on the left
    assert workshops["y"] < 400 and activity["y"] < 600
    assert page.evaluate("getComputedStyle(document.getElementById('workshop-panel')).position") == "sticky"
    assert no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.screenshot(path=str(tmp_path / "facilitation-workshops-1280.png"))


def test_on_a_phone_the_facilitation_view_is_one_column(phone, live_server, forum_day):
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    phone.goto(live_server["url"] + "/login")
    phone.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    phone.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    phone.get_by_role("button", name="Se connecter").click()
    open_board(phone, f"{live_server['url']}/manage/{forum_day['slug']}/board")
    topics, grid = _box(phone, "#topics-panel"), _box(phone, "#grid-panel")
    assert topics["x"] == grid["x"] and topics["y"] < grid["y"]
    assert no_horizontal_scroll(phone)

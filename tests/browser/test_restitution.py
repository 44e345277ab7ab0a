"""Both ends of the open forum in Chromium (issue 22): the rapporteur's state after a reload, naming a
rapporteur who joined late, a post sent offline, and the restitution on the phones and on the projector."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_live import Day, join, open_phone, post, shot
from tests.browser.test_board_pages import open_board
from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser

LONG = (
    (
        "Les médiateurs rappellent que la reconnaissance du métier passe par la formation, la qualification et la "
        "stabilité des postes. " * 6
    ).strip()
    + "\n\n"
    + (
        "Les partenaires institutionnels attendent des indicateurs "
        "partagés, construits avec les habitants, pour rendre compte de l’utilité sociale de la médiation. " * 5
    ).strip()
)
POINTS = [
    "Reconnaître le métier de médiateur social",
    "Former et qualifier les équipes",
    "Stabiliser les postes au-delà des contrats aidés",
    "Construire des indicateurs avec les habitants",
    "Coordonner les acteurs du territoire",
]


def reported_day(live_server, *, workshops: int = 2, phase: str = "restitution") -> Day:
    """A day whose workshops each have five points and a long published synthesis."""
    from forum.board import service as board
    from forum.board import synthesis
    from tests import factories

    day = Day(live_server, phase="workshops")
    day.others = []
    for n in range(1, workshops):
        day.others.append(
            day.run(
                lambda d: factories.add_workshop(
                    d.organiser().event,
                    {
                        "title": f"Reconnaissanceprofessionnelledesmédiateurs {n}",
                        "slot_id": d.slot2,
                        "space_id": d.room_b if n == 1 else d.room_a,
                    },
                ).id
            )
        )
    for wid in [day.workshop, *day.others]:
        for text in POINTS:
            day.run(
                lambda d: synthesis.create_point(
                    d.organiser(), {"workshop_id": wid, "text": text, "contribution_ids": []}
                )
            )
        day.run(lambda d: synthesis.update_synthesis(d.organiser(), wid, LONG))
        day.run(lambda d: synthesis.publish_synthesis(d.organiser(), wid))
    day.run(lambda d: board.set_phase(d.organiser(), phase))
    return day


#: locale -> what the phone says, in its language
WORDS = {
    "fr-FR": {
        "connected": "Connecté",
        "publish": "Publier la synthèse",
        "draft": "Brouillon enregistré.",
        "published": "Publié",
        "post": "Publier",
        "waiting": "en attente d’envoi",
    },
    "en-GB": {
        "connected": "Connected",
        "publish": "Publish the synthesis",
        "draft": "Draft saved.",
        "published": "Published",
        "post": "Post",
        "waiting": "waiting to be sent",
    },
}


def phone_in(browser, day: Day, k: int, locale: str):
    """A phone (390x844) in ``locale`` on the board of person ``k``: (its context, its page)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.goto(day.board_url(k))
    expect(page.locator("#conn")).to_have_text(WORDS[locale]["connected"], timeout=10000)
    return context, page


@pytest.mark.parametrize("locale", WORDS)
def test_the_rapporteur_finds_the_publish_button_and_then_the_published_badge_after_a_reload(
    browser, live_server, locale
):
    from forum.board import service as board
    from forum.board import synthesis

    words = WORDS[locale]
    day = Day(live_server)
    join(day, 0)
    day.run(lambda d: board.name_rapporteur(d.organiser(), d.workshop, d.ids[0]))
    day.run(lambda d: synthesis.update_synthesis(d.person(0), d.workshop, "Un brouillon écrit hier"))
    context, page = phone_in(browser, day, 0, locale)
    expect(page.locator(f"#synthesis-{day.workshop}")).to_have_value("Un brouillon écrit hier")
    expect(page.locator(f"#publish-{day.workshop}")).to_have_text(words["publish"])
    expect(page.locator(f"#synthesis-status-{day.workshop}")).to_have_text(words["draft"])
    page.locator(f"#publish-{day.workshop}").click()
    expect(page.locator(f"#synthesis-actions-{day.workshop} .badge")).to_have_text(words["published"], timeout=5000)
    page.reload()
    expect(page.locator("#conn")).to_have_text(words["connected"], timeout=10000)
    expect(page.locator(f"#synthesis-actions-{day.workshop} .badge")).to_have_text(words["published"])
    expect(page.locator(f"#publish-{day.workshop}")).to_have_count(0)
    context.close()


@pytest.mark.parametrize(
    "locale, name_rapporteur, save",
    [("fr-FR", "Nommer le rapporteur", "Enregistrer"), ("en-GB", "Name the rapporteur", "Save")],
)
def test_someone_who_joined_after_the_page_opened_is_offered_first_and_named_rapporteur(
    browser, live_server, tmp_path, locale, name_rapporteur, save
):
    import re

    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    from forum.registration import service as registration
    from tests import factories

    day = Day(live_server)
    join(day, 1)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    organiser_page = context.new_page()
    organiser_page.goto(live_server["url"] + "/login")
    organiser_page.locator("#email").fill(DEMO_EMAIL)
    organiser_page.locator("#password").fill(DEMO_PASSWORD)
    organiser_page.locator("form button[type=submit]").click()
    organiser_page.wait_for_url("**/manage/")
    organiser_page.goto(f"{live_server['url']}/manage/{day.slug}/board")
    expect(organiser_page.locator("#conn")).to_have_text(WORDS[locale]["connected"], timeout=10000)

    def register_and_join(d):  # after the organiser opened the page
        from forum.board import service as board

        result = registration.register(
            d.organiser().event, factories.person(999, first_name="Zoé", last_name="Arrivée-Tard")
        )
        board.join_workshop(board.identify(d.organiser().event, registration=result.registration), d.workshop)
        return result.registration.id

    late = day.run(register_and_join)
    organiser_page.locator(f"#workshop-{day.workshop} > summary").click()
    organiser_page.get_by_role("button", name=re.compile(f"^{name_rapporteur} .*Accès aux droits")).click()
    dialog = organiser_page.locator("#topic-dialog")
    expect(dialog.locator("fieldset").first).to_contain_text("Arrivée-Tard")  # the workshop's members first
    expect(organiser_page.locator("#picker-search")).to_be_focused()
    organiser_page.locator("#picker-search").fill("arrivee")
    expect(dialog.locator("li:visible")).to_have_count(1)
    join(day, 2)  # someone joins while the picker is open: among the members at once, the search kept
    from forum.extensions import db
    from forum.registration.models import Registration

    third = day.run(lambda d: db.session.get(Registration, d.ids[2]).last_name)
    expect(dialog.locator("fieldset").first).to_contain_text(third, timeout=5000)
    expect(dialog.locator("fieldset").nth(1)).not_to_contain_text(third)
    expect(dialog.locator("li:visible")).to_have_count(1)
    expect(organiser_page.locator("#picker-search")).to_be_focused()
    shot(organiser_page, tmp_path, f"picker-live-1280-{locale}")
    dialog.get_by_label("Arrivée-Tard Zoé", exact=False).check()
    dialog.get_by_role("button", name=save).click()
    expect(organiser_page.locator(f"#activity-{day.workshop} td").nth(4)).to_contain_text("Arrivée-Tard", timeout=5000)
    from forum.board.models import Workshop
    from forum.extensions import db

    assert day.run(lambda d: db.session.get(Workshop, d.workshop).rapporteur_id) == late
    names = organiser_page.evaluate(
        "() => [...document.querySelectorAll('#topic-dialog fieldset')[1].querySelectorAll('li')].map((li) => "
        "li.textContent.trim())"
    )
    assert names == sorted(names, key=str.casefold)  # everyone else, by name
    context.close()


@pytest.mark.parametrize("locale", WORDS)
def test_a_contribution_sent_offline_shows_as_waiting_then_once_as_posted(browser, live_server, locale):
    words = WORDS[locale]
    day = Day(live_server)
    join(day, 0)
    context, page = phone_in(browser, day, 0, locale)
    context.set_offline(True)
    expect(page.locator("#conn")).not_to_have_text(words["connected"], timeout=15000)
    page.locator(f"#post-{day.workshop}").fill("Écrit sans réseau")
    page.locator(f"form[data-workshop='{day.workshop}']").get_by_role("button", name=words["post"]).click()
    waiting = page.locator(f"#pending-{day.workshop} li")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("Écrit sans réseau")
    expect(waiting).to_contain_text(words["waiting"])
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("")
    context.set_offline(False)
    everything = page.locator(f"#workshop-{day.workshop} li.contribution", has_text="Écrit sans réseau")
    expect(page.locator(f"#contributions-{day.workshop} li", has_text="Écrit sans réseau")).to_have_count(
        1, timeout=20000
    )
    expect(waiting).to_have_count(0)
    expect(everything).to_have_count(1)
    page.reload()
    expect(page.locator("#conn")).to_have_text(words["connected"], timeout=10000)
    expect(everything).to_have_count(1)
    context.close()


@pytest.mark.parametrize(
    "locale, heading, mine",
    [
        ("fr-FR", "Restitution des ateliers", "Vos ateliers"),
        ("en-GB", "Restitution of the workshops", "Your workshops"),
    ],
)
def test_in_the_restitution_every_phone_reads_each_workshops_points_and_synthesis_its_own_first(
    browser, live_server, tmp_path, locale, heading, mine
):
    day = reported_day(live_server)
    join(day, 0, day.others[0])
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.goto(day.board_url(0))
    panel = page.locator("#restitution-panel")
    expect(panel).to_be_visible(timeout=10000)
    expect(panel.locator("h2")).to_have_text(heading)
    articles = panel.locator("article")
    expect(articles).to_have_count(2)
    expect(articles.first.locator("h4")).to_have_text("Reconnaissanceprofessionnelledesmédiateurs 1")  # its own first
    expect(panel.locator("h3").first).to_have_text(mine)
    expect(articles.first.locator("ol li")).to_have_text(POINTS)
    expect(articles.first.locator("p.pre")).to_have_text(LONG)
    clipped = page.evaluate("""() => [...document.querySelectorAll('#restitution-panel *')].filter((e) =>
        e.clientWidth && (e.scrollWidth > e.clientWidth + 1)).map((e) => e.tagName + '#' + e.id)""")
    assert clipped == []
    assert no_horizontal_scroll(page)
    shot(page, tmp_path, f"restitution-phone-{locale}")
    assert axe_violations(page) == []
    context.close()


TEXT_BOXES = """() => [...document.querySelectorAll('#board *')].filter((e) => e.offsetParent !== null && e.clientWidth
    && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
    .map((e) => e.tagName + '#' + e.id + '.' + e.className)"""
SMALLEST_TEXT = """() => Math.min(...[...document.querySelectorAll('#board *')].filter((e) => e.offsetParent !== null
    && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => parseFloat(getComputedStyle(e).fontSize)))"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_the_projector_runs_the_restitution_whole_one_workshop_at_a_time(
    browser, organiser_page, live_server, tmp_path, size
):
    day = reported_day(live_server)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="fr-FR")
    screen = context.new_page()
    screen.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}")
    expect(screen.locator("#conn")).to_have_text("Connecté", timeout=10000)
    expect(screen.locator("#show-title")).to_have_text("Accès aux droits")
    expect(screen.locator("#show-count")).to_contain_text("Atelier 1 sur 2")
    seen_points, seen_text = [], []

    def read_page():
        assert screen.evaluate(TEXT_BOXES) == []  # nothing leaves its box, nothing is cut
        if size == (1920, 1080):
            assert screen.evaluate(SMALLEST_TEXT) >= 28
        seen_points.extend(screen.locator("#show-body ol li").all_inner_texts())
        seen_text.extend(screen.locator("#show-body > p").all_inner_texts())

    assert screen.locator(".screen-join img").bounding_box()["height"] >= size[1] / 6
    read_page()
    shot(screen, tmp_path, f"projector-restitution-{size[0]}x{size[1]}")
    organiser_page.set_viewport_size({"width": 1280, "height": 800})
    open_board(organiser_page, f"{live_server['url']}/manage/{day.slug}/board")
    expect(organiser_page.locator("#show-now")).to_contain_text("Accès aux droits")
    pages = (
        int(screen.locator("#show-count").inner_text().rsplit(" ", 1)[-1])
        if "page" in screen.locator("#show-count").inner_text()
        else 1
    )
    for n in range(2, pages + 1):
        organiser_page.get_by_role("button", name="Suivant").click()
        expect(screen.locator("#show-count")).to_contain_text(f"page {n} sur {pages}", timeout=5000)
        expect(organiser_page.locator("#show-now")).to_contain_text(f"page {n} sur {pages}", timeout=5000)
        read_page()
    assert seen_points == POINTS  # every point, once, in order
    assert " ".join(seen_text).split() == LONG.split()  # the whole synthesis, never cut
    organiser_page.get_by_role("button", name="Suivant").click()
    expect(screen.locator("#show-title")).to_have_text("Reconnaissanceprofessionnelledesmédiateurs 1", timeout=5000)
    read_page()
    organiser_page.get_by_role("button", name="Précédent").click()
    expect(screen.locator("#show-title")).to_have_text("Accès aux droits", timeout=5000)
    organiser_page.get_by_role("button", name="Lecture").click()
    expect(organiser_page.locator("#show-play")).to_have_text("Pause", timeout=5000)
    expect(organiser_page.locator("#show-play")).to_have_attribute("aria-pressed", "true")
    organiser_page.get_by_role("button", name="Pause").click()
    expect(organiser_page.locator("#show-play")).to_have_text("Lecture", timeout=5000)
    assert axe_violations(screen) == []
    context.close()


def test_the_projector_says_in_words_when_there_is_nothing_to_show(browser, live_server, tmp_path):
    from forum.board import service as board

    day = Day(live_server, phase="marketplace")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="fr-FR")
    screen = context.new_page()
    screen.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}")
    expect(screen.locator("#conn")).to_have_text("Connecté", timeout=10000)
    expect(screen.locator("#no-topics")).to_have_text(
        "Aucun sujet proposé pour l’instant : proposez le vôtre depuis votre téléphone.".replace(" :", "\u00a0:")
    )
    expect(screen.locator("#topics")).to_be_hidden()
    assert screen.evaluate(TEXT_BOXES) == []
    day.run(lambda d: board.set_phase(d.organiser(), "restitution"))
    expect(screen.locator("#show-body")).to_contain_text("Les synthèses s’affichent ici", timeout=5000)
    shot(screen, tmp_path, "projector-empty-restitution")
    context.close()


def test_the_projector_runs_the_restitution_in_english_whole_and_large(browser, live_server, tmp_path):
    """The same show in English (the projector follows the event's language, or ?lang=)."""
    day = reported_day(live_server)
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    screen = context.new_page()
    screen.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}&lang=en")
    expect(screen.locator("#conn")).to_have_text("Connected", timeout=10000)
    expect(screen.locator("#show-title")).to_have_text("Accès aux droits")
    expect(screen.locator("#show-count")).to_contain_text("Workshop 1 of 2")
    expect(screen.locator("#show-body")).to_contain_text("Synthesis points")
    assert screen.evaluate(TEXT_BOXES) == []
    assert screen.evaluate(SMALLEST_TEXT) >= 28
    assert screen.locator(".screen-join img").bounding_box()["height"] >= 1080 / 6
    shot(screen, tmp_path, "projector-restitution-en-1920x1080")
    assert axe_violations(screen) == []
    context.close()


def test_the_projector_says_in_english_when_there_is_nothing_to_show(browser, live_server):
    from forum.board import service as board

    day = Day(live_server, phase="marketplace")
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    screen = context.new_page()
    screen.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}&lang=en")
    expect(screen.locator("#conn")).to_have_text("Connected", timeout=10000)
    expect(screen.locator("#no-topics")).to_have_text("No topic proposed yet: propose yours from your phone.")
    day.run(lambda d: board.set_phase(d.organiser(), "restitution"))
    expect(screen.locator("#show-body")).not_to_be_empty(timeout=5000)
    assert "Les synthèses" not in screen.locator("#show-body").inner_text()
    context.close()


LONG_WORD = "Reconnaissanceprofessionnelledesmédiateurssociaux"


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080), (3840, 2160)])
def test_no_text_leaves_its_box_on_the_projector_in_the_marketplace_and_the_workshops(
    browser, live_server, tmp_path, size
):
    """Long words in topics and workshop titles, at every projector size: each text stays in its box."""
    from forum.board import service as board
    from tests import factories

    day = reported_day(live_server, phase="marketplace")
    for n in range(10):
        day.run(
            lambda d: board.propose_topic(
                d.person(n % 3),
                {"question_id": d.question, "title": f"{LONG_WORD} {n + 1}", "client_id": str(uuid.uuid4())},
            )
        )
    day.run(
        lambda d: factories.add_workshop(
            d.organiser().event, {"title": f"{LONG_WORD} et {LONG_WORD}", "slot_id": d.slot, "space_id": d.room_b}
        )
    )
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="fr-FR")
    screen = context.new_page()
    screen.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}")
    expect(screen.locator("#conn")).to_have_text("Connecté", timeout=10000)
    expect(screen.locator("#topics li").first).to_contain_text(LONG_WORD)
    expect(screen.locator("#topics li")).to_have_count(8)  # the most voted for; the others counted below
    expect(screen.locator("#more-topics")).to_have_text(
        "et 2 autres sujets\u00a0: retrouvez-les tous et votez depuis votre téléphone"
    )
    assert screen.evaluate(TEXT_BOXES) == []
    shot(screen, tmp_path, f"projector-marketplace-long-{size[0]}x{size[1]}")
    day.run(lambda d: board.set_phase(d.organiser(), "workshops"))
    expect(screen.locator("#phase")).to_have_text("Ateliers", timeout=5000)
    expect(screen.locator("#grid")).to_contain_text(LONG_WORD)
    assert screen.evaluate(TEXT_BOXES) == []
    shot(screen, tmp_path, f"projector-workshops-long-{size[0]}x{size[1]}")
    context.close()

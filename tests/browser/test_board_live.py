"""The board as people live it, in Chromium: drafts, caret and focus survive everything; roles and phases live;
the rapporteur's tools; the projector; workshops changed from the setup page reach the phones."""

import itertools
import os
import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_pages import open_board, phone_context
from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser

_numbers = itertools.count(1)
#: where the screenshots go, to be looked at (FORUM_SCREENSHOTS, else the test's temporary folder)
SHOTS = os.environ.get("FORUM_SCREENSHOTS")


def shot(page, tmp_path: Path, name: str) -> None:
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


class Day:
    """A fresh open-forum day on the live server: 2 rooms, 2 slots, one workshop, people in the workshops phase."""

    def __init__(self, live_server, people: int = 3, phase: str = "workshops"):
        from forum.accounts.service import find_organiser
        from forum.board import service as board
        from forum.board import setup
        from forum.demo import DEMO_EMAIL
        from forum.registration import service as registration
        from tests import factories

        self.app, self.url = live_server["app"], live_server["url"]
        n = next(_numbers)
        with self.app.app_context():
            organiser = find_organiser(DEMO_EMAIL)
            event = factories.make_event(
                organiser,
                slug=f"jour-vivant-{n}",
                capacity=100,
                registration_opens_at=None,
                registration_closes_at=None,
            )
            self.slug, self.event_id = event.slug, event.id
            self.question = setup.add_question(event, "La médiation sociale : pour quels besoins ?", actor=organiser).id
            self.room_a = setup.add_space(event, "Salle Erro", 20, actor=organiser).id
            self.room_b = setup.add_space(event, "Salle Jaurès", 20, actor=organiser).id
            self.slot = setup.add_slot(
                event, "Session 1", datetime(2030, 6, 13, 14, 0), datetime(2030, 6, 13, 15, 0), actor=organiser
            ).id
            self.slot2 = setup.add_slot(
                event, "Session 2", datetime(2030, 6, 13, 15, 15), datetime(2030, 6, 13, 16, 15), actor=organiser
            ).id
            self.workshop = factories.add_workshop(
                event, {"title": "Accès aux droits", "slot_id": self.slot, "space_id": self.room_a}
            ).id
            results = [
                registration.register(event, factories.person(700 + 10 * n + k), actor=organiser) for k in range(people)
            ]
            self.tokens = [r.token for r in results]
            self.ids = [r.registration.id for r in results]
            self.screen = board.board_of(event).screen_key
            board.set_phase(self.organiser(), phase)

    def organiser(self):
        from forum.board import service as board
        from forum.events.models import Event
        from forum.extensions import db

        event = db.session.get(Event, self.event_id)
        return board.identify(event, organiser=event.organisers[0])

    def person(self, k: int):
        from forum.board import service as board
        from forum.registration.models import Registration
        from forum.extensions import db

        registration = db.session.get(Registration, self.ids[k])
        return board.identify(registration.event, registration=registration)

    def run(self, fn):
        """Call ``fn(self)`` in the live server's app (the board's service, as another phone would)."""
        with self.app.app_context():
            return fn(self)

    def board_url(self, k: int) -> str:
        return f"{self.url}/r/{self.tokens[k]}/board"


def join(day: Day, k: int, workshop: int | None = None):
    from forum.board import service as board

    day.run(lambda d: board.join_workshop(d.person(k), workshop or d.workshop))


def post(day: Day, k: int, text: str, workshop: int | None = None):
    from forum.board import synthesis
    import uuid

    return day.run(
        lambda d: synthesis.post_contribution(
            d.person(k), {"workshop_id": workshop or d.workshop, "text": text, "client_id": str(uuid.uuid4())}
        )[0]
    )


def open_phone(browser, day: Day, k: int):
    """A phone (390x844, French) on the board of person ``k``: (its context, its page)."""
    context = phone_context(browser)
    page = context.new_page()
    open_board(page, day.board_url(k))
    return context, page


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_a_draft_keeps_its_text_caret_and_focus_while_others_post_and_propose(browser, live_server):
    from forum.board import service as board

    day = Day(live_server)
    join(day, 0), join(day, 1)
    context, page = open_phone(browser, day, 0)
    box = page.locator(f"#post-{day.workshop}")
    box.click()
    page.keyboard.type("Je pense que la médiation")
    page.evaluate(f"document.getElementById('post-{day.workshop}').setSelectionRange(8, 8)")
    for n in range(20):
        post(day, 1, f"Contribution numéro {n + 1}")
        if n % 5 == 0:
            day.run(
                lambda d: board.propose_topic(
                    d.person(2), {"question_id": d.question, "title": f"Sujet {n}", "client_id": str(uuid.uuid4())}
                )
            )
    expect(page.locator(f"#contributions-{day.workshop} > li")).to_have_count(20, timeout=10000)
    expect(page.locator(".topic-title")).to_have_count(4)
    assert box.input_value() == "Je pense que la médiation"
    assert focused_id(page) == f"post-{day.workshop}"
    assert page.evaluate(f"document.getElementById('post-{day.workshop}').selectionStart") == 8
    page.keyboard.type("vraiment ")
    assert box.input_value() == "Je pensevraiment  que la médiation"
    context.close()


def test_a_draft_survives_a_reload_and_a_dropped_connection(browser, live_server):
    day = Day(live_server)
    join(day, 0)
    context, page = open_phone(browser, day, 0)
    page.locator(f"#post-{day.workshop}").fill("Une idée à moitié écrite")
    page.locator("details.propose-box summary").first.click()
    page.locator(f"#propose-title-{day.question}").fill("Le numérique")
    page.reload()
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("Une idée à moitié écrite")
    expect(page.locator(f"#propose-title-{day.question}")).to_have_value("Le numérique")
    expect(page.locator(f"#propose-box-{day.question}")).to_have_attribute("open", "")
    context.set_offline(True)
    expect(page.locator("#conn")).to_contain_text("Hors ligne", timeout=30000)
    page.locator(f"#post-{day.workshop}").press("End")
    page.locator(f"#post-{day.workshop}").type(", suite hors ligne")
    context.set_offline(False)
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=40000)
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("Une idée à moitié écrite, suite hors ligne")
    page.reload()
    expect(page.locator(f"#post-{day.workshop}")).to_have_value(
        "Une idée à moitié écrite, suite hors ligne", timeout=10000
    )
    page.get_by_role("button", name="Publier dans « Accès aux droits »").click()
    expect(page.locator(f"#contributions-{day.workshop} .pre")).to_have_text(
        ["Une idée à moitié écrite, suite hors ligne"], timeout=10000
    )
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("")
    page.reload()
    expect(page.locator(f"#contributions-{day.workshop} .pre")).to_have_count(1, timeout=10000)
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("")
    context.close()


def test_a_refused_contribution_comes_back_into_its_box_with_the_boards_message(browser, live_server):
    from forum.board import service as board

    day = Day(live_server)
    join(day, 0)
    context, page = open_phone(browser, day, 0)
    context.set_offline(True)
    expect(page.locator("#conn")).to_contain_text("Hors ligne", timeout=30000)
    page.locator(f"#post-{day.workshop}").fill("Écrit pendant la coupure")
    page.get_by_role("button", name="Publier dans « Accès aux droits »").click()
    expect(page.locator("#conn")).to_contain_text("1 en attente d’envoi")
    day.run(lambda d: board.set_phase(d.organiser(), "closed"))
    context.set_offline(False)
    expect(page.locator("#notice")).to_contain_text("Le tableau est fermé pour le moment.", timeout=40000)
    expect(page.locator(f"form[data-workshop='{day.workshop}']")).to_be_hidden()
    day.run(lambda d: board.set_phase(d.organiser(), "workshops"))
    expect(page.locator(f"#post-{day.workshop}")).to_be_visible(timeout=10000)
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("Écrit pendant la coupure")
    context.close()


def test_in_setup_no_form_is_offered_and_what_was_typed_waits(browser, live_server):
    from forum.board import service as board

    day = Day(live_server, phase="setup")
    context, page = open_phone(browser, day, 0)
    expect(page.locator("#phase-note")).to_contain_text(
        "Le tableau ouvre quand les organisateurs ouvrent la place du marché"
    )
    expect(page.locator("details.propose-box")).to_be_hidden()
    page.evaluate(
        f"localStorage.setItem('forum-draft:{day.slug}:{day.tokens[0]}:propose-title-{day.question}', 'Mon "
        "sujet préparé')"
    )
    day.run(lambda d: board.set_phase(d.organiser(), "marketplace"))
    expect(page.locator("details.propose-box")).to_be_visible(timeout=5000)
    expect(page.locator("#phase")).to_have_text("Place du marché")
    page.reload()
    expect(page.locator(f"#propose-title-{day.question}")).to_have_value("Mon sujet préparé", timeout=10000)
    context.close()


def test_a_participant_named_rapporteur_gets_the_tools_within_a_second(browser, live_server):
    from forum.board import service as board

    day = Day(live_server)
    join(day, 0)
    context, page = open_phone(browser, day, 0)
    page.locator(f"#post-{day.workshop}").fill("Mon brouillon")
    expect(page.locator(f"#tools-{day.workshop}")).to_have_count(0)
    day.run(lambda d: board.name_rapporteur(d.organiser(), d.workshop, d.ids[0]))
    expect(page.locator(f"#tools-{day.workshop}")).to_be_visible(timeout=1000)
    expect(page.locator("#notice")).to_contain_text("Vous êtes maintenant rapporteur de l’atelier « Accès aux droits »")
    expect(page.locator(f"#post-{day.workshop}")).to_have_value("Mon brouillon")
    assert axe_violations(page) == []
    day.run(lambda d: board.name_rapporteur(d.organiser(), d.workshop, None))
    expect(page.locator(f"#tools-{day.workshop}")).to_have_count(0, timeout=1000)
    expect(page.locator("#notice")).to_contain_text("Vous n’êtes plus rapporteur")
    context.close()


def test_keyboard_only_join_post_and_vote_keep_focus_on_the_control_used(browser, live_server):
    from forum.board import service as board

    day = Day(live_server)
    day.run(
        lambda d: board.propose_topic(
            d.person(1), {"question_id": d.question, "title": "Illectronisme", "client_id": str(uuid.uuid4())}
        )
    )
    context, page = open_phone(browser, day, 0)
    join_button = page.get_by_role("button", name="Rejoindre l’atelier « Accès aux droits »")
    join_button.focus()
    page.keyboard.press("Enter")
    leave = page.get_by_role("button", name="Quitter l’atelier « Accès aux droits »")
    expect(leave).to_be_focused()
    expect(page.locator(f"#post-{day.workshop}")).to_be_visible()
    page.locator(f"#post-{day.workshop}").focus()
    page.keyboard.type("Au clavier seulement")
    page.keyboard.press("Tab")
    send = page.get_by_role("button", name="Publier dans « Accès aux droits »")
    expect(send).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#contributions-{day.workshop} .pre")).to_have_text(["Au clavier seulement"], timeout=10000)
    expect(send).to_be_focused()
    vote = page.get_by_role("button", name="Voter pour le sujet « Illectronisme »")
    vote.focus()
    page.keyboard.press("Enter")
    unvote = page.get_by_role("button", name="Retirer mon vote pour le sujet « Illectronisme »")
    expect(unvote).to_be_focused()
    expect(unvote).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".topic .votes")).to_have_text(["1 vote"])
    context.close()


def test_a_long_topic_list_is_drawn_whole_and_its_cards_stay_in_place_while_the_room_votes(browser, live_server):
    from forum.board import service as board

    day = Day(live_server, people=4)
    ids = [
        day.run(
            lambda d, n=n: board.propose_topic(
                d.person(n % 4), {"question_id": d.question, "title": f"Sujet {n:02d}", "client_id": str(uuid.uuid4())}
            )["id"]
        )
        for n in range(30)
    ]
    day.run(lambda d: [board.vote_topic(d.person(k), ids[20], True) for k in (1, 2)])
    context, page = open_phone(browser, day, 0)
    titles = page.locator(".topic-title")
    drawn = ["Sujet 20"] + [f"Sujet {n:02d}" for n in range(30) if n != 20]  # by votes, then in the order proposed
    expect(titles).to_have_text(drawn, timeout=10000)  # more than the first screen's worth: drawn in steps, all there
    vote = page.locator(f"#vote-{ids[5]}")
    vote.focus()
    day.run(lambda d: [board.vote_topic(d.person(k), ids[10], True) for k in (1, 2, 3)])
    expect(page.locator(f"#topic-{ids[10]} .votes")).to_have_text("3 votes")
    expect(titles).to_have_text(drawn)  # nothing moved under the finger
    expect(vote).to_be_focused()
    day.run(
        lambda d: board.propose_topic(
            d.person(1), {"question_id": d.question, "title": "Un nouveau sujet", "client_id": str(uuid.uuid4())}
        )
    )
    expect(titles).to_have_text(drawn + ["Un nouveau sujet"])
    page.reload()
    expect(titles.first).to_have_text("Sujet 10", timeout=10000)  # drawn again: by votes
    context.close()


def test_the_rapporteur_makes_points_orders_them_hides_and_undoes_and_the_synthesis_saves_itself(browser, live_server):
    from forum.board import service as board
    from forum.board.models import Synthesis
    from forum.extensions import db

    day = Day(live_server)
    join(day, 0), join(day, 1)
    day.run(lambda d: board.name_rapporteur(d.organiser(), d.workshop, d.ids[0]))
    first, _ = post(day, 1, "Des permanences en mairie"), post(day, 1, "Un accueil sans rendez-vous")
    third = post(day, 1, "Hors sujet")
    context, page = open_phone(browser, day, 0)
    page.get_by_label("Choisir « Des permanences en mairie » pour un point").check()
    page.get_by_label("Choisir « Un accueil sans rendez-vous » pour un point").check()
    page.get_by_role("button", name="Faire un point des contributions choisies").click()
    points = page.locator(f"#points-{day.workshop} > li textarea")
    expect(points).to_have_count(1, timeout=10000)
    expect(points.first).to_have_value("Des permanences en mairie\nUn accueil sans rendez-vous")
    expect(page.locator(f"#contribution-{first['id']} a.feeds")).to_have_text("alimente le point 1")
    page.locator(f"#point-new-{day.workshop}").fill("Aller vers les habitants")
    page.get_by_role("button", name="Faire un point des contributions choisies").click()
    expect(points).to_have_count(2, timeout=10000)
    points.first.focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(points.nth(1)).to_have_value("Des permanences en mairie\nUn accueil sans rendez-vous", timeout=10000)
    expect(points.nth(1)).to_be_focused()
    # hide with a reason, then undo
    page.get_by_role("button", name="Masquer la contribution « Hors sujet »").click()
    expect(page.get_by_label("Pourquoi la masquer (visible des organisateurs)")).to_be_focused()
    page.keyboard.type("hors sujet")
    page.get_by_role("button", name="Masquer cette contribution").click()
    expect(page.locator(f"#contribution-{third['id']}")).to_have_count(0, timeout=10000)
    page.locator("#notice").get_by_role("button", name="Annuler").click()
    expect(page.locator(f"#contribution-{third['id']}")).to_have_count(1, timeout=10000)
    # the synthesis saves itself and says when
    synthesis = page.locator(f"#synthesis-{day.workshop}")
    synthesis.click()
    page.keyboard.type("Les habitants attendent de la proximité.")
    expect(page.locator(f"#synthesis-status-{day.workshop}")).to_contain_text("Brouillon enregistré à", timeout=10000)
    expect(synthesis).to_be_focused()
    saved = day.run(lambda d: db.session.get(Synthesis, d.workshop).text)
    assert saved == "Les habitants attendent de la proximité."
    post(day, 1, "Une contribution pendant la synthèse")
    expect(page.locator(f"#contributions-{day.workshop} > li")).to_have_count(4, timeout=10000)
    assert synthesis.input_value() == "Les habitants attendent de la proximité."
    assert axe_violations(page) == []
    context.close()


def test_a_workshop_deleted_on_the_setup_page_disappears_from_the_phones(browser, organiser_page, live_server):
    from tests import factories

    day = Day(live_server)
    other = day.run(
        lambda d: factories.add_workshop(
            __import__("forum.events.service", fromlist=["get_event"]).get_event(d.slug),
            {"title": "Atelier éphémère", "slot_id": d.slot, "space_id": d.room_b},
        ).id
    )
    context, page = open_phone(browser, day, 0)
    expect(page.locator(".cell-title")).to_have_text(["Accès aux droits", "Atelier éphémère"])
    organiser_page.goto(f"{live_server['url']}/manage/{day.slug}/forum")
    organiser_page.locator(f"form[action$='/forum/workshop/{other}/delete'] button").click()
    expect(organiser_page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".cell-title")).to_have_text(["Accès aux droits"], timeout=5000)
    expect(page.locator(f"#cell-{day.slot}-{day.room_b}")).to_contain_text("libre")
    context.close()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_the_projector_fits_the_screen_without_site_chrome(browser, live_server, tmp_path, size):
    from forum.board import service as board

    day = Day(live_server, phase="marketplace")
    for n in range(12):
        day.run(
            lambda d: board.propose_topic(
                d.person(n % 3),
                {"question_id": d.question, "title": f"Sujet proposé numéro {n + 1}", "client_id": str(uuid.uuid4())},
            )
        )
    join(day, 0), join(day, 1)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}")
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    expect(page.locator(".w-people")).to_have_text(["2 personnes / 20"])
    assert page.locator("html").get_attribute("lang") == "fr"  # the event's language, not the browser's
    assert page.locator(".site-header").count() == 0
    assert page.evaluate(
        "document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth"
    )
    expect(page.locator("#topics li")).to_have_count(8)
    day.run(lambda d: board.set_phase(d.organiser(), "workshops"))
    expect(page.locator("#phase")).to_have_text("Ateliers", timeout=5000)
    shot(page, tmp_path, f"projector-{size[0]}x{size[1]}")
    assert axe_violations(page) == []
    context.close()


def test_every_view_reads_well_at_its_size(browser, organiser_page, live_server, tmp_path):
    """Screenshots of the phone (390x844), the facilitation view (1280x800), with axe on each."""
    from forum.board import service as board

    day = Day(live_server)
    join(day, 0), join(day, 1)
    day.run(lambda d: board.name_rapporteur(d.organiser(), d.workshop, d.ids[1]))
    post(day, 0, "Un point d’accueil numérique à la mairie")
    context, page = open_phone(browser, day, 0)
    expect(page.locator(".cell-seats").first).to_have_text("2 personnes · 18 places restantes")
    expect(page.locator(".slot h3").first).to_have_text("Session 1 · 14\u00a0h\u00a000 – 15\u00a0h\u00a000")
    assert no_horizontal_scroll(page)
    shot(page, tmp_path, "board-phone-390")
    assert axe_violations(page) == []
    organiser_page.set_viewport_size({"width": 1280, "height": 800})
    open_board(organiser_page, f"{live_server['url']}/manage/{day.slug}/board")
    expect(organiser_page.locator(f"#activity-{day.workshop} td").first).to_have_text("2 / 20")
    assert [o.inner_text() for o in organiser_page.locator("#phase-select option").all()] == [
        "Préparation",
        "Place du marché",
        "Ateliers",
        "Restitution",
        "Clos",
    ]
    shot(organiser_page, tmp_path, "board-organiser-1280")
    assert axe_violations(organiser_page) == []
    context.close()


def test_the_facilitation_views_activity_row_counts_posts_hidden_and_shown_live(browser, organiser_page, live_server):
    from forum.board import synthesis

    day = Day(live_server)
    join(day, 0)
    organiser_page.set_viewport_size({"width": 1280, "height": 800})
    open_board(organiser_page, f"{live_server['url']}/manage/{day.slug}/board")
    cells = organiser_page.locator(f"#activity-{day.workshop} td")
    expect(cells.nth(1)).to_have_text("0")
    expect(cells.nth(5)).to_have_text("—")
    first, _ = post(day, 0, "Des permanences en mairie"), post(day, 0, "Un accueil sans rendez-vous")
    expect(cells.nth(1)).to_have_text("2", timeout=5000)
    expect(cells.nth(5)).to_have_text(re.compile(r"^\d{1,2}\u00a0h\u00a0\d\d$"))
    day.run(lambda d: synthesis.hide_contribution(d.organiser(), first["id"], "hors sujet"))
    expect(cells.nth(1)).to_have_text("1 (+1 masquée)", timeout=5000)
    day.run(lambda d: synthesis.show_contribution(d.organiser(), first["id"]))
    expect(cells.nth(1)).to_have_text("2", timeout=5000)


def test_a_phone_loads_only_the_participants_code_and_the_facilitation_view_its_own(browser, live_server):
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    day = Day(live_server)
    for board, login in ((day.board_url(0), False), (f"{live_server['url']}/manage/{day.slug}/board", True)):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")  # nothing cached
        page = context.new_page()
        if login:
            page.goto(f"{live_server['url']}/login")
            page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
            page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            page.wait_for_url("**/manage/")
        loaded = []
        page.on("request", lambda r: loaded.append(re.sub(r"^v/\w+/", "", r.url.rsplit("/static/", 1)[-1])))
        open_board(page, board)
        assert "js/board/topics.js" in loaded and "vendor/idiomorph-0.7.4.esm.min.js" in loaded
        assert ("js/board/organiser.js" in loaded) is login  # the facilitation view's code, for organisers only
        assert "js/door/store.js" not in loaded  # the door's offline store waits for a sign-out
        if login:
            expect(page.locator(f"#activity-{day.workshop}")).to_be_visible()
        context.close()


def test_the_board_reads_in_english_and_answers_a_too_short_topic(browser, live_server):
    day = Day(live_server)
    join(day, 1)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(day.board_url(0))
    expect(page.locator("#conn")).to_have_text("Connected", timeout=10000)
    expect(page.locator(".cell-seats").first).to_have_text("1 person · 19 seats left")
    expect(page.get_by_role("button", name="Join the workshop “Accès aux droits”")).to_be_visible()
    expect(page.locator(".slot h3").first).to_have_text("Session 1 · 14:00 – 15:00")
    page.locator("details.propose-box summary").first.click()
    page.locator(f"#propose-title-{day.question}").fill("Hi")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(f"#propose-error-{day.question}")).to_have_text(
        "Give the topic a title of at least 3 characters."
    )
    expect(page.locator(f"#propose-title-{day.question}")).to_have_value("Hi")
    expect(page.locator(f"#propose-title-{day.question}")).to_be_focused()
    assert no_horizontal_scroll(page)
    context.close()

"""The plenary in Chromium (issue 25): three phones and a projector; questions asked while another is being
typed, supported, merged, put on the screen; a poll answered by the phones with its bars on the projector;
the round table in the proceedings' DOCX read back with python-docx."""

import io
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_live import Day, open_phone, shot
from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser


def plenary_day(live_server, people: int = 5) -> Day:
    """A day with a round table open for questions."""
    from forum.board import plenary
    from forum.events.models import Event
    from forum.extensions import db
    from tests import factories

    day = Day(live_server, people=people)

    def add(d):
        event = db.session.get(Event, d.event_id)
        item = factories.make_item(
            event,
            kind="round_table",
            title="Table ronde : employeurs et institutions",
            moderator="Mme Rose",
            speakers=["M. Hibiscus (Région)", "Mme Canne (CAF)"],
            overlap_allowed=True,
        )
        plenary.open_questions(d.organiser(), item.id, True)
        return item.id

    day.item = day.run(add)
    return day


def open_projector(browser, day: Day, size=(1920, 1080)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{day.url}/e/{day.slug}/screen?key={day.screen}")
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    return context, page


def ask(page, item: int, text: str):
    page.locator(f"#ask-{item}").fill(text)
    page.locator(f"#ask-form-{item}").get_by_role("button", name="Envoyer la question").click()


def question_id(day: Day, text: str) -> int:
    from sqlalchemy import select

    from forum.board.models import RoomQuestion
    from forum.extensions import db

    return day.run(lambda d: db.session.scalar(select(RoomQuestion.id).where(RoomQuestion.text == text)))


def test_the_room_asks_supports_and_sees_its_question_on_the_projector(browser, live_server, tmp_path):
    from forum.board import plenary

    day = plenary_day(live_server)
    (ca, a), (cb, b), (cc, c) = (open_phone(browser, day, k) for k in range(3))
    cp, projector = open_projector(browser, day)
    draft = "Comment financer les postes de médiateurs au-delà de 2027"
    b.locator(f"#ask-{day.item}").click()
    b.keyboard.type(draft)
    first = "Quelle place pour les médiateurs dans les contrats de ville ?"
    ask(a, day.item, first)
    expect(b.locator(f"#item-questions-{day.item}")).to_contain_text(first)
    expect(b.locator(f"#ask-{day.item}")).to_have_value(draft)  # the question being typed is intact, still focused
    assert b.evaluate("document.activeElement.id") == f"ask-{day.item}"
    assert b.evaluate(f"document.getElementById('ask-{day.item}').selectionStart") == len(draft)
    qid = question_id(day, first)
    b.locator(f"#support-{qid}").click()
    expect(b.locator(f"#support-{qid}")).to_have_attribute("aria-pressed", "true")
    expect(a.locator(f"#rq-{qid} .supports")).to_have_text("1\u00a0soutien")
    expect(projector.locator("#plenary-show-title")).to_have_text("Table ronde : employeurs et institutions")
    expect(projector.locator(".next-questions")).to_contain_text(first)
    duplicate = "Les contrats de ville prévoient-ils des médiateurs ?"
    ask(c, day.item, duplicate)
    dup = None
    for _ in range(100):
        dup = question_id(day, duplicate)
        if dup:
            break
        c.wait_for_timeout(50)
    day.run(lambda d: plenary.support(d.person(3), dup, True))
    day.run(lambda d: plenary.merge(d.organiser(), dup, qid))  # the moderator merges the duplicate: supports add up
    expect(a.locator(f"#rq-{qid} .supports")).to_have_text("2\u00a0soutiens")
    expect(a.locator(f"#rq-{dup}")).to_have_count(0)
    day.run(lambda d: plenary.put_on_screen(d.organiser(), d.item, qid))
    expect(projector.locator("#screen-question")).to_have_text(first)
    expect(projector.locator(".now-meta")).to_contain_text("2\u00a0soutiens")
    expect(c.locator(f"#rq-{qid}")).to_contain_text("À l’écran")
    size = projector.evaluate("parseFloat(getComputedStyle(document.getElementById('screen-question')).fontSize)")
    assert size >= 40, size  # large type, read from the back of the room
    assert projector.evaluate(
        "(() => { const m = document.getElementById('plenary-main'); return m.scrollHeight <= m.clientHeight + 1; })()"
    )
    b.locator(f"#ask-form-{day.item}").get_by_role("button", name="Envoyer la question").click()
    expect(b.locator(f"#item-questions-{day.item}")).to_contain_text(draft)
    expect(b.locator(f"#ask-{day.item}")).to_have_value("")
    shot(b, tmp_path, "plenary-phone-390")
    shot(projector, tmp_path, "plenary-projector-1920")
    assert no_horizontal_scroll(b)
    assert axe_violations(b) == []
    for context in (ca, cb, cc, cp):
        context.close()


def test_a_question_sent_offline_waits_and_one_refused_comes_back_into_its_box(browser, live_server):
    from forum.board import plenary

    day = plenary_day(live_server, people=2)
    context, page = open_phone(browser, day, 0)
    context.set_offline(True)
    expect(page.locator("#conn")).to_contain_text("Hors ligne", timeout=30000)
    text = "Une question écrite pendant la coupure"
    ask(page, day.item, text)
    expect(page.locator(f"#asked-pending-{day.item}")).to_contain_text(text)  # shown at once, marked as waiting
    expect(page.locator(f"#asked-pending-{day.item}")).to_contain_text("en attente d’envoi")
    day.run(lambda d: plenary.open_questions(d.organiser(), d.item, False))  # meanwhile the moderator closes
    context.set_offline(False)
    expect(page.locator("#notice")).to_contain_text("Les questions sont fermées pour le moment", timeout=40000)
    expect(page.locator(f"#item-{day.item}")).to_have_count(0)  # nothing to do on this item now
    day.run(lambda d: plenary.open_questions(d.organiser(), d.item, True))
    expect(page.locator(f"#ask-{day.item}")).to_have_value(text, timeout=10000)  # the refused question is back
    expect(page.locator(f"#asked-pending-{day.item} li")).to_have_count(0)
    page.reload()
    expect(page.locator(f"#ask-{day.item}")).to_have_value(text, timeout=10000)
    context.close()


def test_a_poll_answered_by_three_phones_shows_its_bars_on_the_projector(browser, live_server, tmp_path):
    from forum.board import plenary

    day = plenary_day(live_server)
    created = day.run(
        lambda d: plenary.create_poll(
            d.organiser(),
            {
                "item_id": d.item,
                "question": "Votre structure emploie-t-elle des médiateurs ?",
                "kind": "single",
                "choices": ["Oui", "Non", "En projet"],
                "results_to_phones": True,
                "client_id": str(uuid.uuid4()),
            },
        )
    )
    poll = created["id"]
    phones = [open_phone(browser, day, k) for k in range(3)]
    cp, projector = open_projector(browser, day)
    day.run(lambda d: plenary.set_poll_status(d.organiser(), poll, "open"))
    expect(projector.locator("#plenary-show-title")).to_contain_text("Votre structure emploie-t-elle des médiateurs ?")
    for k, (_, page) in enumerate(phones):
        page.get_by_label("Oui" if k < 2 else "En projet").check()
        page.locator(f"#poll-{poll}").get_by_role("button", name="Répondre").click()
        expect(page.locator(f"#poll-mine-{poll}")).to_contain_text("Votre réponse")
    expect(projector.locator("#screen-poll-waiting")).to_have_text("La répartition s’affiche à partir de 5 réponses.")
    expect(projector.locator(".now-meta")).to_contain_text("3\u00a0réponses")
    day.run(lambda d: plenary.answer_poll(d.person(3), poll, [1]))
    day.run(lambda d: plenary.answer_poll(d.person(4), poll, [0]))
    expect(projector.locator("#screen-poll .poll-count")).to_have_text(["3", "1", "1"], timeout=1000)
    phones[0][1].get_by_label("Non").check()  # a person changes their answer while the poll is open
    phones[0][1].locator(f"#poll-{poll}").get_by_role("button", name="Modifier ma réponse").click()
    expect(projector.locator("#screen-poll .poll-count")).to_have_text(["2", "2", "1"])
    day.run(lambda d: plenary.set_poll_status(d.organiser(), poll, "closed"))
    expect(phones[1][1].locator(f"#poll-{poll} .poll-count")).to_have_text(["2", "2", "1"])  # on phones once closed
    expect(projector.locator("#screen-poll .poll-count")).to_have_text(["2", "2", "1"])  # the results stay on screen
    widths = projector.evaluate(
        "[...document.querySelectorAll('#screen-poll .poll-bar')].map((b) => b.getBoundingClientRect().width)"
    )
    assert widths[0] > 600 and abs(widths[2] - widths[0] / 2) < 4, widths  # bars drawn to their counts (1920 px)
    shot(projector, tmp_path, "plenary-poll-1920")
    shot(phones[1][1], tmp_path, "plenary-poll-phone-390")
    for context, _ in phones:
        context.close()
    cp.close()


def test_the_facilitation_view_moderates_and_the_proceedings_report_the_round_table(
    browser, organiser_page, live_server, tmp_path
):
    from docx import Document

    from forum.board import plenary, synthesis

    day = plenary_day(live_server)
    asked, _ = day.run(
        lambda d: plenary.ask(
            d.person(1),
            {"item_id": d.item, "text": "Quelles formations qualifiantes ?", "client_id": str(uuid.uuid4())},
        )
    )
    day.run(
        lambda d: plenary.ask(
            d.person(2), {"item_id": d.item, "text": "Hors sujet publicitaire", "client_id": str(uuid.uuid4())}
        )
    )
    page = organiser_page
    page.goto(f"{day.url}/manage/{day.slug}/board")
    expect(page.locator(f"#rq-{asked['id']}")).to_be_visible(timeout=10000)
    page.locator(f"#screen-{asked['id']}").click()
    expect(page.locator(f"#rq-{asked['id']}")).to_contain_text("À l’écran")
    page.locator(f"#answered-{asked['id']}").click()
    expect(page.locator(f"#rq-{asked['id']}")).to_contain_text("Répondue")
    other = question_id(day, "Hors sujet publicitaire")
    page.locator(f"#hide-{other}").click()
    page.locator("#hide-question-reason").fill("publicité")
    page.locator("#topic-dialog-ok").click()
    expect(page.locator(f"#rq-{other}")).to_have_count(0)
    page.locator(f"#item-hidden-show-{day.item}").click()
    expect(page.locator(f"#item-hidden-{day.item}")).to_contain_text("publicité")
    shot(page, tmp_path, "plenary-facilitation-1280")
    assert axe_violations(page) == []
    record = day.run(lambda d: plenary.name_item_rapporteur(d.organiser(), d.item, d.ids[0]))
    day.run(
        lambda d: synthesis.create_point(
            d.person(0), {"workshop_id": record["id"], "text": "Un cadre d’emploi commun", "contribution_ids": []}
        )
    )
    day.run(
        lambda d: synthesis.update_synthesis(
            d.person(0), record["id"], "Les employeurs demandent un cadre d’emploi stable."
        )
    )
    day.run(lambda d: synthesis.publish_synthesis(d.person(0), record["id"]))
    poll = day.run(
        lambda d: plenary.create_poll(
            d.organiser(),
            {"item_id": d.item, "question": "Satisfaction ?", "kind": "scale", "client_id": str(uuid.uuid4())},
        )
    )
    day.run(lambda d: plenary.set_poll_status(d.organiser(), poll["id"], "open"))
    for k in range(5):
        day.run(lambda d: plenary.answer_poll(d.person(k), poll["id"], [4 if k < 3 else 3]))
    day.run(lambda d: plenary.set_poll_status(d.organiser(), poll["id"], "closed"))
    response = page.request.get(f"{day.url}/manage/{day.slug}/proceedings.docx")
    assert response.status == 200
    document = Document(io.BytesIO(response.body()))
    text = [p.text for p in document.paragraphs]
    start = text.index("Table ronde : employeurs et institutions")
    part = text[start : text.index("Synthèse du forum ouvert")]
    assert "Animée par Mme Rose." in part
    assert "Les employeurs demandent un cadre d’emploi stable." in part
    assert "Un cadre d’emploi commun" in part
    assert "Quelles formations qualifiantes ? (0 soutien)" in part
    assert not any("Hors sujet" in line for line in part)
    assert "Sondage\u00a0: Satisfaction ?" in part
    assert "5\u00a0: 3 (60\u00a0%)" in part and "4\u00a0: 2 (40\u00a0%)" in part
    page.goto(f"{day.url}/e/{day.slug}/proceedings")
    expect(page.locator("article.proceedings")).to_contain_text("Quelles formations qualifiantes ?")
    expect(page.locator("article.proceedings")).to_contain_text("Les employeurs demandent un cadre d’emploi stable.")

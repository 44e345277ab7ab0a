"""Layout stability (issue 22): the participant's board, the facilitation view, the projector and the door keep
their space from the first paint while their data arrives (cumulative layout shift under 0.05, measured by
Chromium's own layout-shift entries, as Lighthouse reads them)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_board_live import Day, join, post

pytestmark = pytest.mark.browser

#: every layout shift from the first paint on, summed (what CLS sums within its windows: this is an upper bound)
OBSERVE = """
window.__shifts = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  window.__shifts.push({ value: e.value,
    nodes: (e.sources || []).map((s) => s.node && (s.node.id || s.node.className || s.node.nodeName)) }); })
  .observe({ type: "layout-shift", buffered: true });
"""


def shifts(page) -> tuple[float, list]:
    page.wait_for_timeout(1500)  # the snapshot, the lists drawn in steps, the fonts
    entries = page.evaluate("window.__shifts")
    return sum(e["value"] for e in entries), entries


def busy_day(live_server) -> Day:
    from forum.board import service as board
    import uuid

    day = Day(live_server, phase="workshops")
    join(day, 0), join(day, 1)
    for n in range(30):
        day.run(
            lambda d: board.propose_topic(
                d.person(n % 3),
                {"question_id": d.question, "title": f"Sujet numéro {n + 1}", "client_id": str(uuid.uuid4())},
            )
        )
    for n in range(20):
        post(day, n % 2, f"Contribution numéro {n + 1} sur l’accès aux droits")
    return day


def _signed_in_page(context, live_server):
    """A page of ``context`` signed in as the demo organiser, its layout shifts counted from the next page on."""
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    page = context.new_page()
    page.goto(live_server["url"] + "/login")
    page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/manage/")
    return page


def _context(browser, size, mobile):
    context = browser.new_context(
        viewport={"width": size[0], "height": size[1]}, is_mobile=mobile, has_touch=mobile, locale="fr-FR"
    )
    context.add_init_script(OBSERVE)
    return context


def test_the_participants_board_keeps_its_space_while_the_snapshot_arrives(browser, live_server):
    day = busy_day(live_server)
    context = _context(browser, (390, 844), True)
    page = context.new_page()
    page.goto(day.board_url(0))
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    total, entries = shifts(page)
    assert total < 0.05, entries
    context.close()


def test_the_facilitation_view_keeps_its_space_while_the_snapshot_arrives(browser, live_server):
    day = busy_day(live_server)
    context = _context(browser, (1280, 800), False)
    page = _signed_in_page(context, live_server)
    page.goto(f"{live_server['url']}/manage/{day.slug}/board")
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    total, entries = shifts(page)
    assert total < 0.05, entries
    context.close()


@pytest.mark.parametrize("phase", ["workshops", "restitution"])
def test_the_projector_keeps_its_space_while_the_snapshot_arrives(browser, live_server, phase):
    from forum.board import service as board

    day = busy_day(live_server)
    day.run(lambda d: board.set_phase(d.organiser(), phase))
    context = _context(browser, (1920, 1080), False)
    page = context.new_page()
    page.goto(f"{live_server['url']}/e/{day.slug}/screen?key={day.screen}")
    expect(page.locator("#conn")).to_have_text("Connecté", timeout=10000)
    total, entries = shifts(page)
    assert total < 0.05, entries
    context.close()


def test_the_door_keeps_its_space_while_the_list_arrives(browser, live_server):
    day = busy_day(live_server)
    context = _context(browser, (390, 844), True)
    page = _signed_in_page(context, live_server)
    page.goto(f"{live_server['url']}/manage/{day.slug}/checkin")
    expect(page.locator("#checkin")).to_have_attribute("data-ready", "1", timeout=15000)
    total, entries = shifts(page)
    assert total < 0.05, entries
    context.close()

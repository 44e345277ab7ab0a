"""The public pages in headless Chromium at phone size, checked by axe-core."""

import pytest

pytestmark = pytest.mark.browser


def axe_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_event_page_programme_reads_without_horizontal_scrolling(phone, live_server):
    slug = live_server["slugs"][1]  # Martinique: the longest timed programme
    phone.goto(f"{live_server['url']}/e/{slug}")
    assert phone.locator("h1").inner_text() == "Forum sur la médiation sociale"
    items = phone.locator(".programme-item")
    assert items.count() == 8
    assert no_horizontal_scroll(phone)
    box = items.nth(6).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert "8\u00a0h\u00a000 – 12\u00a0h\u00a000" in phone.locator(".facts").inner_text()


@pytest.mark.parametrize("path", ["/", "/e/{0}", "/e/{2}", "/login", "/e/nulle-part"])
def test_public_pages_have_no_axe_violation(phone, live_server, path):
    phone.goto(live_server["url"] + path.format(*live_server["slugs"]))
    assert axe_violations(phone) == []
    assert no_horizontal_scroll(phone)


def test_language_switch_in_the_browser(phone, live_server):
    phone.goto(f"{live_server['url']}/e/{live_server['slugs'][0]}")
    phone.get_by_role("link", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.get_by_role("link", name="Add to my calendar").is_visible()
    phone.goto(live_server["url"] + "/")
    assert phone.locator("h1").inner_text() == "Upcoming events"


def test_organiser_pages_have_no_axe_violation(organiser_page, live_server):
    page = organiser_page
    slug = live_server["slugs"][2]
    from forum.events.service import get_event
    from forum.registration import questions

    with live_server["app"].app_context():
        event = get_event(slug)
        question_id = questions.add_form_question(
            event, {"label": "Déjeuner sur place ?", "kind": "yes_no"}, actor=event.organisers[0]
        ).id
        from forum.registration import service
        from tests.factories import person

        waiting = service.register(event, person(640), actor=event.organisers[0]).registration.id  # an e-mail waits
    for path in (
        "/manage/",
        f"/manage/{slug}/",
        f"/manage/{slug}/programme",
        f"/manage/{slug}/forum",
        f"/manage/{slug}/edit",
        f"/manage/{slug}/questions",
        f"/manage/{slug}/questions/{question_id}/edit",
        f"/manage/{slug}/mail",
    ):
        page.goto(live_server["url"] + path)
        assert axe_violations(page) == [], path
    with live_server["app"].app_context():  # the demo event as the other tests expect it
        from forum.registration.models import Registration
        from forum.extensions import db

        registration = db.session.get(Registration, waiting)
        service.remove(registration, actor=registration.event.organisers[0])


def test_a_messages_page_with_its_html_version_has_no_axe_violation(organiser_page, live_server):
    from forum.events.service import get_event
    from forum.extensions import db
    from forum.mail.models import MailMessage
    from forum.mail.service import deliver_all
    from forum.registration import service
    from tests.factories import person

    slug = live_server["slugs"][2]
    with live_server["app"].app_context():
        event = get_event(slug)
        registration = service.register(event, person(641), actor=event.organisers[0]).registration
        deliver_all()
        message_id = db.session.scalar(db.select(MailMessage.id).where(MailMessage.registration_id == registration.id))
    organiser_page.goto(f"{live_server['url']}/manage/{slug}/mail/{message_id}")
    image = organiser_page.frame_locator("iframe.mail-html").locator("img")
    assert image.evaluate("i => i.complete && i.naturalWidth") > 0  # the QR code, shown as in the e-mail
    assert axe_violations(organiser_page) == []
    with live_server["app"].app_context():
        from forum.registration.models import Registration

        row = db.session.get(Registration, registration.id)
        service.remove(row, actor=row.event.organisers[0])

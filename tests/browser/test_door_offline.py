"""The door without Wi-Fi, in Chromium: two phones load the check-in page, lose the network, check people in,
undo, add walk-ins, get the network back; the server ends with exact counts, each action once in the audit
log, and a sign-in sheet that matches (issue 14)."""

import base64
import io
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser
FIRST = 900  # the people of this test are Prénom901 Nom901 … Prénom932 Nom932


@pytest.fixture(scope="module")
def door_day(live_server):
    from forum.accounts.service import find_organiser
    from forum.demo import DEMO_EMAIL
    from forum.registration import service
    from tests.factories import join_team, make_event, person

    with live_server["app"].app_context():
        event = make_event(
            find_organiser(DEMO_EMAIL),
            slug="porte-sans-wifi",
            title="Journée sans Wi-Fi",
            capacity=40,
            registration_opens_at=None,
            registration_closes_at=None,
        )
        for n in range(1, 33):
            service.register(event, person(FIRST + n))
        join_team(event, "checkin", "porte@example.org", "Sami")
        return event.slug


def _phone(browser, base, email, password, locale="fr-FR"):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/manage/**")
    return context, page


def _open_door(page, url):
    page.goto(url)
    expect(page.locator("#checkin")).to_have_attribute("data-ready", "1", timeout=15000)


def _tap(page, n, action="Émarger"):
    page.get_by_label("Nom ou structure").fill(f"Nom{FIRST + n}")
    expect(page.locator(".checkin-row")).to_have_count(1)
    name = f"Émarger Prénom{FIRST + n}" if action == "Émarger" else "Annuler"
    page.locator(".checkin-row").get_by_role("button", name=name).click()
    expect(page.locator(".checkin-row.arrived" if action == "Émarger" else ".checkin-row:not(.arrived)")).to_have_count(
        1
    )


def _walk_in(page, first, last):
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom", exact=True).fill(last)
    page.get_by_label("Adresse e-mail").fill(f"{first.lower()}@exemple-asso.fr")
    page.get_by_label("Structure", exact=True).fill("Citéo")
    page.locator("#walkin-role").select_option("mediateur")
    page.get_by_role("button", name="Inscrire et émarger").click()
    expect(page.get_by_label("Prénom")).to_have_value("")


def test_two_phones_check_in_offline_and_the_server_counts_each_action_once(browser, live_server, door_day, tmp_path):
    from forum.core import audit
    from forum.attendance.models import DoorAction
    from forum.attendance.service import counters
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD
    from forum.events.service import get_event
    from forum.extensions import db
    from tests.factories import PASSWORD

    base, app = live_server["url"], live_server["app"]
    url = f"{base}/manage/{door_day}/checkin"
    (one, a), (two, b) = (
        _phone(browser, base, DEMO_EMAIL, DEMO_PASSWORD),
        _phone(browser, base, "porte@example.org", PASSWORD),
    )
    for page in (a, b):
        _open_door(page, url)
        page.evaluate("navigator.serviceWorker.ready")
        _open_door(page, url)  # the worker now holds the page and its scripts
        expect(page.locator("#door-status")).to_contain_text("Liste à jour à")
    one.set_offline(True)
    two.set_offline(True)
    for page in (a, b):
        _open_door(page, url)  # a reload without network: the page, its list and its scripts come from the phone
        expect(page.locator("#door-status")).to_contain_text("Hors connexion")
    for n in range(1, 16):
        _tap(a, n)
    for n in range(11, 31):  # 11 to 15 on both phones
        _tap(b, n)
    _tap(a, 1, "Annuler")
    _tap(a, 2, "Annuler")
    for first, last in (("Yanis", "Sur-Place"), ("Awa", "Sur-Place"), ("Jules", "Sur-Place")):
        _walk_in(b, first, last)
    expect(a.locator("#door-pending")).to_have_text("17 émargements en attente d’envoi")
    expect(b.locator("#door-pending")).to_have_text("23 émargements en attente d’envoi")
    expect(a.locator("#counters")).to_contain_text("13\u00a0/ 32 arrivé·es")
    expect(b.locator("#door-outcomes")).to_contain_text("Jules Sur-Place\u00a0: inscrit·e sur ce téléphone")
    assert no_horizontal_scroll(b)
    b.screenshot(path=str(tmp_path / "door-offline-390.png"), full_page=True)
    with app.app_context():
        assert counters(get_event(door_day))["arrived"] == 0  # nothing reached the server yet

    one.set_offline(False)
    two.set_offline(False)
    for page in (a, b):
        expect(page.locator("#door-pending")).to_have_text("0 émargement en attente d’envoi", timeout=30000)
        expect(page.locator("#door-status")).to_contain_text("En ligne")
    expect(b.locator("#door-outcomes")).to_contain_text("Jules Sur-Place est inscrit·e et émargé·e.", timeout=10000)
    expect(b.locator("#door-outcomes li", has_text="Jules Sur-Place est inscrit")).to_have_count(1)  # said once
    _open_door(a, url)
    expect(a.locator("#counters")).to_contain_text("31\u00a0/ 35 arrivé·es", timeout=10000)
    assert axe_violations(b) == []
    b.screenshot(path=str(tmp_path / "door-synced-390.png"), full_page=True)

    with app.app_context():
        event = get_event(door_day)
        assert counters(event) == {"expected": 35, "arrived": 31, "walk_ins": 3}
        kinds = [line.kind for line in audit.entries(event) if line.kind.startswith("door.")]
        assert (kinds.count("door.checkin"), kinds.count("door.undo"), kinds.count("door.walkin")) == (35, 2, 3)
        assert db.session.query(DoorAction).filter_by(event_id=event.id).count() == 40
    sheet = a.request.get(f"{base}/manage/{door_day}/exports/emargement.pdf")
    assert sheet.status == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.body())).pages)
    names = set(re.findall(r"Nom9\d\d", text))
    assert names == {f"Nom{FIRST + n}" for n in range(1, 33)} and text.count("Sur-Place") == 3
    one.close()
    two.close()


def _camera_file(path, png: bytes) -> str:
    """A video (Y4M, what Chromium's fake camera plays) of the person's QR code held still in front of it."""
    from PIL import Image

    frame = Image.new("RGB", (640, 480), "white")
    code = Image.open(io.BytesIO(png)).convert("RGB")
    frame.paste(code, ((640 - code.width) // 2, (480 - code.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    planes = y.tobytes() + cb.resize((320, 240)).tobytes() + cr.resize((320, 240)).tobytes()
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(20):
            out.write(b"FRAME\n" + planes)
    return str(path)


def test_a_qr_code_is_read_with_the_camera_without_network(browser, live_server, door_day, tmp_path):
    from forum.attendance.service import counters
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD
    from forum.events.service import get_event
    from forum.extensions import db
    from forum.registration.models import Registration
    from forum.registration.service import checkin_qr_png
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path

    with live_server["app"].app_context():
        event = get_event(door_day)
        person = db.session.scalar(
            db.select(Registration).where(
                Registration.event_id == event.id, Registration.last_name == f"Nom{FIRST + 32}"
            )
        )
        png, arrived_before = base64.b64decode(checkin_qr_png(person)), counters(event)["arrived"]
    video = _camera_file(tmp_path / "qr.y4m", png)  # the QR code of the person's confirmation e-mail
    camera = browser.browser_type.launch(
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS
        + [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = camera.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", permissions=["camera"])
        page = context.new_page()
        page.goto(live_server["url"] + "/login")
        page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        url = f"{live_server['url']}/manage/{door_day}/checkin"
        _open_door(page, url)
        page.evaluate("navigator.serviceWorker.ready")
        _open_door(page, url)
        context.set_offline(True)
        _open_door(page, url)
        page.get_by_role("button", name="Scanner avec l’appareil photo").click()
        expect(page.locator("#door-outcomes")).to_contain_text(
            f"Prénom{FIRST + 32} Nom{FIRST + 32} est émargé·e", timeout=15000
        )
        expect(page.locator("#door-pending")).to_have_text("1 émargement en attente d’envoi")
        assert page.evaluate("'BarcodeDetector' in window") or page.evaluate("typeof window.jsQR") == "function"
        context.set_offline(False)
        expect(page.locator("#door-pending")).to_have_text("0 émargement en attente d’envoi", timeout=30000)
        with live_server["app"].app_context():
            assert counters(get_event(door_day))["arrived"] == arrived_before + 1
    finally:
        camera.close()


def _kept_on_the_phone(page):
    """Until the service worker holds this page (what a reload without network will be answered with)."""
    page.wait_for_function("() => navigator.serviceWorker.controller?.state === 'activated'", timeout=15000)
    page.wait_for_function(
        "() => caches.keys().then((names) => Promise.all(names.map((n) => caches.open(n)"
        ".then((c) => c.match(location.pathname))))).then((found) => found.some(Boolean))",
        timeout=15000,
    )


@pytest.mark.parametrize(
    "locale, offline_text, ready_text",
    [("fr-FR", "Hors connexion", "Liste à jour à"), ("en-GB", "Offline", "List as of")],
)
def test_the_door_opens_offline_after_one_online_visit(
    browser, live_server, door_day, locale, offline_text, ready_text
):
    from tests.factories import PASSWORD

    base = live_server["url"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale=locale)
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("#email").fill("porte@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    url = f"{base}/manage/{door_day}/checkin"
    _open_door(page, url)  # the only visit with the network
    expect(page.locator("#door-status")).to_contain_text(ready_text)
    _kept_on_the_phone(page)
    context.set_offline(True)
    response = page.reload()
    assert response is not None and response.ok and response.from_service_worker
    expect(page.locator("#checkin")).to_have_attribute("data-ready", "1", timeout=15000)
    expect(page.locator("#door-status")).to_contain_text(offline_text)
    expect(page.locator(".checkin-row").first).to_be_visible()
    page.get_by_role("searchbox").fill(f"Nom{FIRST + 3}")
    expect(page.locator(".checkin-row")).to_have_count(1)
    context.close()


def test_the_door_is_installable_as_chromium_judges_it(browser, live_server, door_day, tmp_path):
    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path
    from tests.factories import PASSWORD

    base = live_server["url"]
    # a profile on disk: Chromium installs nothing from an incognito context (what new_context makes)
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=chromium_path(),
        headless=True,
        args=CHROMIUM_ARGS,
        locale="fr-FR",
        viewport={"width": 390, "height": 844},
    )
    page = context.new_page()
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill("porte@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    _open_door(page, f"{base}/manage/{door_day}/checkin")
    page.evaluate("navigator.serviceWorker.ready")
    _kept_on_the_phone(page)
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    body = page.request.get(f"{base}/manage/{door_day}/checkin/manifest.webmanifest").json()
    assert body["id"] == body["start_url"] == f"/manage/{door_day}/checkin"
    assert body["name"] == "Émargement · Journée sans Wi-Fi" and {i["sizes"] for i in body["icons"]} == {
        "192x192",
        "512x512",
    }
    context.close()


#: locale -> what the door says and who walks in, in that language
WALK_IN = {
    "fr-FR": {
        "first": ("Prénom", "Lina"),
        "last": ("Nom", "Sans-Territoire"),
        "email": ("Adresse e-mail", "lina@exemple-asso.fr"),
        "organisation": ("Structure", "Citéo"),
        "send": "Inscrire et émarger",
        "pending": ("1 émargement en attente d’envoi", "0 émargement en attente d’envoi"),
        "to_correct": "1 inscription sur place à corriger",
        "refusal": "Territoire d’intervention\u00a0: Ce champ est obligatoire.",
        "required": "Ce champ est obligatoire.",
        "correct": "Corriger et renvoyer",
        "done": "Lina Sans-Territoire est inscrit·e et émargé·e.",
    },
    "en-GB": {
        "first": ("First name", "Tim"),
        "last": ("Last name", "No-Territory"),
        "email": ("E-mail address", "tim@example-charity.org"),
        "organisation": ("Organisation (structure)", "Citéo"),
        "send": "Register and check in",
        "pending": ("1 check-in waiting to be sent", "0 check-ins waiting to be sent"),
        "to_correct": "1 walk-in to correct",
        "refusal": "Territoire d’intervention: This field is required.",
        "required": "This field is required.",
        "correct": "Correct and send again",
        "done": "Tim No-Territory is registered and checked in.",
    },
}


@pytest.mark.parametrize("locale", WALK_IN)
def test_a_walk_in_the_server_refuses_after_a_sync_stays_on_the_phone_to_correct(
    browser, live_server, door_day, tmp_path, locale
):
    from forum.accounts.service import find_organiser
    from forum.attendance.service import counters
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD
    from forum.events.service import get_event
    from forum.registration import questions

    base, app = live_server["url"], live_server["app"]
    words = WALK_IN[locale]
    name = f"{words['first'][1]} {words['last'][1]}"
    context, page = _phone(browser, base, DEMO_EMAIL, DEMO_PASSWORD, locale)
    url = f"{base}/manage/{door_day}/checkin"
    _open_door(page, url)
    _kept_on_the_phone(page)
    context.set_offline(True)
    with app.app_context():  # meanwhile the organisers add a required question the phone does not know of
        event = get_event(door_day)
        question = questions.add_form_question(
            event,
            {"label": "Territoire d’intervention", "kind": "choice", "required": True, "options": "Lens\nLiévin"},
            actor=find_organiser(DEMO_EMAIL),
        ).id
        arrived_before = counters(event)["arrived"]
    for field in ("first", "last", "email", "organisation"):
        page.get_by_label(words[field][0], exact=True).fill(words[field][1])
    page.locator("#walkin-role").select_option("mediateur")
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator("#door-pending")).to_have_text(words["pending"][0])
    _open_door(page, url)  # a reload without network keeps it
    expect(page.locator("#door-pending")).to_have_text(words["pending"][0])
    context.set_offline(False)
    to_correct = page.locator("#door-to-correct")
    expect(to_correct).to_be_visible(timeout=30000)
    expect(to_correct).to_contain_text(words["to_correct"])
    expect(to_correct).to_contain_text(name)
    expect(to_correct).to_contain_text(words["refusal"])
    expect(page.locator("#counters")).to_contain_text(words["to_correct"])
    expect(page.locator("#door-pending")).to_have_text(words["pending"][1])
    _open_door(page, url)  # a reload after the sync keeps it too, with what was typed
    expect(to_correct).to_contain_text(name)
    page.screenshot(
        path=str(Path(os.environ.get("FORUM_SCREENSHOTS", tmp_path)) / f"door-to-correct-390-{locale}.png"),
        full_page=True,
    )
    to_correct.get_by_role("button", name=f"{words['correct']} {name}").click()
    expect(page.get_by_label(words["email"][0], exact=True)).to_have_value(words["email"][1])
    expect(page.get_by_label(words["last"][0], exact=True)).to_have_value(words["last"][1])
    expect(page.locator(f"#walkin-q_{question}-0")).to_be_focused()  # the field the server named, drawn from its rules
    expect(page.locator(f"#walkin-q_{question}-error")).to_have_text(words["required"])
    page.get_by_label("Liévin").check()
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator("#door-outcomes")).to_contain_text(words["done"], timeout=30000)
    expect(to_correct).to_be_hidden()
    with app.app_context():
        assert counters(get_event(door_day))["arrived"] == arrived_before + 1
        questions.delete_form_question(
            get_event(door_day),
            questions.get_form_question(get_event(door_day), question),
            actor=find_organiser(DEMO_EMAIL),
        )
    context.close()


def test_the_phone_names_the_field_a_walk_in_misses_before_sending(browser, live_server, door_day):
    from tests.factories import PASSWORD

    base = live_server["url"]
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("#email").fill("porte@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    _open_door(page, f"{base}/manage/{door_day}/checkin")
    page.get_by_label("First name").fill("Tom")
    page.get_by_label("Last name").fill("Walk-In")
    page.get_by_label("E-mail address").fill("tom@example")
    page.get_by_role("button", name="Register and check in").click()
    expect(page.locator("#walkin-email-error")).to_have_text("Enter a valid e-mail address.")
    expect(page.locator("#walkin-organisation-error")).to_have_text("This field is required.")
    expect(page.locator("#walkin-role-error")).to_have_text("This field is required.")
    expect(page.get_by_label("E-mail address")).to_be_focused()
    expect(page.locator("#door-pending")).to_have_text("0 check-ins waiting to be sent")
    page.reload()  # what was typed stays on the phone
    expect(page.locator("#checkin")).to_have_attribute("data-ready", "1", timeout=15000)
    expect(page.get_by_label("Last name")).to_have_value("Walk-In")
    context.close()


def _wait_until(page, condition, seconds=10):
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("not reached in %s s" % seconds)


def test_signing_out_with_check_ins_not_sent_asks_first_then_forgets_what_the_door_kept(browser, live_server, door_day):
    from tests.factories import PASSWORD

    base = live_server["url"]
    context, page = _phone(browser, base, "porte@example.org", PASSWORD)
    _open_door(page, f"{base}/manage/{door_day}/checkin")
    page.route("**/checkin/sync", lambda route: route.abort())  # the venue's Wi-Fi drops what is sent
    _tap(page, 31)
    expect(page.locator("#door-pending")).to_have_text("1 émargement en attente d’envoi")
    asked = []  # each dialog answered by its handler, so the click never waits on an open dialog
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Se déconnecter").click()
    _wait_until(page, lambda: asked)
    expect(page.locator("#door-pending")).to_have_text("1 émargement en attente d’envoi")  # still signed in, kept
    assert [message.replace("\u00a0", " ") for message in asked] == [
        "1 émargement fait hors connexion n’est pas encore envoyé. Se déconnecter quand même et le perdre ?"
    ]
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Organisateurs")).to_be_visible()
    assert len(asked) == 2
    kept = page.evaluate("""async () => {
        const db = await new Promise((ok, ko) => {
          const r = indexedDB.open("forum-door", 1); r.onsuccess = () => ok(r.result); r.onerror = ko;
        });
        const count = (store) => new Promise((ok) => {
          const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result);
        });
        return [await count("queue"), await count("lists")];
    }""")
    assert kept == [0, 0]
    context.close()

"""A real server in a thread and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date

import pytest
from werkzeug.serving import make_server

from forum import create_app
from forum.extensions import db

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium found (install Debian's chromium package; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with the demo data, served on a free port of 127.0.0.1."""
    path = tmp_path_factory.mktemp("live") / "live.db"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}",
        FORUM_BASE_URL="http://127.0.0.1",
        STORAGE_DIR=str(path.parent / "storage"),
        LOGIN_RATE_LIMIT="1000 per minute",
    )  # the browser tests sign in many times a minute
    with app.app_context():
        db.create_all()
        from forum.demo import load_demo

        _, events = load_demo(date.today())
        slugs = [e.slug for e in events]
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["BOARD_ALLOWED_ORIGINS"] = (url,)  # the pages' origin, known once the port is
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": url, "slugs": slugs, "app": app}
    server.shutdown()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="fr-FR"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def organiser_page(browser, live_server):
    """A laptop-sized page signed in as the demo organiser."""
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server["url"] + "/login")
    page.get_by_label("Adresse e-mail").fill(DEMO_EMAIL)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    assert page.url.endswith("/manage/")
    yield page
    context.close()

import subprocess

from forum import create_app
from tests.conftest import login


def test_security_headers_on_every_kind_of_response(client, event):
    for path in (
        "/",
        f"/e/{event.slug}",
        "/e/nulle-part",
        "/login",
        f"/e/{event.slug}/event.ics",
        "/static/css/forum.css",
    ):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp, path
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin", path


def test_pages_have_no_inline_script_or_style(client, event, signed_in):
    import re

    for path in (
        "/",
        f"/e/{event.slug}",
        "/manage/",
        f"/manage/{event.slug}/",
        f"/manage/{event.slug}/programme",
        f"/manage/{event.slug}/forum",
        f"/manage/{event.slug}/edit",
    ):
        page = client.get(path).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), path
        assert "<style" not in page and " style=" not in page and " onclick=" not in page, path


def test_session_cookie_is_httponly_and_lax(client, organiser):
    response = login(client)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-this-test-of-forty-chars")
    import config

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "a-real-secret-for-this-test-of-forty-chars")
    app = create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}")
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_production_refuses_the_default_secret_key(monkeypatch, tmp_path):
    import config
    import pytest

    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", config.DEFAULT_SECRET_KEY)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}")


def _start(env: dict) -> "subprocess.CompletedProcess":
    """Start the app as gunicorn would (import wsgi) with only ``env`` set."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {k: v for k, v in os.environ.items() if k not in ("FORUM_ENV", "SECRET_KEY")}
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )


def test_the_default_secret_key_is_refused_unless_development_is_said(tmp_path):
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    refused = _start(db)
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr
    assert _start({**db, "FORUM_ENV": "production"}).returncode != 0
    assert _start({**db, "FORUM_ENV": "development"}).returncode == 0
    assert _start({**db, "SECRET_KEY": "a-long-random-value-for-this-test"}).returncode == 0


def test_outside_development_a_short_key_or_the_test_settings_are_refused(tmp_path):
    db = {"DATABASE_URL": f"sqlite:///{tmp_path / 'k.db'}"}
    short = _start({**db, "FORUM_ENV": "production", "SECRET_KEY": "a"})
    assert short.returncode != 0 and "SECRET_KEY is too short: 1 of the 32 characters it needs" in short.stderr
    testing = _start({**db, "FORUM_ENV": "testing"})
    assert testing.returncode != 0 and "FORUM_ENV must be development or production" in testing.stderr
    assert _start({**db, "FORUM_ENV": "production", "SECRET_KEY": "x" * 32}).returncode == 0


def test_pages_with_personal_data_are_not_stored_by_caches(client, signed_in, organiser):
    from forum.registration import service as registration
    from tests.factories import make_event, person

    event = make_event(organiser, registration_opens_at=None, registration_closes_at=None)
    token = registration.register(event, person(1)).token
    for path in (
        f"/r/{token}",
        f"/r/{token}/calendar.ics",
        f"/manage/{event.slug}/",
        f"/manage/{event.slug}/registrations",
        "/api/v1/events",
        "/login",
    ):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    assert "no-store" not in client.get(f"/e/{event.slug}").headers.get("Cache-Control", "")


def test_the_favicon_is_served_and_named_by_every_page(client, event):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml" and b"<svg" in response.data
    import re

    assert re.search(
        r'<link rel="icon" href="/static/v/\w{12}/favicon.svg"', client.get(f"/e/{event.slug}").get_data(as_text=True)
    )

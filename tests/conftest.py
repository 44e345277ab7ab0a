"""Fixtures: app, db, client, runner, a signed-in organiser."""

from __future__ import annotations

import flask_babel
import pytest
from flask import g, request_started

from forum import create_app
from forum.extensions import db as _db
from tests import factories


def app_on(database_url: str, tmp_path):
    """The tests' app on ``database_url``, its tables made, its context open, then dropped (a generator)."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=database_url,
        WTF_CSRF_ENABLED=False,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        STORAGE_DIR=str(tmp_path / "storage"),
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    request_started.connect(_fresh_request_caches, app)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()


@pytest.fixture
def app(tmp_path):
    yield from app_on(f"sqlite:///{tmp_path / 'test.db'}", tmp_path)


def _fresh_request_caches(sender, **extra):
    """The tests hold one app context open; in production each request has its own.
    Forget what a previous request cached in ``g`` (language, signed-in user)."""
    flask_babel.refresh()
    g.pop("_login_user", None)


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def organiser(db):
    return factories.make_organiser()


@pytest.fixture
def other_organiser(db):
    return factories.make_organiser(email="autre@example.org", name="Autre organisateur")


@pytest.fixture
def event(organiser):
    return factories.make_event(organiser=organiser)


def login(client, email="organisatrice@example.org", password=factories.PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def signed_in(client, organiser):
    """A client signed in as ``organiser``."""
    response = login(client)
    assert response.status_code == 302
    return client

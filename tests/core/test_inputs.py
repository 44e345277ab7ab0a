"""Bad input through the doors a hostile tester used (real HTTP, on SQLite and PostgreSQL, and the CLI):
a clear, translated 4xx every time, never a 500."""

import json

import pytest
import requests

from forum import create_app
from forum.accounts.service import issue_api_token
from forum.extensions import db
from tests import factories
from tests.servers import http_server, postgres_bin, postgres_server

SLUG = "ouvert"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def served(request, tmp_path):
    """(base URL, a signed-in organiser's session, an API token) on a real server and database."""
    if request.param == "postgresql":
        if postgres_bin() is None:
            pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
        database = postgres_server()
        url = database.__enter__()
    else:
        database, url = None, f"sqlite:///{tmp_path / 'inputs.db'}"
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        WTF_CSRF_ENABLED=False,
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        factories.make_event(organiser, slug=SLUG, registration_opens_at=None, registration_closes_at=None)
        token, email = issue_api_token(organiser), organiser.email
        db.session.remove()
        with http_server(app) as base:
            browser = requests.Session()
            browser.headers["Accept-Language"] = "fr"
            browser.post(f"{base}/login", data={"email": email, "password": factories.PASSWORD}, timeout=10)
            yield base, browser, {"Authorization": f"Bearer {token}", "Accept-Language": "fr"}
        db.session.remove()
        db.drop_all()
    if database is not None:
        database.__exit__(None, None, None)


def registration_form(**changes) -> dict:
    return {
        "first_name": "Awa",
        "last_name": "Diallo",
        "email": "awa@example.org",
        "organisation": "Structure",
        "role": "elu",
        "consent": "y",
        "locale": "fr",
    } | changes


def test_a_nul_byte_in_a_form_is_a_clear_400(served):
    base, browser, _ = served
    response = browser.post(f"{base}/e/{SLUG}/register", data=registration_form(first_name="Awa\x00"), timeout=10)
    assert response.status_code == 400 and "ne peuvent pas être enregistrés" in response.text


def test_a_nul_byte_in_api_json_is_a_clear_400(served):
    base, _, headers = served
    body = factories.person(1, first_name="Awa\x00")
    response = requests.post(f"{base}/api/v1/events/{SLUG}/registrations", json=body, headers=headers, timeout=10)
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_characters"


def test_a_lone_surrogate_in_json_is_a_clear_400(served):
    base, _, headers = served
    raw = json.dumps(factories.person(1)).replace('"first_name": "', '"first_name": "\\ud800').encode()
    response = requests.post(
        f"{base}/api/v1/events/{SLUG}/registrations",
        data=raw,
        headers=headers | {"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400 and "Unicode" in response.json()["error"]["message"]


def test_json_nested_50000_deep_is_a_clear_400(served):
    base, _, headers = served
    raw = ("[" * 50000 + "]" * 50000).encode()
    response = requests.post(
        f"{base}/api/v1/events/{SLUG}/registrations",
        data=raw,
        headers=headers | {"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "too_deep"


@pytest.mark.parametrize(
    "path",
    [f"/manage/{SLUG}/registrations/1180591620717411303424", f"/manage/{SLUG}/questions/99999999999999999999/edit"],
)
def test_a_number_beyond_any_row_in_a_url_is_a_404(served, path):
    base, browser, _ = served
    response = browser.get(base + path, timeout=10)
    assert response.status_code == 404 and "Cette page n’existe pas" in response.text.replace("'", "’")


def test_a_number_beyond_any_row_in_the_api_is_a_422(served):
    base, _, headers = served
    response = requests.post(
        f"{base}/api/v1/events/{SLUG}/checkins", json={"registration_id": 10**30}, headers=headers, timeout=10
    )
    assert response.status_code == 422 and "registration_id" in response.json()["error"]["fields"]


def test_answers_that_are_not_an_object_are_refused(served):
    base, _, headers = served
    body = factories.person(1) | {"answers": [None, None]}
    response = requests.post(f"{base}/api/v1/events/{SLUG}/registrations", json=body, headers=headers, timeout=10)
    assert response.status_code == 422 and "answers" in response.json()["error"]["fields"]


def event_form(**changes) -> dict:
    return {
        "title": "Rencontre",
        "timezone": "Europe/Paris",
        "language": "fr",
        "starts_at": "2030-06-13T13:30",
        "ends_at": "2030-06-13T17:00",
        "capacity": "50",
    } | changes


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"title": "\u200b\u200b\u200b"}, "Ce champ est obligatoire."),
        ({"contact_email": "pas une adresse"}, "Saisissez une adresse e-mail valide."),
        ({"capacity": str(10**30)}, "Saisissez un nombre entier de 1 à 100000."),
    ],
)
def test_event_form_refuses_what_is_not_what_it_says(served, changes, message):
    base, browser, _ = served
    response = browser.post(f"{base}/manage/new", data=event_form(**changes), timeout=10)
    assert response.status_code == 422 and message in response.text


# -- the setup file ----------------------------------------------------------


def setup_file(**changes) -> dict:
    return {
        "format": "forum-event/1",
        "slug": "import",
        "title": "Rencontre",
        "timezone": "Europe/Paris",
        "starts_at": "2030-06-13T13:30",
        "ends_at": "2030-06-13T17:00",
    } | changes


@pytest.mark.parametrize(
    "changes, expected",
    [
        ({"capacity": 10**30}, "«\u00a0capacity\u00a0» a une valeur incorrecte"),
        ({"forum": {"questions": [f"Question {n}" for n in range(10000)]}}, "30 éléments au plus"),
        ({"title": "\u200b\u200b"}, "«\u00a0title\u00a0» a une valeur incorrecte"),
        ({"contact": {"email": "pas une adresse"}}, "«\u00a0contact.email\u00a0» a une valeur incorrecte"),
    ],
)
def test_setup_file_limits_are_clear_messages_from_the_cli(runner, organiser, tmp_path, changes, expected):
    path = tmp_path / "setup.json"
    path.write_text(json.dumps(setup_file(**changes)))
    result = runner.invoke(
        args=["forum", "import-event", str(path), "--organiser", organiser.email], env={"LANG": "fr"}
    )
    assert result.exit_code != 0 and result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output and "Traceback" not in result.output

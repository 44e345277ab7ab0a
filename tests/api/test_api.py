import json

import pytest

from forum.accounts.service import issue_api_token
from forum.registration import service
from tests.factories import make_event, person


@pytest.fixture
def open_event(organiser):
    return make_event(organiser, slug="ouvert", capacity=1, registration_opens_at=None, registration_closes_at=None)


@pytest.fixture
def auth(organiser):
    return {"Authorization": f"Bearer {issue_api_token(organiser)}"}


def post_json(client, url, body, **kw):
    return client.post(url, data=json.dumps(body), content_type="application/json", **kw)


def test_list_published_events(client, open_event, organiser):
    make_event(organiser, slug="brouillon", status="draft")
    body = client.get("/api/v1/events").get_json()
    assert [e["slug"] for e in body] == ["ouvert"]
    event = body[0]
    assert set(event) >= {
        "slug",
        "title",
        "starts_at",
        "ends_at",
        "timezone",
        "venue",
        "capacity",
        "seats_left",
        "registration_open",
        "registration_closes_at",
        "waitlist",
        "url",
        "ics_url",
    }
    assert event["starts_at"] == "2030-06-13T13:30:00+02:00" and event["registration_open"] is True
    assert event["url"] == "http://forum.test/e/ouvert"


def test_event_detail_has_programme_and_questions(client, open_event, organiser):
    from forum.board.setup import add_question

    add_question(open_event, "Quels besoins ?", actor=organiser)
    body = client.get("/api/v1/events/ouvert").get_json()
    assert body["programme"][0] == {
        "starts_at": "2030-06-13T13:30:00+02:00",
        "ends_at": "2030-06-13T14:00:00+02:00",
        "kind": "welcome",
        "title": "Accueil",
        "moderator": None,
        "speakers": [],
    }
    assert body["questions"][0]["text"] == "Quels besoins ?"
    assert client.get("/api/v1/events/nulle-part").status_code == 404


def test_register_confirmed_then_waitlisted(client, open_event):
    first = post_json(client, "/api/v1/events/ouvert/registrations", person(1))
    assert first.status_code == 201
    body = first.get_json()
    assert body["status"] == "confirmed" and body["waitlist_position"] is None
    assert body["manage_url"] == f"http://forum.test/r/{body['token']}"
    assert body["ics_url"].endswith("/invitation.ics")
    second = post_json(client, "/api/v1/events/ouvert/registrations", person(2)).get_json()
    assert (second["status"], second["waitlist_position"]) == ("waitlisted", 1)


def test_duplicate_is_409(client, open_event):
    post_json(client, "/api/v1/events/ouvert/registrations", person(1))
    response = post_json(client, "/api/v1/events/ouvert/registrations", person(1))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "duplicate"


def test_full_without_waitlist_is_409(client, organiser):
    make_event(
        organiser, slug="plein", capacity=1, waitlist=False, registration_opens_at=None, registration_closes_at=None
    )
    post_json(client, "/api/v1/events/plein/registrations", person(1))
    response = post_json(client, "/api/v1/events/plein/registrations", person(2))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "full"


def test_closed_is_409(client, organiser):
    from datetime import datetime, timedelta

    start = datetime.now() + timedelta(days=20)
    make_event(
        organiser,
        slug="clos",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        programme=False,
        registration_opens_at=None,
        registration_closes_at=datetime.now() - timedelta(days=1),
    )
    response = post_json(client, "/api/v1/events/clos/registrations", person(1))
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "closed"


def test_invalid_fields_are_422_with_messages(client, open_event):
    response = post_json(
        client,
        "/api/v1/events/ouvert/registrations",
        person(1, email="faux", consent=False),
        headers={"Accept-Language": "en"},
    )
    body = response.get_json()
    assert response.status_code == 422 and body["error"]["code"] == "invalid"
    assert body["error"]["fields"] == {
        "email": ["Enter a valid e-mail address."],
        "consent": ["Please accept the use of your data to register."],
    }


@pytest.mark.parametrize(
    "data, content_type, status, code",
    [
        ("{pas du json", "application/json", 400, "bad_json"),
        ('["liste"]', "application/json", 422, "invalid"),
        ("first_name=x", "application/x-www-form-urlencoded", 415, "not_json"),
        ('{"first_name": 12, "consent": "oui"}', "application/json", 422, "invalid"),
    ],
)
def test_malformed_bodies(client, open_event, data, content_type, status, code):
    response = client.post("/api/v1/events/ouvert/registrations", data=data, content_type=content_type)
    assert response.status_code == status and response.get_json()["error"]["code"] == code


def test_unknown_route_and_wrong_method_are_json(client, open_event):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    response = client.delete("/api/v1/events")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == "method_not_allowed"


def test_body_too_large_is_413_json(client, open_event, app):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(
        "/api/v1/events/ouvert/registrations", data="{" + " " * 2000 + "}", content_type="application/json"
    )
    assert response.status_code == 413 and response.get_json()["error"]["code"] == "too_large"


def test_owner_reads_and_cancels_with_the_token(client, open_event):
    token = post_json(client, "/api/v1/events/ouvert/registrations", person(1)).get_json()["token"]
    waiting = post_json(client, "/api/v1/events/ouvert/registrations", person(2)).get_json()
    mine = client.get(f"/api/v1/registrations/{token}").get_json()
    assert mine["email"] == "personne1@example.org" and mine["status"] == "confirmed"
    assert post_json(client, f"/api/v1/registrations/{token}/cancel", {}).get_json() == {"status": "cancelled"}
    assert client.get(f"/api/v1/registrations/{waiting['token']}").get_json()["status"] == "confirmed"
    assert client.get("/api/v1/registrations/faux").status_code == 404


def test_organiser_routes_need_a_token_of_this_event(client, open_event, auth, other_organiser):
    assert client.get("/api/v1/events/ouvert/registrations").status_code == 401
    assert (
        client.get("/api/v1/events/ouvert/registrations", headers={"Authorization": "Bearer faux"}).status_code == 401
    )
    other = {"Authorization": f"Bearer {issue_api_token(other_organiser)}"}
    response = client.get("/api/v1/events/ouvert/registrations", headers=other)
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/events/ouvert/attendance.csv", headers=other).status_code == 403
    assert post_json(client, "/api/v1/events/ouvert/checkins", {"registration_id": 1}, headers=other).status_code == 403


def test_organiser_lists_registrations(client, open_event, auth):
    service.register(open_event, person(1))
    rows = client.get("/api/v1/events/ouvert/registrations", headers=auth).get_json()
    assert set(rows[0]) == {
        "id",
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "territory",
        "status",
        "waitlist_position",
        "registered_at",
        "checked_in_at",
    }


def test_checkin_is_idempotent_by_id_and_by_token(client, open_event, auth):
    result = service.register(open_event, person(1))
    first = post_json(
        client, "/api/v1/events/ouvert/checkins", {"registration_id": result.registration.id}, headers=auth
    )
    again = post_json(client, "/api/v1/events/ouvert/checkins", {"token": result.token}, headers=auth)
    assert first.status_code == again.status_code == 200
    assert first.get_json()["checked_in_at"] == again.get_json()["checked_in_at"] is not None
    missing = post_json(client, "/api/v1/events/ouvert/checkins", {}, headers=auth)
    assert missing.status_code == 422


def test_attendance_csv_with_semicolons(client, open_event, auth):
    service.register(open_event, person(1, last_name="Lefèvre"))
    response = client.get("/api/v1/events/ouvert/attendance.csv?delimiter=semicolon", headers=auth)
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffid;nom;prénom") and "Lefèvre" in text
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] == "Lefèvre" and len(rows[1]) == len(rows[0])


def test_openapi_describes_every_route(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule[len("/api/v1") :].replace("<slug>", "{slug}").replace("<token>", "{token}")
            served |= {(path, m) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == served


def test_unknown_delimiter_is_422(client, open_event, auth):
    response = client.get("/api/v1/events/ouvert/attendance.csv?delimiter=tab", headers=auth)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid"


def test_405_says_which_methods_are_allowed(client):
    response = client.open("/api/v1/events", method="TRACE")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]


def test_wrong_types_are_refused(client, open_event, auth):
    assert post_json(client, "/api/v1/events/ouvert/registrations", person(1, locale=3)).status_code == 422
    assert post_json(client, "/api/v1/events/ouvert/checkins", {"token": 5}, headers=auth).status_code == 422


def test_checkin_by_the_check_in_code_of_the_qr(client, open_event, auth):
    result = service.register(open_event, person(1))
    response = post_json(
        client, "/api/v1/events/ouvert/checkins", {"code": result.registration.shown_checkin_code}, headers=auth
    )
    assert response.status_code == 200 and response.get_json()["id"] == result.registration.id
    assert response.get_json()["checked_in_at"]
    wrong = post_json(client, "/api/v1/events/ouvert/checkins", {"code": "AAAAA-AAAAA"}, headers=auth)
    assert wrong.status_code == 422 and "code" in wrong.get_json()["error"]["fields"]

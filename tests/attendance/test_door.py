"""The door's list and queue (offline check-in): what a phone keeps, and the server applying its queue once,
in order, whatever the network did."""

import re
import uuid

import pytest

from forum.core import audit
from forum.attendance import service as door
from forum.attendance.models import DoorAction
from forum.registration import service as registration
from tests.conftest import login
from tests.factories import join_team, make_event, person


@pytest.fixture
def day(organiser):
    return make_event(organiser, slug="jour", capacity=3, registration_opens_at=None, registration_closes_at=None)


def action(kind: str, **fields) -> dict:
    return {"id": str(uuid.uuid4()), "kind": kind, "made_at": "2026-12-03T09:01:00Z", **fields}


def test_the_list_holds_what_the_door_needs_and_no_address(signed_in, day):
    r = registration.register(day, person(1, email="ines@exemple-asso.fr")).registration
    answer = signed_in.get("/manage/jour/checkin/list.json")
    body = answer.get_json()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert body["people"] == [
        {
            "id": r.id,
            "first_name": "Prénom1",
            "last_name": "Nom1",
            "organisation": r.organisation,
            "status": "confirmed",
            "position": None,
            "code": r.checkin_code,
            "arrived": False,
            "walk_in": False,
        }
    ]
    assert (
        body["counters"] == {"expected": 1, "arrived": 0, "walk_ins": 0} and body["csrf"] and body["at"].endswith("Z")
    )
    assert "ines@exemple-asso.fr" not in answer.get_data(as_text=True)


def test_a_queue_sent_twice_is_applied_once(signed_in, day):
    people = [registration.register(day, person(n)).registration for n in range(1, 3)]
    queue = [action("checkin", registration_id=people[0].id), action("checkin", code=people[1].shown_checkin_code)]
    first = signed_in.post("/manage/jour/checkin/sync", json={"actions": queue}).get_json()
    again = signed_in.post("/manage/jour/checkin/sync", json={"actions": queue}).get_json()  # the answer was lost
    assert [r["result"] for r in first["results"]] == ["arrived", "arrived"]
    assert again["results"] == first["results"] and again["counters"] == {"expected": 2, "arrived": 2, "walk_ins": 0}
    assert len([line for line in audit.entries(day) if line.kind == "door.checkin"]) == 2


def test_two_phones_checking_in_the_same_person_count_them_once(signed_in, day, organiser):
    r = registration.register(day, person(1)).registration
    one = door.sync_door(day, [action("checkin", registration_id=r.id)], actor=organiser)
    two = door.sync_door(day, [action("checkin", registration_id=r.id)], actor=organiser)
    assert one["results"][0]["result"] == "arrived" and two["results"][0]["result"] == "already"
    assert two["counters"]["arrived"] == 1


def test_the_queue_is_applied_in_the_order_it_was_made(day, organiser):
    r = registration.register(day, person(1)).registration
    answer = door.sync_door(
        day, [action("checkin", registration_id=r.id), action("undo", registration_id=r.id)], actor=organiser
    )
    assert [x["result"] for x in answer["results"]] == ["arrived", "undone"]
    assert r.checked_in_at is None and answer["counters"]["arrived"] == 0


def test_an_offline_check_in_keeps_the_time_the_phone_made_it(day, organiser):
    from datetime import timedelta
    from forum.core.models import utcnow

    r = registration.register(day, person(1)).registration
    earlier = utcnow().replace(microsecond=0) - timedelta(minutes=20)
    door.sync_door(day, [action("checkin", registration_id=r.id, made_at=earlier.isoformat() + "Z")], actor=organiser)
    assert r.checked_in_at == earlier


def test_an_offline_walk_in_on_a_full_day_goes_to_the_waiting_list(day, organiser):
    for n in range(1, 4):
        registration.register(day, person(n))
    answer = door.sync_door(day, [action("walkin", data=person(9))], actor=organiser)
    result = answer["results"][0]
    assert result["result"] == "waitlist" and result["person"]["status"] == "waitlisted"
    assert result["person"]["position"] == 1 and result["person"]["arrived"] is False
    assert answer["counters"] == {"expected": 3, "arrived": 0, "walk_ins": 0}


def test_a_walk_in_made_online_on_a_full_day_is_refused_so_that_a_seat_can_be_added(day, organiser):
    for n in range(1, 4):
        registration.register(day, person(n))
    refused = door.sync_door(day, [action("walkin", data=person(9), waitlist_when_full=False)], actor=organiser)
    assert refused["results"][0]["error"] == "full"
    seated = door.sync_door(
        day, [action("walkin", data=person(9) | {"override_capacity": True}, waitlist_when_full=False)], actor=organiser
    )
    assert seated["results"][0]["result"] == "seat" and seated["counters"] == {
        "expected": 4,
        "arrived": 1,
        "walk_ins": 1,
    }


def test_a_refused_action_keeps_its_answer_and_the_rest_of_the_queue_goes_on(client, day, organiser):
    r = registration.register(day, person(1)).registration
    bad = action("walkin", data=person(9, email="pas-une-adresse"))
    queue = [bad, action("checkin", registration_id=r.id)]
    first = door.sync_door(day, queue, actor=organiser)
    assert first["results"][0]["error"] == "bad_email" and first["results"][0]["message"]
    assert first["results"][1]["result"] == "arrived"
    assert door.sync_door(day, [bad], actor=organiser)["results"][0]["error"] == "bad_email"  # the same answer
    assert db_actions(day) == 2


def db_actions(event) -> int:
    from forum.extensions import db

    return db.session.query(DoorAction).filter_by(event_id=event.id).count()


def test_a_malformed_queue_is_a_clear_422(signed_in, day):
    answer = signed_in.post("/manage/jour/checkin/sync", json={"actions": "tout"}, headers={"Accept-Language": "fr"})
    assert answer.status_code == 422 and answer.get_json()["error"]["code"] == "invalid"
    results = signed_in.post("/manage/jour/checkin/sync", json={"actions": [{"kind": "checkin"}, 3]}).get_json()[
        "results"
    ]
    assert [r["error"] for r in results] == ["invalid", "invalid"] and results[0]["fields"]["id"]
    too_many = signed_in.post("/manage/jour/checkin/sync", json={"actions": [{}] * 201})
    assert too_many.status_code == 422 and too_many.get_json()["error"]["code"] == "too_many"


def test_a_reader_cannot_send_a_queue(client, day, organiser):
    join_team(day, "reader", "financeur@example.org", "Financeur")
    login(client, email="financeur@example.org")
    r = registration.register(day, person(1)).registration
    assert (
        client.post(
            "/manage/jour/checkin/sync", json={"actions": [action("checkin", registration_id=r.id)]}
        ).status_code
        == 403
    )
    assert client.get("/manage/jour/checkin/list.json").status_code == 403
    assert r.checked_in_at is None


def test_the_page_can_be_installed_and_opened_offline(signed_in, client, day):
    page = signed_in.get("/manage/jour/checkin").get_data(as_text=True)
    assert 'rel="manifest"' in page and "/door-sw.js" in page
    manifest = signed_in.get("/manage/jour/checkin/manifest.webmanifest").get_json(force=True)
    assert manifest["start_url"] == "/manage/jour/checkin" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).data.startswith(b"\x89PNG")
    worker = client.get("/door-sw.js")
    text = worker.get_data(as_text=True)
    assert worker.headers["Service-Worker-Allowed"] == "/manage/" and "__VERSION__" not in text
    assert re.search(r'"/static/v/\w+/vendor/jsQR-1.4.0.js"', text) and re.search(
        r'"/static/v/\w+/js/door/main.js"', text
    )
    for asset in door_assets(text):
        assert client.get(asset).status_code == 200, asset


def door_assets(worker_text: str) -> list[str]:
    import json
    import re

    return json.loads(re.search(r"const ASSETS = (\[.*?\]);", worker_text).group(1))


def _question(event, organiser, **data):
    from forum.registration import questions

    return questions.add_form_question(
        event,
        {"label": "Territoire d’intervention", "kind": "choice", "options": "Lens\nLiévin"} | data,
        actor=organiser,
    )


def test_the_list_carries_the_walk_in_rules_with_the_questions_the_door_asks(signed_in, day, organiser):
    asked = _question(day, organiser, required=True)
    skipped = _question(day, organiser, label="Régime alimentaire", kind="short_text", skip_at_door=True)
    kept = _question(day, organiser, label="Besoin d’interprète", kind="yes_no")
    rules = signed_in.get("/manage/jour/checkin/list.json", headers={"Accept-Language": "fr"}).get_json()["walk_in"]
    by_name = {rule["name"]: rule for rule in rules}
    assert [r["name"] for r in rules] == [
        "first_name",
        "last_name",
        "email",
        "organisation",
        "role",
        "territory",
        f"q_{asked.id}",
        f"q_{kept.id}",
    ]
    assert f"q_{skipped.id}" not in by_name
    assert (
        by_name["role"]["label"] == "Fonction"
        and by_name["role"]["required"]
        and by_name["territory"]["required"] is False
    )
    assert by_name[f"q_{asked.id}"] == {
        "name": f"q_{asked.id}",
        "label": "Territoire d’intervention",
        "kind": "choice",
        "required": True,
        "max": None,
        "options": [["Lens", "Lens"], ["Liévin", "Liévin"]],
    }
    assert by_name["email"]["kind"] == "email" and by_name["first_name"]["max"] == 100


def test_a_required_question_cannot_be_skipped_at_the_door(day, organiser):
    assert _question(day, organiser, required=True, skip_at_door=True).skip_at_door is False


def test_a_refused_walk_in_names_its_field_in_the_persons_language(signed_in, day, organiser):
    asked = _question(day, organiser, required=True)
    walk_in = action(
        "walkin",
        data={
            "first_name": "Lina",
            "last_name": "Sans",
            "email": "lina@exemple-asso.fr",
            "organisation": "Citéo",
            "role": "mediateur",
        },
    )
    [fr] = signed_in.post(
        "/manage/jour/checkin/sync", json={"actions": [walk_in]}, headers={"Accept-Language": "fr"}
    ).get_json()["results"]
    assert fr["error"] == "required" and fr["fields"] == {f"q_{asked.id}": ["Ce champ est obligatoire."]}
    assert fr["message"] == "Territoire d’intervention\u00a0: Ce champ est obligatoire."
    [en] = signed_in.post(
        "/manage/jour/checkin/sync",
        json={"actions": [walk_in]},  # the stored answer, in English
        headers={"Accept-Language": "en"},
    ).get_json()["results"]
    assert en["message"] == "Territoire d’intervention: This field is required."
    answered = action("walkin", data=walk_in["data"] | {"answers": {str(asked.id): "Liévin"}})
    [seat] = signed_in.post("/manage/jour/checkin/sync", json={"actions": [answered]}).get_json()["results"]
    assert seat["result"] == "seat" and seat["person"]["arrived"]


def test_the_walk_in_page_without_javascript_asks_the_question_and_stores_the_answer(signed_in, day, organiser):
    from forum.registration.models import Answer, Registration

    asked = _question(day, organiser, required=True)
    page = signed_in.get("/manage/jour/checkin", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Territoire d’intervention" in page and f'id="walkin-q_{asked.id}"' in page
    fields = {
        "walkin-first_name": "Lina",
        "walkin-last_name": "Sans",
        "walkin-email": "lina@exemple-asso.fr",
        "walkin-organisation": "Citéo",
        "walkin-role": "mediateur",
    }
    refused = signed_in.post("/manage/jour/checkin/walk-in", data=fields, headers={"Accept-Language": "fr"})
    assert refused.status_code == 422 and "Ce champ est obligatoire." in refused.get_data(as_text=True)
    assert (
        signed_in.post("/manage/jour/checkin/walk-in", data=fields | {f"walkin-q_{asked.id}": "Lens"}).status_code
        == 302
    )
    lina = Registration.query.filter_by(email="lina@exemple-asso.fr").one()
    assert Answer.query.filter_by(registration_id=lina.id).one().value == "Lens" and lina.checked_in_at


@pytest.mark.parametrize(
    "body",
    [
        '{"actions": ' + "[" * 50000 + "]" * 50000 + "}",
        '{"actions": [{"id": ' + "7" * 4301 + "}]}",
        '{"actions": "\\u0000"}',
    ],
)
def test_the_door_sync_answers_unreadable_json_with_a_4xx_and_a_message(signed_in, day, body):
    answer = signed_in.post(
        "/manage/jour/checkin/sync",
        data=body,
        content_type="application/json",
        headers={"Accept-Language": "fr", "Accept": "application/json"},
    )
    assert 400 <= answer.status_code < 500
    assert answer.get_json()["error"]["message"]


def test_one_uuid_in_five_spellings_is_one_door_action(signed_in, day):
    r = registration.register(day, person(1)).registration
    same = uuid.uuid4()
    spellings = [str(same), str(same).upper(), same.hex, "{" + str(same) + "}", same.urn]
    answers = [
        signed_in.post(
            "/manage/jour/checkin/sync",
            json={"actions": [{"id": spelling, "kind": "checkin", "registration_id": r.id}]},
        ).get_json()["results"][0]
        for spelling in spellings
    ]
    assert [a["id"] for a in answers] == spellings  # each phone reads its own id back
    assert {a["result"] for a in answers} == {"arrived"}
    assert DoorAction.query.filter_by(event_id=day.id).count() == 1
    assert DoorAction.query.one().client_id == str(same)

"""The plenary on /board with python-socketio's real client against a running server: questions from the
room, supports, the moderator's tools, quick polls, an item's rapporteur (docs/realtime.md)."""

import time

import pytest

from forum.board import service as board
from forum.events.models import Event
from forum.extensions import db
from tests import factories
from tests.board.builders import make_day
from tests.board.conftest import BoardClient, cid

pytestmark = pytest.mark.slow


@pytest.fixture
def day(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(participants=8)
        event = db.session.get(Event, day.event_id)
        day.round_table = factories.make_item(
            event,
            kind="round_table",
            title="Table ronde des employeurs",
            moderator="Mme Rose",
            speakers=["M. Hibiscus", "Mme Canne"],
            overlap_allowed=True,
        ).id
        day.break_item = factories.make_item(event, kind="break", title="Pause", overlap_allowed=True).id
        return day


@pytest.fixture
def base(board_env):
    return board_env[1]


def participant(base, day, n=1):
    return BoardClient(base, {"event": day.slug, "token": day.tokens[n]})


def organiser(base, day):
    return BoardClient(base, {"event": day.slug, "api_key": day.api_key})


def wait_for_type(client, type_, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        found = [c for c in list(client.changes) if c["type"] == type_]
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"no {type_} change")


def wait_for_change(client, test, timeout=10):
    """The first change ``test(change)`` accepts, once it has arrived."""
    end = time.time() + timeout
    while time.time() < end:
        found = [c for c in list(client.changes) if test(c)]
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError("the change did not arrive")


def opened(base, day):
    org = organiser(base, day)
    assert org.ask("item.questions", {"item_id": day.round_table, "open": True}) == {"ok": True}
    return org


def test_the_snapshot_lists_plenary_items_and_not_the_others(base, day):
    client = participant(base, day)
    items = client.snapshot["items"]
    assert [i["id"] for i in items] == [day.round_table]
    assert items[0] | {"starts_at": None, "ends_at": None} == {
        "id": day.round_table,
        "kind": "round_table",
        "title": "Table ronde des employeurs",
        "moderator": "Mme Rose",
        "speakers": ["M. Hibiscus", "Mme Canne"],
        "questions_open": False,
        "moderator_id": None,
        "on_screen": None,
        "starts_at": None,
        "ends_at": None,
    }
    assert client.snapshot["room_questions"] == [] and client.snapshot["polls"] == []
    assert client.snapshot["me"]["supported"] == [] and client.snapshot["me"]["answers"] == {}
    client.close()


def test_a_question_is_refused_while_the_item_is_closed_and_accepted_once_open(base, day):
    asker = participant(base, day)
    closed = asker.ask(
        "room_question.ask", {"item_id": day.round_table, "text": "Quels financements ?", "client_id": cid()}
    )
    assert closed["ok"] is False and closed["error"]["code"] == "closed"
    assert "fermées" in closed["error"]["message"] or "closed" in closed["error"]["message"]
    org = opened(base, day)
    asked = asker.ask(
        "room_question.ask", {"item_id": day.round_table, "text": "Quels financements ?", "client_id": cid()}
    )
    assert asked["ok"] and asked["duplicate"] is False
    assert asked["question"] | {"id": 0, "created_at": ""} == {
        "id": 0,
        "item_id": day.round_table,
        "text": "Quels financements ?",
        "author": "",
        "supports": 0,
        "status": "open",
        "merged_into": None,
        "created_at": "",
    }
    change = wait_for_type(org, "room_question.asked")[0]
    assert change["data"]["id"] == asked["question"]["id"] and change["data"]["author"] == ""
    asker.close(), org.close()


def test_a_question_sent_twice_with_its_client_id_is_stored_once(base, day):
    org, asker = opened(base, day), participant(base, day)
    data = {"item_id": day.round_table, "text": "Et les contrats aidés ?", "client_id": cid()}
    first, again = asker.ask("room_question.ask", data), asker.ask("room_question.ask", data)
    assert again == first | {"duplicate": True}
    time.sleep(0.3)
    assert len([c for c in org.changes if c["type"] == "room_question.asked"]) == 1
    asker.close(), org.close()


def test_a_question_shows_its_name_only_when_asked_to(base, day):
    org, asker = opened(base, day), participant(base, day, 2)
    asked = asker.ask(
        "room_question.ask",
        {"item_id": day.round_table, "text": "Une question signée", "show_name": True, "client_id": cid()},
    )
    snapshot_name = asker.snapshot["me"]["name"]
    assert asked["question"]["author"].startswith(snapshot_name) and "(" in asked["question"]["author"]
    asker.close(), org.close()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 501}, "text"),
        ({"text": "Bonne question", "show_name": "oui"}, "show_name"),
        ({"text": "Bonne question", "client_id": "pas-un-uuid"}, "client_id"),
    ],
)
def test_bad_questions_get_an_invalid_ack_naming_the_field(base, day, data, field):
    org, asker = opened(base, day), participant(base, day)
    ack = asker.ask("room_question.ask", {"item_id": day.round_table, "client_id": cid()} | data)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid" and field in ack["error"]["fields"]
    asker.close(), org.close()


def test_questions_go_only_to_plenary_items_of_the_event(base, day):
    org, asker = opened(base, day), participant(base, day)
    not_plenary = asker.ask("room_question.ask", {"item_id": day.break_item, "text": "Café ?", "client_id": cid()})
    assert not_plenary["error"]["code"] == "invalid" and "item_id" in not_plenary["error"]["fields"]
    missing = asker.ask("room_question.ask", {"item_id": 999999, "text": "Ailleurs ?", "client_id": cid()})
    assert missing["error"]["code"] == "not_found"
    asker.close(), org.close()


def test_one_person_asks_at_most_five_questions_of_an_item(base, day):
    org, asker = opened(base, day), participant(base, day)
    for n in range(5):
        assert asker.ask(
            "room_question.ask", {"item_id": day.round_table, "text": f"Question {n}", "client_id": cid()}
        )["ok"]
    sixth = asker.ask("room_question.ask", {"item_id": day.round_table, "text": "Encore une", "client_id": cid()})
    assert sixth["ok"] is False and sixth["error"]["code"] == "rate_limited" and "5" in sixth["error"]["message"]
    asker.close(), org.close()


def test_supports_count_once_per_person_and_can_be_withdrawn(base, day):
    org, asker, a, b = (
        opened(base, day),
        participant(base, day, 1),
        participant(base, day, 2),
        participant(base, day, 3),
    )
    qid = asker.ask(
        "room_question.ask", {"item_id": day.round_table, "text": "Quelle place pour les jeunes ?", "client_id": cid()}
    )["question"]["id"]
    assert a.ask("room_question.support", {"question_id": qid, "support": True}) == {"ok": True, "supports": 1}
    assert a.ask("room_question.support", {"question_id": qid, "support": True}) == {"ok": True, "supports": 1}
    assert b.ask("room_question.support", {"question_id": qid, "support": True}) == {"ok": True, "supports": 2}
    assert a.ask("room_question.support", {"question_id": qid, "support": False}) == {"ok": True, "supports": 1}
    assert a.ask("room_question.support", {"question_id": qid, "support": "oui"})["error"]["code"] == "invalid"
    wait_for_change(
        org,
        lambda c: c["type"] == "room_question.supported"
        and c["data"]["supports"] == 1
        and any(x["data"]["supports"] == 2 for x in org.changes if x["type"] == "room_question.supported"),
    )
    time.sleep(0.3)  # a repeated support changes nothing and broadcasts nothing
    assert [c["data"]["supports"] for c in org.changes if c["type"] == "room_question.supported"] == [1, 2, 1]
    assert participant(base, day, 3).snapshot["me"]["supported"] == [qid]
    for c in (org, asker, a, b):
        c.close()


def test_the_moderator_merges_hides_screens_and_marks_answered(base, day):
    org, p1, p2, p3 = opened(base, day), participant(base, day, 1), participant(base, day, 2), participant(base, day, 3)
    item = day.round_table
    q1 = p1.ask(
        "room_question.ask", {"item_id": item, "text": "Quels financements pour les postes ?", "client_id": cid()}
    )["question"]["id"]
    q2 = p2.ask("room_question.ask", {"item_id": item, "text": "Qui finance les postes ?", "client_id": cid()})[
        "question"
    ]["id"]
    p2.ask("room_question.support", {"question_id": q1, "support": True})
    p3.ask("room_question.support", {"question_id": q2, "support": True})
    p1.ask("room_question.support", {"question_id": q2, "support": True})
    assert org.ask("room_question.merge", {"question_id": q2, "into_id": q1}) == {"ok": True}
    merged = wait_for_type(p3, "room_question.merged")[0]["data"]
    assert (merged["id"], merged["status"], merged["merged_into"]) == (q2, "merged", q1)
    into = wait_for_change(p3, lambda c: c["type"] == "room_question.updated" and c["data"]["id"] == q1)
    assert into["data"]["supports"] == 3  # p2 and p3 and p1, once each
    assert p3.ask("room_question.support", {"question_id": q2, "support": True})["error"]["code"] == "invalid"
    assert org.ask("room_question.screen", {"item_id": item, "question_id": q1}) == {"ok": True}
    item_change = wait_for_type(p3, "item.updated")[-1]["data"]
    assert item_change["on_screen"] == q1
    assert org.ask("room_question.answered", {"question_id": q1}) == {"ok": True}
    end = time.time() + 10
    while time.time() < end and not [
        c for c in p3.changes if c["type"] == "item.updated" and c["data"]["on_screen"] is None
    ]:
        time.sleep(0.02)
    snapshot = participant(base, day, 4).snapshot
    assert [q["status"] for q in snapshot["room_questions"] if q["id"] == q1] == ["answered"]
    assert snapshot["items"][0]["on_screen"] is None
    for c in (org, p1, p2, p3):
        c.close()


def test_a_hidden_question_leaves_the_room_and_comes_back_when_undone(base, day):
    org, asker, other = opened(base, day), participant(base, day, 1), participant(base, day, 2)
    qid = asker.ask("room_question.ask", {"item_id": day.round_table, "text": "Hors sujet total", "client_id": cid()})[
        "question"
    ]["id"]
    assert org.ask("room_question.hide", {"question_id": qid, "reason": "hors sujet"}) == {"ok": True}
    hidden = wait_for_type(other, "room_question.hidden")[0]["data"]
    assert hidden == {"id": qid, "item_id": day.round_table, "status": "hidden"}
    assert participant(base, day, 3).snapshot["room_questions"] == []
    assert (
        org.ask("room_questions.hidden", {"item_id": day.round_table})["questions"][0]["hidden_reason"] == "hors sujet"
    )
    assert other.ask("room_question.support", {"question_id": qid, "support": True})["error"]["code"] == "invalid"
    assert asker.ask("room_question.hide", {"question_id": qid, "reason": ""})["error"]["code"] == "forbidden"
    assert org.ask("room_question.show", {"question_id": qid}) == {"ok": True}
    back = wait_for_change(other, lambda c: c["type"] == "room_question.updated" and c["data"]["id"] == qid)["data"]
    assert back["status"] == "open" and back["text"] == "Hors sujet total"
    for c in (org, asker, other):
        c.close()


def test_a_participant_named_moderator_moderates_that_item_only(base, day):
    org = organiser(base, day)
    moderator_id = day.registration_ids[5]
    assert org.ask("item.moderator", {"item_id": day.round_table, "registration_id": moderator_id}) == {"ok": True}
    moderator, asker = participant(base, day, 5), participant(base, day, 1)
    assert moderator.snapshot["me"]["moderator_of"] == [day.round_table]
    assert moderator.ask("item.questions", {"item_id": day.round_table, "open": True}) == {"ok": True}
    qid = asker.ask("room_question.ask", {"item_id": day.round_table, "text": "Et demain ?", "client_id": cid()})[
        "question"
    ]["id"]
    assert moderator.ask("room_question.screen", {"item_id": day.round_table, "question_id": qid}) == {"ok": True}
    assert (
        asker.ask("room_question.screen", {"item_id": day.round_table, "question_id": qid})["error"]["code"]
        == "forbidden"
    )
    assert (
        moderator.ask("item.moderator", {"item_id": day.round_table, "registration_id": None})["error"]["code"]
        == "forbidden"
    )
    assert (
        moderator.ask(
            "poll.create", {"item_id": day.round_table, "question": "Q ?", "kind": "scale", "client_id": cid()}
        )["error"]["code"]
        == "forbidden"
    )
    for c in (org, moderator, asker):
        c.close()


def test_a_poll_is_answered_once_changed_while_open_and_refused_when_closed(base, day):
    org = organiser(base, day)
    created = org.ask(
        "poll.create",
        {
            "item_id": day.round_table,
            "question": "Votre structure emploie-t-elle des médiateurs ?",
            "kind": "single",
            "choices": ["Oui", "Non", "Bientôt"],
            "results_to_phones": True,
            "client_id": cid(),
        },
    )
    poll = created["poll"]
    assert (poll["status"], poll["choices"], poll["answers"], poll["counts"]) == (
        "draft",
        ["Oui", "Non", "Bientôt"],
        0,
        None,
    )
    phones = [participant(base, day, n) for n in range(1, 7)]
    assert phones[0].ask("poll.answer", {"poll_id": poll["id"], "choices": [0]})["error"]["code"] == "closed"
    assert org.ask("poll.open", {"poll_id": poll["id"]}) == {"ok": True}
    for n, phone in enumerate(phones):
        assert phone.ask("poll.answer", {"poll_id": poll["id"], "choices": [n % 2]}) == {"ok": True, "choices": [n % 2]}
    assert phones[0].ask("poll.answer", {"poll_id": poll["id"], "choices": [2]}) == {"ok": True, "choices": [2]}
    assert phones[0].ask("poll.answer", {"poll_id": poll["id"], "choices": [0, 1]})["error"]["code"] == "invalid"
    assert phones[0].ask("poll.answer", {"poll_id": poll["id"], "choices": [3]})["error"]["code"] == "invalid"
    assert org.ask("poll.close", {"poll_id": poll["id"]}) == {"ok": True}
    late = phones[1].ask("poll.answer", {"poll_id": poll["id"], "choices": [0]})
    assert late["error"]["code"] == "closed" and late["error"]["message"]
    final = wait_for_change(phones[2], lambda c: c["type"] == "poll.updated" and c["data"]["status"] == "closed")[
        "data"
    ]
    assert (final["answers"], final["counts"]) == (6, [2, 3, 1])
    assert participant(base, day, 1).snapshot["me"]["answers"] == {str(poll["id"]): [2]}
    for c in (org, *phones):
        c.close()


def test_a_poll_shows_no_split_under_five_answers(base, day):
    org = organiser(base, day)
    poll = org.ask(
        "poll.create", {"item_id": day.round_table, "question": "Satisfaction ?", "kind": "scale", "client_id": cid()}
    )["poll"]
    assert poll["choices"] == ["1", "2", "3", "4", "5"]
    org.ask("poll.open", {"poll_id": poll["id"]})
    phones = [participant(base, day, n) for n in range(1, 6)]
    for phone in phones[:4]:
        phone.ask("poll.answer", {"poll_id": poll["id"], "choices": [4]})
    answered = wait_for_type(org, "poll.answered")
    end = time.time() + 10
    while time.time() < end and len([c for c in org.changes if c["type"] == "poll.answered"]) < 4:
        time.sleep(0.02)
    assert [c["data"]["counts"] for c in org.changes if c["type"] == "poll.answered"] == [None] * 4 and answered
    phones[4].ask("poll.answer", {"poll_id": poll["id"], "choices": [3]})
    end = time.time() + 10
    while time.time() < end and len([c for c in org.changes if c["type"] == "poll.answered"]) < 5:
        time.sleep(0.02)
    assert [c for c in org.changes if c["type"] == "poll.answered"][-1]["data"]["counts"] == [0, 0, 0, 1, 4]
    for c in (org, *phones):
        c.close()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"kind": "single", "choices": ["Seul"]}, "choices"),
        ({"kind": "multiple", "choices": ["A", "a"]}, "choices"),
        ({"kind": "ranking", "choices": ["A", "B"]}, "kind"),
        ({"kind": "single", "choices": "A, B"}, "choices"),
        ({"kind": "scale", "question": ""}, "question"),
    ],
)
def test_bad_polls_get_an_invalid_ack_naming_the_field(base, day, data, field):
    org = organiser(base, day)
    ack = org.ask("poll.create", {"item_id": day.round_table, "question": "Une question ?", "client_id": cid()} | data)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid" and field in ack["error"]["fields"]
    org.close()


def test_an_item_rapporteur_gets_a_workshops_tools_on_its_record(base, day):
    org = organiser(base, day)
    rapporteur_id = day.registration_ids[6]
    named = org.ask("item.rapporteur", {"item_id": day.round_table, "registration_id": rapporteur_id})
    record = named["workshop"]
    assert (record["programme_item_id"], record["slot_id"], record["rapporteur_id"]) == (
        day.round_table,
        None,
        rapporteur_id,
    )
    rapporteur = participant(base, day, 6)
    assert rapporteur.snapshot["me"]["rapporteur_of"] == [record["id"]]
    note = rapporteur.ask(
        "contribution.post",
        {"workshop_id": record["id"], "text": "Les employeurs demandent un cadre.", "client_id": cid()},
    )
    assert note["ok"]
    assert rapporteur.ask(
        "point.create",
        {"workshop_id": record["id"], "text": "Un cadre d'emploi", "contribution_ids": [note["contribution"]["id"]]},
    )["ok"]
    assert rapporteur.ask("synthesis.update", {"workshop_id": record["id"], "text": "La table ronde a conclu."})["ok"]
    assert rapporteur.ask("synthesis.publish", {"workshop_id": record["id"]})["ok"]
    someone = participant(base, day, 1)
    assert someone.ask("workshop.join", {"workshop_id": record["id"]})["error"]["code"] == "invalid"
    assert (
        someone.ask("contribution.post", {"workshop_id": record["id"], "text": "moi aussi", "client_id": cid()})[
            "error"
        ]["code"]
        == "forbidden"
    )
    for c in (org, rapporteur, someone):
        c.close()


def test_resume_after_a_disconnection_gives_the_plenarys_changes_in_order(base, day):
    org = opened(base, day)
    watcher = participant(base, day, 1)
    seq = watcher.snapshot["seq"]
    watcher.close()
    asker = participant(base, day, 2)
    qid = asker.ask(
        "room_question.ask", {"item_id": day.round_table, "text": "Pendant la coupure", "client_id": cid()}
    )["question"]["id"]
    participant(base, day, 3).ask("room_question.support", {"question_id": qid, "support": True})
    poll = org.ask(
        "poll.create",
        {
            "item_id": day.round_table,
            "question": "D'accord ?",
            "kind": "single",
            "choices": ["Oui", "Non"],
            "client_id": cid(),
        },
    )["poll"]
    again = participant(base, day, 1)
    changes = again.ask("resume", {"since": seq})["changes"]
    assert [c["type"] for c in changes] == ["room_question.asked", "room_question.supported", "poll.created"]
    assert [c["seq"] for c in changes] == [seq + 1, seq + 2, seq + 3]
    assert changes[2]["data"]["id"] == poll["id"]
    for c in (org, asker, again):
        c.close()

"""The /board protocol with python-socketio's real client against a running server (REALTIME.md)."""

import threading
import time

import pytest

from tests.board.builders import make_day
from tests.board.conftest import BoardClient, cid, refused

pytestmark = pytest.mark.slow


@pytest.fixture
def day(board_env):
    app, base = board_env
    with app.app_context():
        return make_day()


@pytest.fixture
def base(board_env):
    return board_env[1]


def participant(base, day, n=1):
    return BoardClient(base, {"event": day.slug, "token": day.tokens[n]})


def organiser(base, day):
    return BoardClient(base, {"event": day.slug, "api_key": day.api_key})


# -- connecting ----------------------------------------------------------


def test_snapshot_on_connect(base, day):
    client = participant(base, day, 1)
    snap = client.snapshot
    assert snap["event"] == {
        "slug": day.slug,
        "title": "Rencontre régionale des médiateurs sociaux",
        "phase": "workshops",
    }
    assert snap["me"]["role"] == "participant" and snap["me"]["registration_id"] == day.registration_ids[1]
    assert [q["id"] for q in snap["questions"]] == [day.question_id]
    assert {w["id"] for w in snap["workshops"]} == {day.workshop_id, day.other_workshop_id}
    assert snap["slots"][0]["starts_at"] == "2030-06-13T14:15:00+02:00"
    assert snap["seq"] >= 2
    client.close()


def test_rapporteur_and_screen_roles(base, day):
    rapporteur = participant(base, day, 0)
    assert rapporteur.snapshot["me"]["role"] == "rapporteur" and rapporteur.snapshot["me"]["rapporteur_of"] == [
        day.workshop_id
    ]
    screen = BoardClient(base, {"event": day.slug, "screen": day.screen})
    assert screen.snapshot["me"]["role"] == "screen"
    rapporteur.close(), screen.close()


@pytest.mark.parametrize(
    "auth, code",
    [
        ({"event": "nulle-part", "token": "x"}, "unknown_event"),
        ({"event": "forum-ouvert", "token": "faux"}, "unauthorized"),
        ({"event": "forum-ouvert"}, "unauthorized"),
        ({"event": "forum-ouvert", "screen": "faux"}, "unauthorized"),
    ],
)
def test_refused_connections(base, day, auth, code):
    data = refused(base, auth)
    assert data["code"] == code and data["message"]


def test_waitlisted_and_other_organisers_are_refused(base, day):
    assert refused(base, {"event": day.slug, "token": day.tokens["waitlisted"]})["code"] == "unauthorized"
    assert refused(base, {"event": day.slug, "api_key": day.other_api_key})["code"] == "unauthorized"


def test_cancelled_event_is_closed(board_env, day):
    app, base = board_env
    with app.app_context():
        from forum.events import service

        event = service.get_event(day.slug)
        service.cancel_event(event, actor=event.organisers[0])
    assert refused(base, {"event": day.slug, "token": day.tokens[1]})["code"] == "closed"


# -- changes -------------------------------------------------------------


def test_proposal_reaches_everyone_with_the_next_seq(base, day):
    a, b = participant(base, day, 1), participant(base, day, 2)
    seq = a.snapshot["seq"]
    ack = a.ask(
        "topic.propose",
        {"question_id": day.question_id, "title": "Illectronisme", "description": "", "client_id": cid()},
    )
    assert ack["ok"] and ack["topic"]["title"] == "Illectronisme" and ack["topic"]["votes"] == 0
    for client in (a, b):
        [change] = client.wait_for(1)
        assert change == {
            "seq": seq + 1,
            "type": "topic.proposed",
            "data": {k: v for k, v in ack["topic"].items() if k != "voted_by_me"},
        }
    a.close(), b.close()


def test_idempotent_post_by_client_id(base, day):
    member, watcher = participant(base, day, 1), participant(base, day, 2)
    assert member.ask("workshop.join", {"workshop_id": day.workshop_id})["ok"]
    client_id = cid()
    first = member.ask(
        "contribution.post",
        {"workshop_id": day.workshop_id, "text": "Former aux outils numériques", "client_id": client_id},
    )
    again = member.ask(
        "contribution.post",
        {"workshop_id": day.workshop_id, "text": "Former aux outils numériques", "client_id": client_id},
    )
    assert first["duplicate"] is False and again["duplicate"] is True
    assert again["contribution"] == first["contribution"]
    watcher.wait_for(2)
    import time

    time.sleep(0.3)
    assert [c["type"] for c in watcher.changes] == ["workshop.members", "contribution.posted"]
    member.close(), watcher.close()


def test_every_change_type(base, day):
    org, p1, p2, rap = (
        organiser(base, day),
        participant(base, day, 1),
        participant(base, day, 2),
        participant(base, day, 0),
    )
    q = day.question_id
    t1 = p1.ask("topic.propose", {"question_id": q, "title": "Illectronisme", "client_id": cid()})["topic"]
    t2 = p2.ask("topic.propose", {"question_id": q, "title": "Illectronisme (bis)", "client_id": cid()})["topic"]
    t3 = p2.ask("topic.propose", {"question_id": q, "title": "À retirer", "client_id": cid()})["topic"]
    assert p2.ask("topic.vote", {"topic_id": t2["id"], "vote": True}) == {"ok": True, "votes": 1}
    assert p1.ask("topic.vote", {"topic_id": t1["id"], "vote": True})["votes"] == 1
    assert p2.ask("topic.withdraw", {"topic_id": t3["id"]})["ok"]
    assert org.ask("topic.merge", {"topic_id": t2["id"], "into_id": t1["id"]})["ok"]
    scheduled = org.ask(
        "topic.schedule", {"topic_id": t1["id"], "slot_id": day.slot_id, "space_id": day.second_space_id}
    )
    assert scheduled["ok"] and scheduled["workshop"]["topic_id"] == t1["id"]
    assert (
        org.ask("topic.schedule", {"topic_id": t1["id"], "slot_id": day.slot_id, "space_id": day.second_space_id})["ok"]
        is False
    )
    created = org.ask(
        "workshop.create",
        {"title": "Atelier posé par l'animateur", "slot_id": day.slot_id, "space_id": day.small_space_id},
    )
    assert created["error"]["code"] == "full"  # the cell holds a workshop already
    w = day.workshop_id
    join = p1.ask("workshop.join", {"workshop_id": day.other_workshop_id})
    assert join == {"ok": True, "workshop_id": day.other_workshop_id, "left": []}
    move = p1.ask("workshop.join", {"workshop_id": w})
    assert move["left"] == [day.other_workshop_id]
    assert org.ask("workshop.rapporteur", {"workshop_id": w, "registration_id": day.registration_ids[0]})["ok"]
    post = p1.ask("contribution.post", {"workshop_id": w, "text": "Un point d'accueil numérique", "client_id": cid()})
    off = p1.ask("contribution.post", {"workshop_id": w, "text": "<script>alert(1)</script>", "client_id": cid()})
    assert off["contribution"]["text"] == "<script>alert(1)</script>"
    assert rap.ask("contribution.hide", {"contribution_id": off["contribution"]["id"], "reason": "hors sujet"})["ok"]
    point = rap.ask(
        "point.create",
        {"workshop_id": w, "text": "Accueil numérique", "contribution_ids": [post["contribution"]["id"]]},
    )
    assert point["point"]["contribution_ids"] == [post["contribution"]["id"]]
    point2 = rap.ask("point.create", {"workshop_id": w, "text": "Deuxième point", "contribution_ids": []})["point"]
    moved = rap.ask("point.update", {"point_id": point2["id"], "position": 1})
    assert moved["point"]["position"] == 1
    assert rap.ask("point.update", {"point_id": point["point"]["id"], "text": "Accueil numérique de proximité"})["ok"]
    assert rap.ask("point.delete", {"point_id": point2["id"]})["ok"]
    assert rap.ask("synthesis.update", {"workshop_id": w, "text": "Synthèse de l'atelier"})["ok"]
    assert rap.ask("synthesis.publish", {"workshop_id": w})["ok"]
    assert p1.ask("workshop.leave", {"workshop_id": w})["ok"]
    assert org.ask("phase.set", {"phase": "restitution"})["ok"]
    end = time.time() + 30  # changes arrive in seq order: the last one sent says all the others are there
    while not any(c["type"] == "phase.changed" for c in p2.changes) and time.time() < end:
        time.sleep(0.05)
    types = {c["type"] for c in list(p2.changes)}
    assert types == {
        "topic.proposed",
        "topic.voted",
        "topic.withdrawn",
        "topic.merged",
        "topic.updated",
        "workshop.created",
        "workshop.members",
        "workshop.updated",
        "contribution.posted",
        "contribution.hidden",
        "point.created",
        "point.updated",
        "point.deleted",
        "synthesis.updated",
        "synthesis.published",
        "phase.changed",
    }
    seqs = [c["seq"] for c in p2.changes]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert not any(c["id"] == off["contribution"]["id"] for c in participant(base, day, 2).snapshot["contributions"])
    hidden = [c for c in org.ask("snapshot")["snapshot"]["contributions"] if c["id"] == off["contribution"]["id"]]
    assert hidden and hidden[0]["hidden"] is True
    for c in (org, p1, p2, rap):
        c.close()


def test_resume_after_a_dropped_connection(base, day):
    a = participant(base, day, 1)
    seq = a.snapshot["seq"]
    a.close()
    b = participant(base, day, 2)
    for n in range(3):
        b.ask("topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()})
    again = participant(base, day, 1)
    resumed = again.ask("resume", {"since": seq})
    assert [c["seq"] for c in resumed["changes"]] == [seq + 1, seq + 2, seq + 3]
    assert [c["data"]["title"] for c in resumed["changes"]] == ["Sujet 0", "Sujet 1", "Sujet 2"]
    assert again.ask("resume", {"since": "hier"})["error"]["code"] == "invalid"
    b.close(), again.close()


def test_workshop_capacity_under_concurrent_joins(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(participants=40)
    clients = [participant(base, day, n) for n in range(40)]
    barrier = threading.Barrier(40)
    acks = []

    def join(client):
        barrier.wait()
        acks.append(client.ask("workshop.join", {"workshop_id": day.workshop_id}))

    threads = [threading.Thread(target=join, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(a["ok"] for a in acks) == 10
    assert sorted(a["error"]["code"] for a in acks if not a["ok"]) == ["full"] * 30
    final = clients[0].ask("snapshot")["snapshot"]
    assert [w["members"] for w in final["workshops"] if w["id"] == day.workshop_id] == [10]
    for c in clients:
        c.close()


def test_seq_has_no_gaps_under_concurrent_writers(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(participants=8)
    clients = [participant(base, day, n) for n in range(8)]
    start = clients[0].snapshot["seq"]

    def write(client, n):
        for i in range(5):
            client.ask("topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}-{i}", "client_id": cid()})

    threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = [c["seq"] for c in clients[0].wait_for(40)]
    assert sorted(seqs) == list(range(start + 1, start + 41))
    for c in clients:
        c.close()


def test_rate_limited_writes_say_so(base, day):
    a = participant(base, day, 1)
    acks = [
        a.ask("topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()})
        for n in range(25)
    ]
    codes = [ack.get("error", {}).get("code") for ack in acks]
    assert codes[:20] == [None] * 20 and set(codes[20:]) == {"rate_limited"}
    a.close()


def test_long_polling_works_when_websocket_is_blocked(base, day):
    a = BoardClient(base, {"event": day.slug, "token": day.tokens[1]}, transports=("polling",))
    b = participant(base, day, 2)
    b.ask("topic.propose", {"question_id": day.question_id, "title": "Par long-polling", "client_id": cid()})
    assert a.wait_for(1)[0]["data"]["title"] == "Par long-polling"
    a.close(), b.close()


def test_too_old_then_snapshot(base, day):
    a = participant(base, day, 1)
    with_rate = participant(base, day, 2)
    for n in range(19):
        a.ask("topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()})
    for n in range(5):
        with_rate.ask("topic.propose", {"question_id": day.question_id, "title": f"Autre {n}", "client_id": cid()})
    assert a.ask("resume", {"since": 0})["error"]["code"] == "too_old"
    assert a.ask("snapshot")["ok"]
    a.close(), with_rate.close()


def test_unknown_objects_are_not_found(base, day):
    a = participant(base, day, 1)
    assert a.ask("workshop.join", {"workshop_id": 999999})["error"]["code"] == "not_found"
    assert a.ask("topic.vote", {"topic_id": 999999, "vote": True})["error"]["code"] == "not_found"
    error = a.ask("topic.propose", {"question_id": day.question_id, "title": "x", "client_id": cid()})["error"]
    assert error["code"] == "invalid" and error["message"]
    assert error["fields"] == {"title": ["Ce texte est trop court (3 caractères au moins)."]}
    a.close()


def test_a_full_workshop_says_so_in_its_own_words(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(participants=12)
    acks = [participant(base, day, n).ask("workshop.join", {"workshop_id": day.workshop_id}) for n in range(11)]
    refusal = acks[-1]["error"]
    assert refusal["code"] == "full" and refusal["message"] == "Cet atelier est complet."


def test_organisers_change_and_delete_workshops_live(base, day):
    org, phone = organiser(base, day), participant(base, day, 1)
    renamed = org.ask("workshop.update", {"workshop_id": day.other_workshop_id, "title": "Formation continue"})
    assert renamed["ok"] and renamed["workshop"]["title"] == "Formation continue"
    assert phone.ask("workshop.join", {"workshop_id": day.other_workshop_id})["ok"]
    refused_delete = org.ask("workshop.delete", {"workshop_id": day.other_workshop_id})
    assert refused_delete["error"]["code"] == "invalid" and "confirmed" in refused_delete["error"]["fields"]
    assert org.ask("workshop.delete", {"workshop_id": day.other_workshop_id, "confirmed": True}) == {"ok": True}
    changes = phone.wait_for(4)
    assert [c["type"] for c in changes][-1] == "workshop.deleted"
    assert changes[-1]["data"] == {"id": day.other_workshop_id}
    assert day.other_workshop_id not in phone.ask("snapshot")["snapshot"]["me"]["workshops"]
    org.close(), phone.close()


def test_a_rapporteur_can_be_named_and_unnamed(base, day):
    org, rap = organiser(base, day), participant(base, day, 0)
    assert rap.snapshot["me"]["rapporteur_of"] == [day.workshop_id]
    assert org.ask("workshop.rapporteur", {"workshop_id": day.workshop_id, "registration_id": None}) == {"ok": True}
    change = rap.wait_for(1)[-1]
    assert change["type"] == "workshop.updated" and change["data"]["rapporteur_id"] is None
    assert (
        rap.ask("point.create", {"workshop_id": day.workshop_id, "text": "Plus moi", "contribution_ids": []})["error"][
            "code"
        ]
        == "forbidden"
    )
    org.close(), rap.close()


def test_a_hidden_contribution_can_be_shown_again(base, day):
    rap, phone = participant(base, day, 0), participant(base, day, 1)
    assert phone.ask("workshop.join", {"workshop_id": day.workshop_id})["ok"]
    posted = phone.ask(
        "contribution.post", {"workshop_id": day.workshop_id, "text": "Hors sujet ?", "client_id": cid()}
    )
    cid_ = posted["contribution"]["id"]
    assert rap.ask("contribution.hide", {"contribution_id": cid_, "reason": "hors sujet"})["ok"]
    assert cid_ not in [c["id"] for c in phone.ask("snapshot")["snapshot"]["contributions"]]
    assert rap.ask("contribution.show", {"contribution_id": cid_}) == {"ok": True}
    shown = [c for c in phone.wait_for(5) if c["type"] == "contribution.shown"]
    assert shown and shown[-1]["data"]["text"] == "Hors sujet ?" and shown[-1]["data"]["id"] == cid_
    assert cid_ in [c["id"] for c in phone.ask("snapshot")["snapshot"]["contributions"]]
    rap.close(), phone.close()


def test_the_shared_snapshot_keeps_each_persons_own_part(base, day):
    one, two = participant(base, day, 1), participant(base, day, 2)
    topic = one.ask("topic.propose", {"question_id": day.question_id, "title": "Mon sujet", "client_id": cid()})[
        "topic"
    ]
    assert one.ask("topic.vote", {"topic_id": topic["id"], "vote": True})["ok"]
    assert two.ask("workshop.join", {"workshop_id": day.workshop_id})["ok"]
    a, b = one.ask("snapshot")["snapshot"], two.ask("snapshot")["snapshot"]
    assert a["seq"] == b["seq"]
    assert [t["voted_by_me"] for t in a["topics"]] == [True] and [t["voted_by_me"] for t in b["topics"]] == [False]
    assert (a["me"]["workshops"], b["me"]["workshops"]) == ([], [day.workshop_id])
    assert a["me"]["name"] != b["me"]["name"]
    assert a["topics"][0]["votes"] == b["topics"][0]["votes"] == 1
    one.close(), two.close()


def test_the_snapshot_on_connecting_is_the_same_as_the_one_asked(base, day):
    """Participants connect by a short path (one query, the shared part built once per seq): same answer."""
    rap = participant(base, day, 0)
    topic = rap.ask("topic.propose", {"question_id": day.question_id, "title": "Un sujet", "client_id": cid()})["topic"]
    assert rap.ask("topic.vote", {"topic_id": topic["id"], "vote": True})["ok"]
    assert rap.ask("workshop.join", {"workshop_id": day.workshop_id})["ok"]
    rap.close()
    again = participant(base, day, 0)
    on_connect = again.snapshot
    assert on_connect == again.ask("snapshot")["snapshot"]
    assert on_connect["me"]["role"] == "rapporteur" and on_connect["me"]["rapporteur_of"] == [day.workshop_id]
    assert on_connect["me"]["workshops"] == [day.workshop_id]
    assert [t["voted_by_me"] for t in on_connect["topics"]] == [True]
    assert participant(base, day, 1).snapshot["topics"][0]["voted_by_me"] is False
    again.close()

"""Every request x every role (REALTIME.md), against a running server."""

from datetime import datetime

import pytest

from tests.board.builders import make_day
from tests.board.conftest import BoardClient, cid, refused

pytestmark = pytest.mark.slow

ROLES = ("participant", "rapporteur", "other_rapporteur", "organiser", "screen")
#: request -> roles allowed (in the workshops phase); W is the workshop of "rapporteur"
ALLOWED = {
    "resume": set(ROLES),
    "snapshot": set(ROLES),
    "topic.propose": {"participant", "rapporteur", "other_rapporteur", "organiser"},
    "topic.vote": {"participant", "rapporteur", "other_rapporteur"},
    "topic.withdraw": {"organiser"},  # the topic was proposed by someone else
    "topic.merge": {"organiser"},
    "topic.schedule": {"organiser"},
    "workshop.create": {"organiser"},
    "workshop.rapporteur": {"organiser"},
    "phase.set": {"organiser"},
    "workshop.people": {"organiser"},  # an addition to REALTIME.md: who joined is for organisers only
    "workshop.join": {"participant", "rapporteur", "other_rapporteur"},
    "workshop.leave": {"participant", "rapporteur", "other_rapporteur"},
    "contribution.post": {"rapporteur", "organiser"},  # none of the others is a member of W
    "contribution.hide": {"rapporteur", "organiser"},
    "point.create": {"rapporteur", "organiser"},
    "point.update": {"rapporteur", "organiser"},
    "point.delete": {"rapporteur", "organiser"},
    "synthesis.update": {"rapporteur", "organiser"},
    "synthesis.publish": {"rapporteur", "organiser"},
    # additions to REALTIME.md (docs/realtime.md)
    "workshop.update": {"organiser"},
    "workshop.delete": {"organiser"},
    "contribution.show": {"rapporteur", "organiser"},
}


@pytest.fixture
def board_rate():
    return "100000 per second"


def test_permission_matrix(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(participants=4)
        from forum.board import service, setup
        from forum.events.service import get_event

        event = get_event(day.slug)
        org = event.organisers[0]
        actor = service.identify(event, organiser=org)
        extra_slots = [
            setup.add_slot(
                event, f"Créneau {n}", datetime(2030, 6, 13, 15, 20 + n), datetime(2030, 6, 13, 15, 25 + n), actor=org
            ).id
            for n in range(30)
        ]
        other_w = service.create_workshop(
            actor, {"title": "Autre atelier", "slot_id": extra_slots.pop(), "space_id": day.small_space_id}
        )
        service.name_rapporteur(actor, other_w["id"], day.registration_ids[2])
    clients = {
        "participant": BoardClient(base, {"event": day.slug, "token": day.tokens[1]}),
        "rapporteur": BoardClient(base, {"event": day.slug, "token": day.tokens[0]}),
        "other_rapporteur": BoardClient(base, {"event": day.slug, "token": day.tokens[2]}),
        "organiser": BoardClient(base, {"event": day.slug, "api_key": day.api_key}),
        "screen": BoardClient(base, {"event": day.slug, "screen": day.screen}),
    }
    helper = BoardClient(base, {"event": day.slug, "token": day.tokens[3]})
    org_c = clients["organiser"]
    w = day.workshop_id

    def topic():
        return helper.ask("topic.propose", {"question_id": day.question_id, "title": "Un sujet", "client_id": cid()})[
            "topic"
        ]["id"]

    def contribution():
        return org_c.ask("contribution.post", {"workshop_id": w, "text": "Contribution", "client_id": cid()})[
            "contribution"
        ]["id"]

    def hidden():
        c = contribution()
        org_c.ask("contribution.hide", {"contribution_id": c, "reason": ""})
        return c

    def point():
        return org_c.ask("point.create", {"workshop_id": w, "text": "Point", "contribution_ids": []})["point"]["id"]

    data_for = {
        "resume": lambda: {"since": helper.ask("snapshot")["snapshot"]["seq"]},
        "snapshot": lambda: {},
        "topic.propose": lambda: {"question_id": day.question_id, "title": "Mon sujet", "client_id": cid()},
        "topic.vote": lambda: {"topic_id": topic(), "vote": True},
        "topic.withdraw": lambda: {"topic_id": topic()},
        "topic.merge": lambda: {"topic_id": topic(), "into_id": topic()},
        "topic.schedule": lambda: {"topic_id": topic(), "slot_id": extra_slots.pop(), "space_id": day.big_space_id},
        "workshop.create": lambda: {
            "title": "Nouvel atelier",
            "slot_id": extra_slots.pop(),
            "space_id": day.second_space_id,
        },
        "workshop.rapporteur": lambda: {"workshop_id": w, "registration_id": day.registration_ids[0]},
        "phase.set": lambda: {"phase": "workshops"},
        "workshop.people": lambda: {"workshop_id": w},
        "workshop.join": lambda: {"workshop_id": day.other_workshop_id},
        "workshop.leave": lambda: {"workshop_id": day.other_workshop_id},
        "contribution.post": lambda: {"workshop_id": w, "text": "Ma contribution", "client_id": cid()},
        "contribution.hide": lambda: {"contribution_id": contribution(), "reason": "hors sujet"},
        "point.create": lambda: {"workshop_id": w, "text": "Un point", "contribution_ids": []},
        "point.update": lambda: {"point_id": point(), "text": "Point modifié"},
        "point.delete": lambda: {"point_id": point()},
        "synthesis.update": lambda: {"workshop_id": w, "text": "Synthèse"},
        "synthesis.publish": lambda: {"workshop_id": w},
        "workshop.update": lambda: {"workshop_id": w, "title": "Accès aux droits (renommé)"},
        "workshop.delete": lambda: {
            "workshop_id": org_c.ask(
                "workshop.create",
                {"title": "À supprimer", "slot_id": extra_slots.pop(), "space_id": day.second_space_id},
            )["workshop"]["id"]
        },
        "contribution.show": lambda: {"contribution_id": hidden()},
    }
    wrong = []
    for request, allowed in ALLOWED.items():
        for role in ROLES:
            ack = clients[role].ask(request, data_for[request]())
            expected = role in allowed
            if ack["ok"] != expected or (not expected and ack["error"]["code"] != "forbidden"):
                wrong.append((request, role, ack))
    assert wrong == []
    for client in [*clients.values(), helper]:
        client.close()


def test_refused_roles_cannot_connect(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day()
    for auth in (
        {"event": day.slug, "api_key": day.other_api_key},
        {"event": day.slug, "token": day.tokens["waitlisted"]},
        {"event": day.slug},
    ):
        assert refused(base, auth)["code"] == "unauthorized"


def test_setup_and_closed_phases(board_env):
    app, base = board_env
    with app.app_context():
        day = make_day(phase="setup")
    p = BoardClient(base, {"event": day.slug, "token": day.tokens[1]})
    org = BoardClient(base, {"event": day.slug, "api_key": day.api_key})
    propose = {"question_id": day.question_id, "title": "Trop tôt", "client_id": cid()}
    refusal = p.ask("topic.propose", propose)["error"]
    assert refusal["code"] == "closed"
    assert refusal["message"].startswith("Le tableau ouvre quand les organisateurs ouvrent la place du marché")
    assert org.ask("topic.propose", dict(propose, client_id=cid()))["ok"]
    assert org.ask("phase.set", {"phase": "closed"})["ok"]
    assert org.ask("topic.propose", dict(propose, client_id=cid()))["error"]["code"] == "closed"
    assert p.ask("workshop.join", {"workshop_id": day.workshop_id})["error"]["code"] == "closed"
    assert org.ask("phase.set", {"phase": "marketplace"})["ok"]
    assert p.ask("topic.propose", dict(propose, client_id=cid()))["ok"]
    p.close(), org.close()

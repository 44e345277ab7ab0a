"""Whatever arrives on the board, the sender gets an ack: `invalid` with the field and its message,
never silence; and a person's writes are limited across all their connections."""

import pytest

from tests.board.conftest import BoardClient, cid
from tests.board.test_socket import organiser, participant  # noqa: F401  (fixtures day, base come from there)
from tests.board.test_socket import base, day  # noqa: F401

pytestmark = pytest.mark.slow


def field_error(ack: dict, name: str) -> str:
    assert ack["ok"] is False and ack["error"]["code"] == "invalid", ack
    return " ".join(ack["error"]["fields"][name])


@pytest.mark.parametrize("title", ["Sujet\x00caché", "Sujet \ud800 cassé"])
def test_text_that_cannot_be_stored_is_invalid_with_a_message(base, day, title):
    a = participant(base, day, 1)
    ack = a.ask("topic.propose", {"question_id": day.question_id, "title": title, "client_id": cid()})
    assert "ne peuvent pas être enregistrés" in field_error(ack, "title")
    a.close()


def test_a_title_of_invisible_characters_is_empty(base, day):
    a = participant(base, day, 1)
    ack = a.ask(
        "topic.propose", {"question_id": day.question_id, "title": "\u200b\u200b\u200b\u200b", "client_id": cid()}
    )
    assert "trop court" in field_error(ack, "title")
    a.close()


def test_a_client_id_that_is_not_a_uuid_is_invalid(base, day):
    a = participant(base, day, 1)
    ack = a.ask("topic.propose", {"question_id": day.question_id, "title": "Un sujet", "client_id": "pas-un-uuid"})
    assert "UUID" in field_error(ack, "client_id")
    a.close()


@pytest.mark.parametrize(
    "event, data",
    [
        ("workshop.join", {"workshop_id": 1180591620717411303424}),
        ("topic.vote", {"topic_id": 2**63, "vote": True}),
        ("workshop.join", {"workshop_id": -1}),
        ("workshop.join", {"workshop_id": "1"}),
    ],
)
def test_numbers_beyond_any_row_are_answered(base, day, event, data):
    a = participant(base, day, 1)
    ack = a.ask(event, data)
    assert ack["ok"] is False and ack["error"]["code"] in ("invalid", "not_found") and ack["error"]["message"]
    a.close()


def test_seats_beyond_the_limit_are_invalid(base, day):
    o = organiser(base, day)
    ack = o.ask(
        "workshop.create",
        {"title": "Grand", "slot_id": day.slot_id, "space_id": day.second_space_id, "capacity": 10**30},
    )
    assert "100000" in field_error(ack, "capacity").replace("\u202f", "").replace(" ", "")
    o.close()


def test_any_data_gets_an_ack(base, day):
    a = participant(base, day, 1)
    for data in (None, [], "texte", 12, {"workshop_id": None}, {"workshop_id": {"a": [1, 2]}}):
        ack = a.ask("workshop.join", data)
        assert ack["ok"] is False and ack["error"]["code"] in ("invalid", "not_found"), data
    a.close()


def test_the_write_limit_holds_per_person_across_connections(base, day):
    tabs = [participant(base, day, 1) for _ in range(3)]
    codes = []
    for n in range(30):
        ack = tabs[n % 3].ask(
            "topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()}
        )
        codes.append(ack.get("error", {}).get("code"))
    assert codes[:20] == [None] * 20 and set(codes[20:]) == {"rate_limited"}
    other = participant(base, day, 2)  # someone else is not slowed by them
    assert other.ask("topic.propose", {"question_id": day.question_id, "title": "Le mien", "client_id": cid()})["ok"]
    for client in (*tabs, other):
        client.close()


def raw_ack(base, day, packet: str, number: int) -> dict:
    """Send ``packet`` raw on a participant's WebSocket (no client library encodes it) and read its ack."""
    import json

    import websocket

    ws = websocket.create_connection(
        base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket", timeout=10
    )
    assert ws.recv().startswith("0{")
    ws.send("40/board," + json.dumps({"event": day.slug, "token": day.tokens[1]}))
    while not ws.recv().startswith("40/board"):
        pass
    ws.send(f"42/board,{number}{packet}")
    while True:
        answer = ws.recv()
        if answer.startswith(f"43/board,{number}"):
            break
    ws.close()
    [ack] = json.loads(answer[len(f"43/board,{number}") :])
    return ack


def test_json_nested_too_deep_for_the_parser_gets_an_ack(base, day):
    """50,000 nested arrays as a request's data."""
    ack = raw_ack(base, day, '["workshop.join",' + "[" * 50000 + "]" * 50000 + "]", 7)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid" and ack["error"]["fields"]["data"]


def test_a_number_of_thousands_of_digits_gets_an_ack(base, day):
    """Python refuses to read an integer of more than 4,300 digits: the packet still gets its `invalid` ack."""
    ack = raw_ack(base, day, '["workshop.join",{"workshop_id": ' + "9" * 4301 + "}]", 8)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert ack["error"]["fields"]["data"] == ["Ce n’est pas du JSON lisible."]

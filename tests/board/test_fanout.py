"""Broadcasts written once per frame (forum/board/fanout.py): the frames are right and nobody's order breaks."""

import json
import socket
from types import SimpleNamespace

import gevent
import gevent.socket
import pytest
from gevent.lock import Semaphore
from gevent.queue import Queue
import websocket
from wsproto.frame_protocol import FrameProtocol, Opcode

from forum.board.fanout import WebSocket, text_frame, write_now
from tests.board.builders import make_day
from tests.board.conftest import BoardClient, cid


@pytest.mark.parametrize("text", ["42/board,[]", "é" * 100, "x" * 70_000 + "€"])
def test_text_frame_is_read_back_by_a_websocket_client(text):
    client = FrameProtocol(client=True, extensions=[])
    client.receive_bytes(text_frame(text))
    frames = list(client.received_frames())
    assert len(frames) == 1
    assert frames[0].opcode == Opcode.TEXT and frames[0].message_finished and frames[0].payload == text


class _FramedSocket:
    """What gevent-websocket's WebSocket does with ``send``: frame the text and write it."""

    closed = False

    def __init__(self, sock):
        self.sock = sock

    def send(self, text):
        self.sock.sendall(text_frame(text))


def test_a_broadcast_does_not_overtake_a_packet_waiting_for_the_connection_s_lock():
    mine, theirs = gevent.socket.socketpair()
    websocket_ = WebSocket.__new__(WebSocket)
    websocket_.write_lock, websocket_.waiting, websocket_.os_socket = Semaphore(), 0, mine
    websocket_._sock = _FramedSocket(mine)
    eio_socket = SimpleNamespace(
        upgraded=True, upgrading=False, closing=False, closed=False, queue=Queue(), fanout_websocket=websocket_
    )
    websocket_.write_lock.acquire()  # the end of a frame being written (fanout._finish holds the lock)
    writer = gevent.spawn(websocket_.send, "change 174")  # Engine.IO's writer took the next packet from the queue
    gevent.sleep(0)  # ... and waits for the lock
    websocket_.write_lock.release()  # the frame is finished; the writer has not run yet
    assert write_now(eio_socket, text_frame("change 175")) is False  # so 175 goes to the queue, after 174
    writer.join(timeout=5)
    assert theirs.recv(100) == text_frame("change 174")
    mine.close(), theirs.close()


@pytest.fixture
def board_rate():
    return "1000 per 10 seconds"


@pytest.fixture
def day(board_env):
    app, base = board_env
    with app.app_context():
        return make_day()


class SlowPhone:
    """A raw Engine.IO/Socket.IO WebSocket connection with a tiny receive buffer, read only when asked."""

    def __init__(self, base: str, auth: dict):
        url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        self.ws = websocket.create_connection(url, timeout=20, sockopt=[(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)])
        assert self.ws.recv().startswith("0")  # Engine.IO open
        self.ws.send("40/board," + json.dumps(auth))
        first, second = sorted([self.ws.recv(), self.ws.recv()])  # /board's connect and the snapshot, in any order
        assert first.startswith("40/board,") and second.startswith('42/board,["snapshot",')
        self.seq = json.loads(second.split(",", 1)[1])[1]["seq"]

    def changes(self, count: int) -> list[dict]:
        changes = []
        while len(changes) < count:
            message = self.ws.recv()
            if message == "2":
                self.ws.send("3")
            elif message.startswith("42/board,"):
                name, data = json.loads(message.split(",", 1)[1])
                assert name == "change"
                changes.append(data)
        return changes


N = 300


@pytest.mark.slow
def test_a_phone_that_stops_reading_gets_every_change_in_order_and_holds_nobody_up(board_env, day):
    _, base = board_env
    slow = SlowPhone(base, {"event": day.slug, "token": day.tokens[1]})
    reader = BoardClient(base, {"event": day.slug, "token": day.tokens[2]})
    organiser = BoardClient(base, {"event": day.slug, "api_key": day.api_key})
    texts = [
        f"Synthèse {n} : " + "la médiation sociale, un outil pour répondre à des besoins. " * (n % 4 * 120)
        for n in range(N)
    ]
    texts = [text[:20000].strip() for text in texts]
    for text in texts:  # 5 MB in all, from a few bytes to 25 KB a frame: more than the kernel buffers hold
        organiser.sio.emit("synthesis.update", {"workshop_id": day.workshop_id, "text": text}, namespace="/board")
    received = reader.wait_for(N, timeout=60)  # the phone that reads got everything meanwhile
    assert [c["seq"] for c in received] == list(range(slow.seq + 1, slow.seq + N + 1))
    assert sorted(c["data"]["text"] for c in received) == sorted(texts)
    assert slow.changes(N) == received  # the phone that did not read gets the same frames, whole, in order
    reader.close(), organiser.close()


@pytest.mark.slow
def test_long_polling_and_websocket_phones_get_the_same_changes_in_order(board_env, day):
    _, base = board_env
    polling = BoardClient(base, {"event": day.slug, "token": day.tokens[1]}, transports=("polling",))
    upgraded = BoardClient(base, {"event": day.slug, "token": day.tokens[2]}, transports=("polling", "websocket"))
    organiser = BoardClient(base, {"event": day.slug, "api_key": day.api_key})
    for n in range(20):
        organiser.ask("topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()})
    for client in (polling, upgraded, organiser):
        seqs = [c["seq"] for c in client.wait_for(20)]
        assert seqs == list(range(client.snapshot["seq"] + 1, client.snapshot["seq"] + 21))
        client.close()


def test_the_gevent_server_writes_broadcasts_with_the_fanout_and_other_modes_do_not(tmp_path):
    from forum import create_app
    from forum.board import fanout
    from forum.extensions import socketio

    url = f"sqlite:///{tmp_path / 'x.db'}"
    create_app("testing", SQLALCHEMY_DATABASE_URI=url, SOCKETIO_ASYNC_MODE="gevent")
    assert type(socketio.server.manager) is fanout.FanoutManager
    assert socketio.server.eio._async["websocket"] is fanout.WebSocket
    create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=url,
        SOCKETIO_ASYNC_MODE="gevent",
        SOCKETIO_MESSAGE_QUEUE="redis://127.0.0.1:1/0",
    )
    assert type(socketio.server.manager) is fanout.FanoutRedisManager
    create_app("testing", SQLALCHEMY_DATABASE_URI=url)  # threading, as the rest of the suite runs
    assert type(socketio.server.manager).__name__ == "Manager"
    assert socketio.server.eio._async["websocket"] is not fanout.WebSocket

"""A real board server (`python -m forum.serve`, gevent) and python-socketio clients."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import socketio

from forum import create_app
from forum.extensions import db
from tests.servers import start_app_process, stop

SECRET = "board-tests-secret-of-at-least-32-chars"


@pytest.fixture
def board_rate() -> str:
    """The per-connection write limit of the server (a test module may override it)."""
    return "20 per 10 seconds"


@pytest.fixture
def board_env(tmp_path, board_rate):
    """(app bound to the server's database, server URL)."""
    url = f"sqlite:///{tmp_path / 'board.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET, MAIL_OUTBOX_DIR=str(tmp_path / "out"))
    with app.app_context():
        db.create_all()
    env = {
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "MAIL_OUTBOX_DIR": str(tmp_path / "out"),
        "BOARD_RATE_LIMIT": board_rate,
        "BOARD_RESUME_WINDOW": "20",
    }
    server, base = start_app_process(env, log=open(tmp_path / "server.log", "w"))
    yield app, base
    stop(server)


class BoardClient:
    """A connected /board client that records its snapshot and the changes it receives."""

    def __init__(self, base: str, auth: dict, transports=("websocket",)):
        self.sio = socketio.Client(reconnection=False)
        self.snapshot = None
        self.changes: list[dict] = []
        self.got_snapshot = threading.Event()
        self.sio.on("snapshot", self._on_snapshot, namespace="/board")
        self.sio.on("change", self.changes.append, namespace="/board")
        self.sio.connect(base, namespaces=["/board"], auth=auth, transports=list(transports), wait_timeout=10)
        assert self.got_snapshot.wait(10), "no snapshot"

    def _on_snapshot(self, data):
        self.snapshot = data
        self.got_snapshot.set()

    def ask(self, event: str, data: dict | None = None) -> dict:
        return self.sio.call(event, data or {}, namespace="/board", timeout=20)

    def wait_for(self, count: int, timeout: float = 10) -> list[dict]:
        end = time.time() + timeout
        while len(self.changes) < count and time.time() < end:
            time.sleep(0.02)
        return self.changes

    def close(self):
        self.sio.disconnect()


def refused(base: str, auth: dict) -> dict:
    """The connect_error data of a refused connection."""
    sio = socketio.Client(reconnection=False)
    errors = []
    sio.on("connect_error", errors.append, namespace="/board")
    try:
        sio.connect(base, namespaces=["/board"], auth=auth, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        pass
    finally:
        if sio.connected:
            sio.disconnect()
    assert errors, "the connection was accepted"
    data = errors[0]
    return data.get("data", data) if isinstance(data, dict) and "code" not in data else data


def cid() -> str:
    return str(uuid.uuid4())

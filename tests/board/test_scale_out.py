"""Two server processes share one event through Redis: changes reach every client, in seq order, once."""

import shutil
import subprocess
import time

import pytest

from tests.board.builders import make_day
from tests.board.conftest import SECRET, BoardClient, cid
from tests.servers import free_port, start_app_process, stop

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server not found (.ci/run installs it)")
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.3)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def test_changes_cross_processes_in_order_exactly_once(tmp_path, redis_url):
    from forum import create_app
    from forum.extensions import db

    url = f"sqlite:///{tmp_path / 'two.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        db.create_all()
        day = make_day()
    servers, bases = [], []
    try:
        for _ in range(2):
            server, base = start_app_process(
                {
                    "DATABASE_URL": url,
                    "SECRET_KEY": SECRET,
                    "SOCKETIO_MESSAGE_QUEUE": redis_url,
                    "MAIL_OUTBOX_DIR": str(tmp_path / "out"),
                }
            )
            servers.append(server)
            bases.append(base)
        writer = BoardClient(bases[0], {"event": day.slug, "token": day.tokens[1]})
        reader = BoardClient(bases[1], {"event": day.slug, "token": day.tokens[2]})
        local = BoardClient(bases[0], {"event": day.slug, "token": day.tokens[0]})
        start = reader.snapshot["seq"]
        for n in range(10):
            assert writer.ask(
                "topic.propose", {"question_id": day.question_id, "title": f"Sujet {n}", "client_id": cid()}
            )["ok"]
        for client in (reader, local):
            client.wait_for(10)
            time.sleep(0.5)
            assert [c["seq"] for c in client.changes] == list(range(start + 1, start + 11))
            assert [c["data"]["title"] for c in client.changes] == [f"Sujet {n}" for n in range(10)]
        for c in (writer, reader, local):
            c.close()
    finally:
        for server in servers:
            stop(server)


def test_concurrent_votes_through_two_processes_are_all_counted(tmp_path):
    """Each request re-reads what it changes under the board's lock: no lost update between processes."""
    import threading

    from forum import create_app
    from forum.extensions import db

    url = f"sqlite:///{tmp_path / 'votes.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
    with app.app_context():
        db.create_all()
        day = make_day(participants=16)
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET, "MAIL_OUTBOX_DIR": str(tmp_path / "out")}
    servers = [start_app_process(env) for _ in range(2)]
    try:
        clients = [BoardClient(servers[n % 2][1], {"event": day.slug, "token": day.tokens[n]}) for n in range(16)]
        topic = clients[0].ask("topic.propose", {"question_id": day.question_id, "title": "Sujet", "client_id": cid()})[
            "topic"
        ]
        barrier = threading.Barrier(16)

        def vote(client):
            barrier.wait()
            assert client.ask("topic.vote", {"topic_id": topic["id"], "vote": True})["ok"]

        threads = [threading.Thread(target=vote, args=(c,)) for c in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        final = clients[1].ask("snapshot")["snapshot"]
        assert [t["votes"] for t in final["topics"] if t["id"] == topic["id"]] == [16]
        for c in clients:
            c.close()
    finally:
        for server, _ in servers:
            stop(server)

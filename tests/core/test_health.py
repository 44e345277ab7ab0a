"""/healthz says whether the database and Redis answer, and names what is down (issue 24)."""

import pytest

from tests.servers import free_port


def test_healthz_is_ok_when_the_database_answers(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json() == {"status": "ok", "down": [], "checks": {"database": "ok"}}


def test_healthz_names_redis_when_it_does_not_answer(app, client):
    app.config["SOCKETIO_MESSAGE_QUEUE"] = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    answer = client.get("/healthz")
    body = answer.get_json()
    assert answer.status_code == 503 and body["down"] == ["redis"] and body["checks"]["database"] == "ok"
    assert body["checks"]["redis"].startswith("down")


@pytest.mark.slow
def test_healthz_names_redis_ok_when_it_answers(app, client):
    import shutil
    import subprocess
    import time

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server not found (.ci/run installs it)")
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    try:
        time.sleep(0.5)
        app.config["SOCKETIO_MESSAGE_QUEUE"] = f"redis://127.0.0.1:{port}/0"
        assert client.get("/healthz").get_json()["checks"] == {"database": "ok", "redis": "ok"}
    finally:
        server.terminate()
        server.wait(10)

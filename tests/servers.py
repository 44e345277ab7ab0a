"""Real servers for the tests: the app over HTTP in a thread, PostgreSQL as an unprivileged user."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager

from werkzeug.serving import make_server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def http_server(app):
    """The app served by a threaded werkzeug server on 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.request_queue_size = 512
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def postgres_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return os.path.dirname(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(pg_ctl) if pg_ctl else None


@contextmanager
def postgres_server():
    """A throw-away PostgreSQL cluster on a free port; yields a SQLAlchemy URL.

    PostgreSQL refuses to run as root, so as root the cluster runs as ``nobody``.
    """
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found")
    as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
    root = tempfile.mkdtemp(prefix="forum-pg-")
    os.chmod(root, 0o777)
    data = os.path.join(root, "data")
    port = free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [*as_user, f"{bindir}/initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        env=env,
    )
    subprocess.run(
        [
            *as_user,
            f"{bindir}/pg_ctl",
            "-D",
            data,
            "-l",
            os.path.join(root, "log"),
            "-w",
            "start",
            "-o",
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off",
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    try:
        subprocess.run(
            [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "forum"],
            check=True,
            capture_output=True,
            env=env,
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/forum"
    finally:
        subprocess.run(
            [*as_user, f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "stop"], capture_output=True, env=env
        )
        time.sleep(0.2)
        shutil.rmtree(root, ignore_errors=True)


def wait_http(base: str, seconds: float = 15) -> None:
    """Until the server at ``base`` answers."""
    import requests

    end = time.time() + seconds
    while time.time() < end:
        try:
            requests.get(base + "/", timeout=5)
            return
        except requests.RequestException:  # not listening yet, or its first answer still on the way
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not start")


def start_app_process(env: dict, log=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """A real server process (`python -m forum.serve`, gevent) with ``env`` added; returns (process, base URL)."""
    import sys

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "forum.serve"],
        env={**os.environ, **env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    wait_http(base)
    return proc, base


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()

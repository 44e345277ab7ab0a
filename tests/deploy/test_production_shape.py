"""The production shape of deploy/, run on this machine on loopback (issue 24): Debian's nginx with the rendered
deploy/nginx/forum.conf, two gunicorn processes (gevent-websocket worker), Redis, PostgreSQL, the mail worker.
Through nginx: compression and immutable static files, a registration rush, a board change reaching phones
on both processes (WebSocket and long-polling), one process killed during a rush, a backup restored, and
/healthz naming PostgreSQL when it stops."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.servers import free_port, postgres_bin, postgres_server, stop, wait_http

pytestmark = [pytest.mark.slow, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
SECRET = "production-shape-test-secret-of-more-than-32-characters"


def _need(*programs):
    for program in programs:
        if shutil.which(program) is None:
            pytest.skip(f"{program} not found (.ci/run installs it)")
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")


def _nginx_conf(folder: Path, listen: int, ports: list[int]) -> Path:
    sys.path.insert(0, str(ROOT / "deploy"))
    from render import render

    site = render("127.0.0.1", ports, str(ROOT), f"127.0.0.1:{listen}", access_log=str(folder / "access.log"))
    conf = folder / "nginx.conf"
    conf.write_text(f"""user root;
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{site}
}}
""")
    return conf


def _count(url: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as connection:
        return connection.execute(sql).fetchone()[0]


def test_the_production_shape_serves_a_rush_a_board_a_crash_a_backup_and_a_database_stop(tmp_path):
    _need("nginx", "redis-server")
    from forum import create_app
    from forum.board import service as board
    from forum.extensions import db
    from forum.registration import service as registration
    from tests import factories

    bindir = postgres_bin()
    with postgres_server() as url:
        redis_port, nginx_port, ports = free_port(), free_port(), [free_port(), free_port()]
        base = f"http://127.0.0.1:{nginx_port}"
        env = {
            **os.environ,
            "FORUM_ENV": "production",
            "SECRET_KEY": SECRET,
            "DATABASE_URL": url,
            "FORUM_BASE_URL": base,
            "SOCKETIO_MESSAGE_QUEUE": f"redis://127.0.0.1:{redis_port}/0",
            "RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{redis_port}/1",
            "TRUSTED_PROXIES": "1",
            "MAIL_WORKER": "0",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "STORAGE_DIR": str(tmp_path / "storage"),
            "FLASK_APP": "wsgi",
            "REGISTRATION_RATE_LIMIT": "100000 per minute",
            "BOARD_RATE_LIMIT": "1000 per second",
            "PATH": f"{bindir}:{os.environ['PATH']}",
            # phones on the app processes' own ports too (the test reaches each process directly)
            "BOARD_ALLOWED_ORIGINS": ",".join(f"http://127.0.0.1:{port}" for port in ports),
        }
        assert (
            subprocess.run(
                [sys.executable, "-m", "flask", "db", "upgrade"], env=env, cwd=ROOT, capture_output=True
            ).returncode
            == 0
        )  # the migrations, on PostgreSQL
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET)
        with app.app_context():
            organiser = factories.make_organiser()
            event = factories.make_event(
                organiser, slug="jour", capacity=30, registration_opens_at=None, registration_closes_at=None
            )
            from forum.board import setup

            question = setup.add_question(event, "Quels besoins ?", actor=organiser).id
            people = [registration.register(event, factories.person(900 + n)) for n in range(3)]
            tokens = [p.token for p in people]
            board.set_phase(board.identify(event, organiser=organiser), "marketplace")
            db.session.remove()
        processes = [
            subprocess.Popen(
                ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )
        ]
        try:
            for port in ports:
                processes.append(
                    subprocess.Popen(
                        [
                            str(Path(sys.executable).parent / "gunicorn"),
                            "-k",
                            "geventwebsocket.gunicorn.workers.GeventWebSocketWorker",
                            "-w",
                            "1",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--no-control-socket",
                            "wsgi:app",
                        ],
                        env=env,
                        cwd=ROOT,
                        stdout=subprocess.DEVNULL,
                        stderr=open(tmp_path / f"app-{port}.log", "w"),
                        start_new_session=True,
                    )
                )
            worker = subprocess.Popen(
                [sys.executable, "-m", "flask", "forum", "mail-worker", "--idle", "0.3"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(worker)
            for port in ports:
                wait_http(f"http://127.0.0.1:{port}", 30)
            nginx = subprocess.Popen(
                ["nginx", "-c", str(_nginx_conf(tmp_path, nginx_port, ports))],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes.append(nginx)
            wait_http(base, 15)

            # health, compression and the versioned static files
            assert requests.get(f"{base}/healthz").json() == {
                "status": "ok",
                "down": [],
                "checks": {"database": "ok", "redis": "ok"},
            }
            page = requests.get(f"{base}/e/jour", headers={"Accept-Encoding": "gzip"})
            assert page.headers["Content-Encoding"] == "gzip" and "Rencontre régionale" in page.text
            css = re.search(r'href="(/static/v/\w+/css/forum.css)"', page.text).group(1)
            raw = requests.get(base + css, headers={"Accept-Encoding": "gzip"}, stream=True)
            body = raw.raw.read()
            assert (
                raw.headers["Content-Encoding"] == "gzip"
                and raw.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            )
            assert gzip.decompress(body) == (ROOT / "static/css/forum.css").read_bytes()

            # a board change made through one process reaches phones on both (WebSocket and long-polling)
            from tests.board.conftest import BoardClient

            phone_ws = BoardClient(f"http://127.0.0.1:{ports[0]}", {"event": "jour", "token": tokens[0]})
            phone_poll = BoardClient(
                f"http://127.0.0.1:{ports[1]}", {"event": "jour", "token": tokens[1]}, transports=("polling",)
            )
            writer = BoardClient(base, {"event": "jour", "token": tokens[2]})  # through nginx's WebSocket upgrade
            ack = writer.ask(
                "topic.propose",
                {"question_id": question, "title": "La médiation à l’école", "client_id": str(uuid.uuid4())},
            )
            assert ack["ok"]
            for phone in (phone_ws, phone_poll, writer):
                changes = phone.wait_for(1, 15)
                assert [c["type"] for c in changes] == ["topic.proposed"] and changes[0]["data"][
                    "title"
                ] == "La médiation à l’école"
            for phone in (phone_ws, phone_poll, writer):
                phone.close()

            # a rush through nginx: 30 seats, 120 people
            def register(n):
                answer = requests.post(
                    f"{base}/api/v1/events/jour/registrations",
                    json=factories.person(n),
                    headers={"X-Forwarded-For": f"10.9.{n // 250}.{n % 250}"},
                    timeout=60,
                )
                return n, answer.status_code

            with ThreadPoolExecutor(40) as pool:
                codes = [code for _, code in pool.map(register, range(1000, 1120))]
            assert codes.count(201) == 120
            assert _count(url, "SELECT count(*) FROM registrations WHERE status = 'confirmed'") == 30
            positions = _count(
                url,
                "SELECT string_agg(waitlist_position::text, ',' ORDER BY waitlist_position) "
                "FROM registrations WHERE status = 'waitlisted'",
            )
            assert positions == ",".join(str(n) for n in range(1, 94))  # 3 + 90: no gap

            # one process killed with SIGKILL during a rush: every acknowledged registration is there, and
            # nginx sends the next requests to the other process
            with ThreadPoolExecutor(20) as pool:
                futures = [pool.submit(register, n) for n in range(2000, 2060)]
                time.sleep(0.3)
                # the app process is gone at once, master and worker (what systemd's unit would see): killing the
                # master alone leaves its worker answering a moment longer, and a POST sent to it as it exits
                # gets a 502 that nginx may not retry (a registration is not idempotent)
                os.killpg(processes[1].pid, signal.SIGKILL)
                answered = [f.result() for f in futures]
            acknowledged = {n for n, code in answered if code == 201}
            emails = {f"personne{n}@example.org" for n in acknowledged}
            stored = (
                _count(
                    url, "SELECT count(*) FROM registrations WHERE email IN (%s)" % ",".join(f"'{e}'" for e in emails)
                )
                if emails
                else 0
            )
            assert stored == len(acknowledged)
            after = [register(n)[1] for n in range(3000, 3010)]
            assert after == [201] * 10
            confirmed = _count(url, "SELECT count(*) FROM registrations WHERE status = 'confirmed'")
            assert confirmed == 30  # never overbooked

            # a backup restored into an empty database gives the same registrations, board and audit log
            made = subprocess.run(
                [str(ROOT / "deploy/backup.sh"), str(tmp_path / "backups")], env=env, capture_output=True, text=True
            )
            assert made.returncode == 0, made.stderr
            dump = made.stdout.strip() + ".dump"
            assert os.path.exists(made.stdout.strip() + ".storage.tar.gz")  # the uploaded files beside it
            restored = url.rsplit("/", 1)[0] + "/restored"
            port = re.search(r":(\d+)/", url).group(1)
            subprocess.run(
                [f"{bindir}/createdb", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "restored"], check=True
            )
            back = subprocess.run(
                [str(ROOT / "deploy/restore.sh"), dump],
                env={**env, "DATABASE_URL": restored},
                capture_output=True,
                text=True,
            )
            assert back.returncode == 0, back.stderr
            for table in ("registrations", "board_changes", "topics", "export_records", "mail_messages"):
                query = f"SELECT count(*) FROM {table}"
                assert _count(restored, query) == _count(url, query) > 0 or table == "export_records", table
            query = "SELECT string_agg(email || ':' || status, ',' ORDER BY id) FROM registrations"
            assert _count(restored, query) == _count(url, query)

            # PostgreSQL stopped: /healthz says so, by name
            data = _count(url, "SHOW data_directory")
            as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
            subprocess.run([*as_user, f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "stop"], capture_output=True)
            answer = requests.get(f"{base}/healthz", timeout=30)
            assert answer.status_code == 503 and answer.json()["down"] == ["database"]
            assert answer.json()["checks"]["redis"] == "ok"
        finally:
            for process in reversed(processes):
                if process.poll() is None:
                    process.terminate()
                    try:
                        process.wait(10)
                    except subprocess.TimeoutExpired:
                        process.kill()

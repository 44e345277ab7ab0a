"""Fan-out benchmark of the live board with the shared harness (shared/bench/fanout).

For 250, 1,000 and 2,000 connected participants of one event, one sender posts
50 contributions at 5 per second; every receiver records each delivery.
Measured in the same run: Node.js socket.io 4.8 and a bare Flask-SocketIO
(gevent) server from shared/bench/fanout/servers, then Forum's real board
(`python -m forum.serve`, gevent: database write, permission checks, seq log)
on one process, and on two processes sharing Redis. Prints one table and the
ratios; `--write` appends them to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT.parent / "shared" / "bench" / "fanout"
SCRATCH = ROOT / "bench" / ".scratch"
sys.path.insert(0, str(ROOT))

from tests.servers import free_port  # noqa: E402

LINE = re.compile(r"(\w+)=([^\s]+)")


def node_modules() -> Path:
    """socket.io and socket.io-client 4.8 for the Node reference server and harness (installed once)."""
    modules = SCRATCH / "node_modules"
    if not (modules / "socket.io-client").exists():
        SCRATCH.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--no-audit", "--no-fund", "socket.io@4.8", "socket.io-client@4.8"],
            cwd=SCRATCH,
            check=True,
            capture_output=True,
        )
    return modules


def wait_port(port: int, seconds: float = 20) -> None:
    import socket

    end = time.time() + seconds
    while time.time() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def harness_node(
    url: str,
    clients: int,
    pid: int | str,
    auth_file: Path | None = None,
    post: dict | None = None,
    urls: list[str] | None = None,
) -> dict:
    """Node receivers (`fanout.js`): on one server (``url``), or spread over several (``urls``, pids "P1,P2")."""
    cmd = [
        "node",
        str(HARNESS / "fanout.js"),
        "--url",
        url,
        "--clients",
        str(clients),
        "--messages",
        "50",
        "--rate",
        "5",
        "--server-pid",
        str(pid),
        "--timeout",
        "60",
    ]
    if urls:
        cmd += ["--urls", ",".join(urls)]
    if auth_file:
        cmd += ["--auth-file", str(auth_file), "--post-event", "contribution.post", "--post-data", json.dumps(post)]
    out = (
        subprocess.run(
            cmd, capture_output=True, text=True, timeout=400, env={**os.environ, "NODE_PATH": str(node_modules())}
        )
        .stdout.strip()
        .splitlines()
    )
    return dict(LINE.findall(out[-1])) if out else {"error": "no output"}


def stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def reference(mode: str, clients: int) -> dict:
    port = free_port()
    if mode == "node":
        proc = subprocess.Popen(
            ["node", str(HARNESS / "servers" / "node_server.js"), str(port)],
            env={**os.environ, "NODE_PATH": str(node_modules())},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    else:
        proc = subprocess.Popen(
            [sys.executable, str(HARNESS / "servers" / "py_server.py"), str(port), mode],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        wait_port(port)
        return harness_node(f"http://127.0.0.1:{port}", clients, proc.pid)
    finally:
        stop(proc)


def prepare_forum(db_url: str, people: int, secret: str) -> tuple[list[dict], dict]:
    """An event in its workshops phase with ``people`` confirmed participants; returns (auths, post data)."""
    from forum import create_app
    from forum.board import service as board, setup
    from forum.core.tokens import hash_token
    from forum.extensions import db
    from forum.registration.models import Registration
    from forum.registration.service import personal_token
    from tests import factories

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=secret)
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        event = factories.make_event(
            organiser,
            slug="bench",
            capacity=people + 10,
            registration_opens_at=None,
            registration_closes_at=None,
            programme=False,
        )
        question = setup.add_question(event, "Quels besoins ?", actor=organiser)
        workshop = factories.make_workshop(event, organiser, question=question, capacity=people + 10)
        rows = []
        for n in range(people + 1):  # bulk: the registration rules are measured by the rush benchmark
            r = Registration(
                event_id=event.id,
                public_id=f"bench-{n:05d}-0000-0000-000000000000",
                token_version=1,
                token_hash="",
                first_name=f"P{n}",
                last_name=f"N{n}",
                email=f"p{n}@example.org",
                organisation="Bench",
                role="mediateur",
                status="confirmed",
                locale="fr",
                ical_sequence=0,
            )
            r.token_hash = hash_token(personal_token(r))
            rows.append(r)
        db.session.add_all(rows)
        db.session.commit()
        actor = board.identify(event, organiser=organiser)
        board.set_phase(actor, "workshops")
        board.join_workshop(board.identify(event, registration=rows[0]), workshop.id)
        auths = [{"event": "bench", "token": personal_token(r)} for r in rows]
        return auths, {"workshop_id": workshop.id}


def forum_servers(db_url: str, count: int, secret: str, queue: str | None) -> tuple[list, list[str]]:
    procs, urls = [], []
    for _ in range(count):
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "SECRET_KEY": secret,
            "PORT": str(port),
            "BOARD_RATE_LIMIT": "1000 per second",
            "MAIL_OUTBOX_DIR": "/tmp/forum-bench-outbox",
        }
        if queue:
            env["SOCKETIO_MESSAGE_QUEUE"] = queue
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "forum.serve"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
        wait_port(port)
    return procs, urls


def forum(clients: int, processes: int) -> dict:
    secret = "bench-secret-of-at-least-32-characters"
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/board.db"
        auths, post = prepare_forum(db_url, clients, secret)
        auth_file = Path(tmp) / "auths.json"
        auth_file.write_text(json.dumps(auths))
        redis = None
        queue = None
        if processes > 1:
            port = free_port()
            redis = subprocess.Popen(
                [shutil.which("redis-server"), "--port", str(port), "--save", "", "--appendonly", "no"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_port(port)
            queue = f"redis://127.0.0.1:{port}/0"
        procs, urls = forum_servers(db_url, processes, secret, queue)
        try:
            if processes == 1:
                return harness_node(urls[0], clients, procs[0].pid, auth_file, post)
            # Node receivers spread over both processes (the Python ones weighed on the same 2 cores)
            return harness_node(urls[0], clients, ",".join(str(p.pid) for p in procs), auth_file, post, urls=urls)
        finally:
            for p in procs:
                stop(p)
            if redis:
                stop(redis)


def median_run(results: list[dict]) -> dict:
    """The run whose connect_s is the median (its other figures with it)."""
    ordered = sorted(results, key=lambda r: float(r.get("connect_s", "inf")))
    return ordered[(len(ordered) - 1) // 2]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="250,1000,2000")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--runs",
        type=int,
        default=3,
        help="alternated runs of Node and of Forum on one process (the machine is shared: medians)",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = []
    connects: dict[tuple[int, str], list[float]] = {}
    cpus: dict[tuple[int, str], list[float]] = {}
    for n in sizes:
        paired: dict[str, list[dict]] = {"Node socket.io 4.8": [], "Forum board, 1 process": []}
        for _ in range(args.runs):  # Node and Forum alternately: the connect_s ratio compares runs made side by side
            for name, run in (
                ("Node socket.io 4.8", lambda: reference("node", n)),
                ("Forum board, 1 process", lambda: forum(n, 1)),
            ):
                result = run()
                paired[name].append(result)
                print(n, name, result, flush=True)
        for name, results in paired.items():
            connects[(n, name)] = [float(r.get("connect_s", "nan")) for r in results]
            cpus[(n, name)] = [float(r.get("server_cpu", "nan").rstrip("%")) for r in results]
        for name, run in (
            ("bare Flask-SocketIO gevent", lambda: reference("gevent", n)),
            ("Forum board, 2 processes + Redis", lambda: forum(n, 2)),
        ):
            if "Redis" in name and not shutil.which("redis-server"):
                continue
            result = run()
            paired[name] = [result]
            print(n, name, result, flush=True)
        for name in (
            "Node socket.io 4.8",
            "bare Flask-SocketIO gevent",
            "Forum board, 1 process",
            "Forum board, 2 processes + Redis",
        ):
            if name in paired:
                runs.append((n, name, median_run(paired[name])))
    table = [
        "| clients | server | connect_s | delivered | p50 | p95 | p99 | server CPU | server RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, name, r in runs:
        table.append(
            f"| {n} | {name} | {r.get('connect_s', '')} | {r.get('delivered', r.get('error', '?'))} | "
            f"{r.get('p50', '')} | "
            f"{r.get('p95', '')} | {r.get('p99', '')} | {r.get('server_cpu', '')} | {r.get('server_rss', '')} |"
        )
    ratios = [
        "",
        "| clients | p99 Forum (1 process) / bare Flask-SocketIO | CPU Forum / Node, same deliveries (median "
        "of the pairs; "
        "each pair) | connect_s Forum / Node (each run: Node, Forum) |",
        "|---|---|---|---|",
    ]
    for n in sizes:
        by = {name: r for m, name, r in runs if m == n}
        try:
            p99 = float(by["Forum board, 1 process"]["p99"].rstrip("ms")) / float(
                by["bare Flask-SocketIO gevent"]["p99"].rstrip("ms")
            )
            pairs = [
                forum_cpu / max(node_cpu, 1)
                for node_cpu, forum_cpu in zip(cpus[(n, "Node socket.io 4.8")], cpus[(n, "Forum board, 1 process")])
            ]
            cpu = f"{statistics.median(pairs):.2f} ({', '.join(f'{x:.2f}' for x in pairs)})"
            connect = float(by["Forum board, 1 process"]["connect_s"]) / max(
                float(by["Node socket.io 4.8"]["connect_s"]), 0.1
            )
            each = ", ".join(
                f"{a:.1f}/{b:.1f}"
                for a, b in zip(connects[(n, "Node socket.io 4.8")], connects[(n, "Forum board, 1 process")])
            )
            ratios.append(f"| {n} | {p99:.2f} | {cpu} | {connect:.2f} ({each}) |")
        except (KeyError, ValueError):
            ratios.append(f"| {n} | n/a | n/a | n/a |")
    text = "\n".join(table + ratios)
    print(text)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n### Live board fan-out — {time.strftime('%Y-%m-%d')} ({machine})\n\n"
                f"50 contributions at 5/s (harness `fanout.js`; the two-process row with `fanout.js --urls … "
                "--server-pid P1,P2`: Node receivers spread over both processes). "
                f"Node and Forum on one process run {args.runs} times alternately: their rows are the run with the "
                "median connect_s.\n\n" + text + "\n"
            )


if __name__ == "__main__":
    main()

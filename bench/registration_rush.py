"""Registration rush benchmark: 1,000 registrations for 100 seats, Forum against the bare floor of its stack.

The shared client (`shared/bench/rush/rush.js`) measures, in the same run and alternately, the bare
registration server (`shared/bench/rush/bare_server.py`) and Forum (`python -m forum.serve`, gevent, its
mail worker apart as in production), on SQLite and on PostgreSQL, then Forum in as many processes as
cores on PostgreSQL. Prints registrations/s, p50/p99, overbooked seats (must be 0) and a gapless
waiting list, and the ratios against the targets; `--write` appends them to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, postgres_bin, postgres_server  # noqa: E402

EVENT = {
    "format": "forum-event/1",
    "slug": "ruee",
    "title": "Ruée",
    "timezone": "Europe/Paris",
    "starts_at": "2031-06-13T13:30",
    "ends_at": "2031-06-13T17:00",
    "capacity": 100,
    "waitlist": True,
    "status": "published",
}


def run_server(database_url: str, workdir: Path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "FLASK_APP": "wsgi",
        "MAIL_OUTBOX_DIR": str(workdir / "outbox"),
        "REGISTRATION_RATE_LIMIT": "100000 per minute",
        "SECRET_KEY": "bench-secret-of-at-least-32-characters",
        "MAIL_WORKER": os.environ.get("MAIL_WORKER", "0"),
    }
    py = sys.executable
    subprocess.run([py, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(
        [
            py,
            "-m",
            "flask",
            "forum",
            "create-organiser",
            "bench@example.org",
            "--name",
            "Bench",
            "--password",
            "bench-password",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    path = workdir / "event.json"
    path.write_text(json.dumps(EVENT))
    subprocess.run(
        [py, "-m", "flask", "forum", "import-event", str(path), "--organiser", "bench@example.org"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    token = subprocess.run(
        [py, "-m", "flask", "forum", "api-token", "bench@example.org"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    server = subprocess.Popen(
        [py, "-m", "forum.serve"],
        cwd=ROOT,
        env=env | {"PORT": str(port)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{base}/api/v1/events", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return server, base, token


SHARED = ROOT.parent / "shared" / "bench" / "rush"


def rush(urls: list[str], total: int, clients: int, pids: list[int]) -> dict:
    """The shared Node client (shared/bench/rush/rush.js), one line parsed."""
    out = subprocess.run(
        [
            "node",
            str(SHARED / "rush.js"),
            "--urls",
            ",".join(urls),
            "--total",
            str(total),
            "--clients",
            str(clients),
            "--server-pid",
            ",".join(map(str, pids)),
            "--timeout",
            "600",
        ],
        capture_output=True,
        text=True,
        timeout=700,
    ).stdout.strip()
    fields = dict(part.split("=", 1) for part in out.split(" ") if "=" in part)
    return {
        "total": total,
        "clients": clients,
        "per_second": float(fields["per_s"]),
        "p50_ms": float(fields["p50"].rstrip("ms")),
        "p99_ms": float(fields["p99"].rstrip("ms")),
        "statuses": json.loads(fields["statuses"]),
        "server_cpu": fields.get("server_cpu", "n/a"),
    }


def check(base: str, token: str | None, capacity: int) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    rows = requests.get(f"{base}/api/v1/events/ruee/registrations", headers=headers, timeout=60).json()
    confirmed = sum(1 for r in rows if r["status"] == "confirmed")
    positions = sorted(r["waitlist_position"] for r in rows if r["status"] == "waitlisted")
    return {
        "confirmed": confirmed,
        "overbooked": max(confirmed - capacity, 0),
        "waitlist_ok": positions == list(range(1, len(positions) + 1)),
        "waitlisted": len(positions),
    }


def wait_for(base: str, path: str = "/api/v1/events") -> None:
    for _ in range(200):
        try:
            requests.get(base + path, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{base} did not start")


def floor(url: str, total: int, clients: int, processes: int = 1) -> dict:
    """The bare registration stack (shared/bench/rush/bare_server.py), same client. Each process re-creates the
    tables when it starts, so they are started one after the other before the rush."""
    servers, bases = [], []
    for _ in range(processes):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, str(SHARED / "bare_server.py"), str(port), str(EVENT["capacity"])],
                env={**os.environ, "DATABASE_URL": url},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
        wait_for(bases[-1], "/api/v1/events/ruee/registrations")
    try:
        return rush(bases, total, clients, [s.pid for s in servers]) | check(bases[0], None, EVENT["capacity"])
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)


def forum(url: str, workdir: Path, total: int, clients: int, processes: int = 1) -> dict:
    """Forum (`python -m forum.serve`, its mail worker apart as in production) in ``processes`` processes."""
    server, base, token = run_server(url, workdir)
    servers, bases = [server], [base]
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MAIL_OUTBOX_DIR": str(workdir / "outbox"),
        "SECRET_KEY": "bench-secret-of-at-least-32-characters",
        "REGISTRATION_RATE_LIMIT": "100000 per minute",
        "MAIL_WORKER": "0",
    }
    for _ in range(processes - 1):
        port = free_port()
        servers.append(
            subprocess.Popen(
                [sys.executable, "-m", "forum.serve"],
                cwd=ROOT,
                env=env | {"PORT": str(port)},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        bases.append(f"http://127.0.0.1:{port}")
        wait_for(bases[-1])
    try:
        return rush(bases, total, clients, [s.pid for s in servers]) | check(base, token, EVENT["capacity"])
    finally:
        for s in servers:
            s.terminate()
            s.wait(10)


def rates(runs: list[dict]) -> str:
    return ", ".join(f"{r['per_second']:.0f}" for r in runs)


def median_run(runs: list[dict]) -> dict:
    """The run with the median registrations/s."""
    return sorted(runs, key=lambda r: r["per_second"])[len(runs) // 2]


def row(name: str, r: dict) -> str:
    waiting = f"1…{r['waitlisted']} without gaps" if r["waitlist_ok"] else "GAPS"
    return (
        f"| {name} | {r['per_second']:.1f} | {r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['server_cpu']} | "
        f"{r['confirmed']} | **{r['overbooked']}** | {waiting} | {r['statuses']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="alternated runs of the floor and of Forum")
    parser.add_argument("--write", action="store_true", help="append the figures to docs/performance.md")
    parser.add_argument("--only-sqlite", action="store_true", help="SQLite only (no PostgreSQL rows)")
    args = parser.parse_args()
    cores = os.cpu_count() or 2
    rows, verdicts, results = [], [], []
    databases = [("SQLite", None)] + ([("PostgreSQL", "pg")] if postgres_bin() and not args.only_sqlite else [])
    for name, kind in databases:
        bares, ones, withs = [], [], []
        for _ in range(args.rounds):  # alternated, each on a fresh database: the machine's noise hits both alike
            with tempfile.TemporaryDirectory() as tmp:
                if kind is None:
                    bares.append(floor(f"sqlite:///{tmp}/bare.db", args.total, args.clients))
                    ones.append(forum(f"sqlite:///{tmp}/forum.db", Path(tmp), args.total, args.clients))
                    # `make run`'s shape: its mail worker on (a child process) composing the confirmations
                    os.environ["MAIL_WORKER"] = "1"
                    try:
                        withs.append(forum(f"sqlite:///{tmp}/forum-worker.db", Path(tmp), args.total, args.clients))
                    finally:
                        os.environ["MAIL_WORKER"] = "0"
                else:
                    with postgres_server() as url:
                        bares.append(floor(url, args.total, args.clients))
                    with postgres_server() as url:
                        ones.append(forum(url, Path(tmp), args.total, args.clients))
        several = bare_several = None
        if kind is not None:
            with postgres_server() as url:
                bare_several = floor(url, args.total, args.clients, processes=cores)
            with tempfile.TemporaryDirectory() as tmp, postgres_server() as url:
                several = forum(url, Path(tmp), args.total, args.clients, processes=cores)
        bare, one = median_run(bares), median_run(ones)
        results += bares + ones + ([several, bare_several] if several else [])
        rows += [row(f"{name}: bare floor, 1 process", bare), row(f"{name}: Forum, 1 process", one)]
        if withs:
            worker = median_run(withs)
            results += withs
            rows.append(row(f"{name}: Forum, 1 process, make run's mail worker on", worker))
            w_speed, w_tail = worker["per_second"] / bare["per_second"], worker["p99_ms"] / bare["p99_ms"]
            verdicts.append(
                f"- {name}, `make run`'s shape (its mail worker composing every confirmation during the "
                f"rush): **{w_speed:.2f}×** the floor's registrations/s (target ≥ 0.5: "
                f"{'met' if w_speed >= 0.5 else 'missed'}), p99 **{w_tail:.2f}×** the floor's (target ≤ 2: "
                f"{'met' if w_tail <= 2 else 'missed'}); runs: {rates(withs)}/s."
            )
        speed, tail = one["per_second"] / bare["per_second"], one["p99_ms"] / bare["p99_ms"]
        verdicts.append(
            f"- {name}, one process (median of {args.rounds} alternated runs): Forum reaches "
            f"**{speed:.2f}×** the floor's registrations/s (target ≥ 0.60: {'met' if speed >= 0.6 else 'missed'}), "
            f"p99 **{tail:.2f}×** the floor's (target ≤ 2: {'met' if tail <= 2 else 'missed'}); "
            f"runs: floor {rates(bares)}/s, Forum {rates(ones)}/s."
        )
        if several:
            rows.append(row(f"{name}: bare floor, {cores} processes", bare_several))
            rows.append(row(f"{name}: Forum, {cores} processes", several))
            scale = several["per_second"] / one["per_second"]
            bare_scale = bare_several["per_second"] / bare["per_second"]
            verdicts.append(
                f"- {name}, {cores} processes: **{scale:.2f}×** one process "
                f"(target ≥ 1.6: {'met' if scale >= 1.6 else 'missed'}); the bare floor in {cores} "
                f"processes on the same machine: {bare_scale:.2f}× its one process."
            )
    header = (
        "| server | registrations/s | p50 | p99 | server CPU | confirmed | overbooked | waiting list | HTTP |\n"
        "|---|---|---|---|---|---|---|---|---|"
    )
    table = header + "\n" + "\n".join(rows)
    print(table)
    print("\n".join(verdicts))
    if args.write:
        machine = f"{platform.machine()}, {cores} cores, Python {platform.python_version()}"
        section = (
            f"\n### Registration rush — {time.strftime('%Y-%m-%d')} ({machine})\n\n"
            f"{args.total} registrations for {EVENT['capacity']} seats from {args.clients} keep-alive clients "
            "(`shared/bench/rush/rush.js`), the bare floor (`shared/bench/rush/bare_server.py`) and Forum "
            "(`python -m forum.serve`, the JSON API; its mail worker apart, as in production) in the same "
            "run, each on a fresh database.\n\n" + table + "\n\n" + "\n".join(verdicts) + "\n"
        )
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(section)
    if any(r["overbooked"] or not r["waitlist_ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()

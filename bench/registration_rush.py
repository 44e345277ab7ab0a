"""Registration rush benchmark: 1,000 registrations for 100 seats against a running server.

Starts the real server (`python -m forum.serve`, gevent) on SQLite and on
PostgreSQL, fires the registrations through the JSON API from concurrent
clients, and prints registrations per second, p50/p99 latency and the number
of overbooked seats (must be 0). `--write` appends the figures to
docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, postgres_bin, postgres_server  # noqa: E402

EVENT = {
    "format": "forum-event/1", "slug": "ruee", "title": "Ruée", "timezone": "Europe/Paris",
    "starts_at": "2031-06-13T13:30", "ends_at": "2031-06-13T17:00", "capacity": 100, "waitlist": True,
    "status": "published",
}


def run_server(database_url: str, workdir: Path):
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi", "MAIL_OUTBOX_DIR": str(workdir / "outbox"),
           "REGISTRATION_RATE_LIMIT": "100000 per minute", "SECRET_KEY": "bench"}
    py = sys.executable
    subprocess.run([py, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([py, "-m", "flask", "forum", "create-organiser", "bench@example.org", "--name", "Bench",
                    "--password", "bench-password"], cwd=ROOT, env=env, check=True, capture_output=True)
    path = workdir / "event.json"
    path.write_text(json.dumps(EVENT))
    subprocess.run([py, "-m", "flask", "forum", "import-event", str(path), "--organiser", "bench@example.org"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    token = subprocess.run([py, "-m", "flask", "forum", "api-token", "bench@example.org"], cwd=ROOT, env=env,
                           check=True, capture_output=True, text=True).stdout.strip()
    port = free_port()
    server = subprocess.Popen([py, "-m", "forum.serve"], cwd=ROOT, env=env | {"PORT": str(port)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            requests.get(f"{base}/api/v1/events", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return server, base, token


def rush(base: str, total: int, clients: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    counter = iter(range(total))

    def worker():
        session = requests.Session()
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            body = {"first_name": f"P{n}", "last_name": f"N{n}", "email": f"p{n}@example.org",
                    "organisation": "Bench", "role": "mediateur", "consent": True}
            start = time.perf_counter()
            response = session.post(f"{base}/api/v1/events/ruee/registrations", json=body, timeout=120)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    latencies.sort()
    return {"total": total, "clients": clients, "seconds": wall, "per_second": total / wall,
            "p50_ms": 1000 * statistics.median(latencies), "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
            "statuses": statuses}


def check(base: str, token: str) -> dict:
    rows = requests.get(f"{base}/api/v1/events/ruee/registrations", headers={"Authorization": f"Bearer {token}"},
                        timeout=60).json()
    confirmed = sum(1 for r in rows if r["status"] == "confirmed")
    positions = sorted(r["waitlist_position"] for r in rows if r["status"] == "waitlisted")
    return {"confirmed": confirmed, "overbooked": max(confirmed - EVENT["capacity"], 0),
            "waitlist_ok": positions == list(range(1, len(positions) + 1)), "waitlisted": len(positions)}


def bench(name: str, url: str, workdir: Path, total: int, clients: int) -> dict:
    server, base, token = run_server(url, workdir)
    try:
        result = rush(base, total, clients) | check(base, token)
    finally:
        server.terminate()
        server.wait(10)
    result["database"] = name
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--total", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--write", action="store_true", help="append the figures to docs/performance.md")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(bench("SQLite", f"sqlite:///{tmp}/bench.db", Path(tmp), args.total, args.clients))
    if postgres_bin():
        with postgres_server() as url, tempfile.TemporaryDirectory() as tmp:
            results.append(bench("PostgreSQL", url, Path(tmp), args.total, args.clients))
    lines = [f"| {r['database']} | {r['total']} / {EVENT['capacity']} seats, {r['clients']} clients | "
             f"{r['per_second']:.0f} | {r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['confirmed']} | "
             f"**{r['overbooked']}** | {'1…' + str(r['waitlisted']) + ' without gaps' if r['waitlist_ok'] else 'GAPS'} | "
             f"{r['statuses']} |" for r in results]
    header = ("| database | rush | registrations/s | p50 | p99 | confirmed | overbooked | waiting list | HTTP statuses |\n"
              "|---|---|---|---|---|---|---|---|---|")
    table = header + "\n" + "\n".join(lines)
    print(table)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        section = (f"\n### Registration rush — {time.strftime('%Y-%m-%d')} ({machine})\n\n"
                   "`python -m forum.serve` (Flask-SocketIO on gevent, one process), the JSON API, "
                   "e-mails to the outbox.\n\n" + table + "\n")
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(section)
    if any(r["overbooked"] or not r["waitlist_ok"] for r in results):
        sys.exit(1)


if __name__ == "__main__":
    main()

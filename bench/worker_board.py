"""The board while `make run`'s mail worker composes 500 certificates (issue 24).

500 phones on the board of `python -m forum.serve` (its mail worker on: a child process), 50 contributions at
5/s (the shared harness `fanout.js`), alternately: nothing to send, and 500 certificates of attendance just
issued (500 e-mails, each with its PDF, composed by the worker during the run). Target: the board's delivery
p99 with the certificates at most 1.5x its p99 without them. `--write` appends the figures to
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout_board import forum_servers, harness_node, prepare_forum, stop  # noqa: E402

SECRET = "bench-secret-of-at-least-32-characters"


def held_and_arrived(db_url: str) -> None:
    """The bench's day began two hours ago and everyone is checked in (certificates can be issued)."""
    from forum import create_app
    from forum.core.models import utcnow
    from forum.events.service import get_event
    from forum.extensions import db
    from forum.registration.models import Registration

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=SECRET)
    with app.app_context():
        event = get_event("bench")
        event.starts_at, event.ends_at = utcnow() - timedelta(hours=2), utcnow() + timedelta(hours=4)
        db.session.execute(
            db.update(Registration).where(Registration.event_id == event.id).values(checked_in_at=utcnow())
        )
        db.session.commit()


def issue_certificates(db_url: str) -> int:
    from forum import create_app
    from forum.certificates import service as certificates
    from forum.events.service import get_event

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=SECRET)
    with app.app_context():
        event = get_event("bench")
        return certificates.issue_to_attendees(event, actor=event.organisers[0])


def pending(db_url: str) -> int:
    from forum import create_app
    from forum.extensions import db
    from forum.mail.models import MailMessage

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=SECRET)
    with app.app_context():
        return db.session.scalar(
            db.select(db.func.count()).select_from(MailMessage).where(MailMessage.status.in_(("pending", "sending")))
        )


def run(phones: int, with_certificates: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/board.db"
        auths, post = prepare_forum(db_url, phones, SECRET)
        held_and_arrived(db_url)
        auth_file = Path(tmp) / "auths.json"
        auth_file.write_text(json.dumps(auths))
        os.environ["MAIL_WORKER"] = "1"
        procs, urls = forum_servers(db_url, 1, SECRET, None)
        try:
            issued = issue_certificates(db_url) if with_certificates else 0
            result = harness_node(urls[0], phones, procs[0].pid, auth_file, post)
            result["issued"], result["still_to_send"] = issued, pending(db_url)
            return result
        finally:
            for p in procs:
                stop(p)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    quiet, loaded = [], []
    for _ in range(args.runs):  # alternated: the machine's noise hits both alike
        quiet.append(run(args.phones, False))
        print("without", quiet[-1], flush=True)
        loaded.append(run(args.phones, True))
        print("with 500 certificates", loaded[-1], flush=True)
    p99 = lambda r: float(r["p99"].rstrip("ms"))  # noqa: E731
    base, busy = statistics.median(map(p99, quiet)), statistics.median(map(p99, loaded))
    ratio = busy / base
    rows = ["| board | delivered | p50 | p99 (each run) | e-mails still to send at the end |", "|---|---|---|---|---|"]
    for name, results in (("no e-mail to compose", quiet), ("500 certificates being composed", loaded)):
        rows.append(
            f"| {name} | {results[0].get('delivered')} | "
            f"{statistics.median(float(r['p50'].rstrip('ms')) for r in results):.0f} ms | "
            f"{statistics.median(map(p99, results)):.0f} ms ({', '.join(r['p99'] for r in results)}) | "
            f"{', '.join(str(r['still_to_send']) for r in results)} |"
        )
    verdict = (
        f"Board p99 while the certificates are composed: **{ratio:.2f}×** its p99 without them "
        f"(target ≤ 1.5: {'met' if ratio <= 1.5 else 'missed'})."
    )
    text = "\n".join(rows) + "\n\n" + verdict
    print(text)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n### The board while `make run`'s worker composes 500 certificates — {time.strftime('%Y-%m-%d')} "
                f"({machine})\n\n{args.phones} phones, 50 contributions at 5/s (`fanout.js`), `python -m forum.serve` "
                f"with its mail worker (a child process at the lowest priority); {args.runs} alternated pairs "
                "(`bench/worker_board.py`).\n\n" + text + "\n"
            )


if __name__ == "__main__":
    main()

"""The plenary's live load (issue 25): 300 phones asking and supporting questions at a lively room's rate (each
phone one write every 10 s), then one poll answered by all within 20 s, against the same phones posting
contributions at the same rate (the board's reference), alternately, on `python -m forum.serve`.

Targets: every write acknowledged, 0 lost (acknowledged but never on the projector), the projector's delivery
p99 no higher than the contributions', the poll's results on the projector within 1 s of the last answer.
`--write` appends the figures to docs/performance.md.
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
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fanout_board import forum_servers, node_modules, prepare_forum, stop  # noqa: E402

SECRET = "bench-secret-of-at-least-32-characters"


def prepare(db_url: str, phones: int) -> dict:
    """The fan-out bench's day, with a round table open for questions, a poll ready, everyone in the workshop."""
    from sqlalchemy import update

    from forum import create_app
    from forum.accounts.service import issue_api_token
    from forum.board import plenary
    from forum.board import service as board
    from forum.board.models import Membership, Workshop
    from forum.events.service import get_event
    from forum.extensions import db
    from forum.registration.models import Registration
    from tests import factories

    auths, post = prepare_forum(db_url, phones, SECRET)
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=SECRET)
    with app.app_context():
        event = get_event("bench")
        organiser = event.organisers[0]
        item = factories.make_item(event, organiser, kind="round_table", title="Table ronde", overlap_allowed=True)
        actor = board.identify(event, organiser=organiser)
        plenary.open_questions(actor, item.id, True)
        poll = plenary.create_poll(
            actor,
            {
                "item_id": item.id,
                "question": "D'accord ?",
                "kind": "single",
                "choices": ["Oui", "Non", "Sans avis"],
                "client_id": str(uuid.uuid4()),
            },
        )
        workshop = db.session.get(Workshop, post["workshop_id"])
        ids = db.session.scalars(db.select(Registration.id).where(Registration.event_id == event.id)).all()
        present = set(
            db.session.scalars(db.select(Membership.registration_id).where(Membership.workshop_id == workshop.id))
        )
        db.session.add_all(
            [
                Membership(workshop_id=workshop.id, registration_id=i, slot_id=workshop.slot_id)
                for i in ids
                if i not in present
            ]
        )
        db.session.execute(
            update(Workshop).where(Workshop.id == workshop.id).values(members_count=len(ids), capacity=len(ids) + 10)
        )
        db.session.commit()
        return {
            "auths": auths[1 : phones + 1],
            "screen": board.board_of(event).screen_key,
            "item": item.id,
            "poll": poll["id"],
            "workshop": workshop.id,
            "api_key": issue_api_token(organiser),
        }


def run(phones: int, mode: str, seconds: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/board.db"
        day = prepare(db_url, phones)
        auth_file = Path(tmp) / "auths.json"
        auth_file.write_text(json.dumps(day["auths"]))
        os.environ["MAIL_WORKER"] = "0"
        procs, urls = forum_servers(db_url, 1, SECRET, None)
        try:
            out = subprocess.run(
                [
                    "node",
                    str(ROOT / "bench" / "plenary_room.js"),
                    "--url",
                    urls[0],
                    "--auth-file",
                    str(auth_file),
                    "--screen",
                    day["screen"],
                    "--organiser-key",
                    day["api_key"],
                    "--event",
                    "bench",
                    "--item",
                    str(day["item"]),
                    "--workshop",
                    str(day["workshop"]),
                    "--poll",
                    str(day["poll"]),
                    "--mode",
                    mode,
                    "--seconds",
                    str(seconds),
                ],
                capture_output=True,
                text=True,
                timeout=seconds + 200,
                env={**os.environ, "NODE_PATH": str(node_modules())},
            )
            lines = out.stdout.strip().splitlines()
            if out.returncode or not lines:
                raise RuntimeError(out.stderr[-2000:])
            return json.loads(lines[-1])
        finally:
            for p in procs:
                stop(p)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--rounds", type=int, default=1, help="alternated pairs (contributions, plenary)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    results = {"contributions": [], "plenary": []}
    for _ in range(args.rounds):
        for mode in ("contributions", "plenary"):
            results[mode].append(run(args.phones, mode, args.seconds))
            print(json.dumps(results[mode][-1]), flush=True)
    med = {mode: statistics.median(r["p99"] for r in rs) for mode, rs in results.items()}
    plenary = results["plenary"]
    lost = sum(r["lost"] for rs in results.values() for r in rs)
    unacked = sum(r["writes"] - r["acknowledged"] for rs in results.values() for r in rs)
    poll = max(
        (r["poll_results_after_last_answer_ms"] if r["poll_results_after_last_answer_ms"] is not None else 10**9)
        for r in plenary
    )
    ratio = med["plenary"] / med["contributions"] if med["contributions"] else float("nan")
    rows = [
        "| load | writes | acknowledged | refused | lost | p50 | p95 | p99 | poll results after the last answer |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for mode, rs in results.items():
        for r in rs:
            rows.append(
                f"| {mode} ({r['phones']} phones) | {r['writes']} | {r['acknowledged']} | {r['refused'] or 0} | "
                f"{r['lost']} | {r['p50']} ms | {r['p95']} ms | {r['p99']} ms | "
                f"{'' if mode == 'contributions' else str(r['poll_results_after_last_answer_ms']) + ' ms'} |"
            )
    summary = (
        f"Projector's delivery p99, questions and supports / contributions: **{ratio:.2f}×** (target ≤ 1: "
        f"{'met' if ratio <= 1 else 'missed'}); writes not acknowledged: {unacked}; lost: {lost} (target 0: "
        f"{'met' if lost == 0 and unacked == 0 else 'missed'}); the poll's results on the projector "
        f"{poll} ms after the last answer (target ≤ 1,000 ms: {'met' if poll <= 1000 else 'missed'})."
    )
    print("\n".join(rows))
    print(summary)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        import datetime

        text = (
            f"\n### The plenary's live load — {datetime.date.today().isoformat()} ({machine})\n\n"
            f"{args.phones} phones on `python -m forum.serve`, each writing once every 10 s for {args.seconds:.0f} s: "
            "asking and supporting questions from the room, or (the reference) posting contributions; then one poll "
            "answered by everyone within 20 s (`bench/plenary_room.py`). Delivery: from a write's emit to the "
            "projector's receiving its change.\n\n" + "\n".join(rows) + "\n\n" + summary + "\n"
        )
        with open(ROOT / "docs" / "performance.md", "a", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()

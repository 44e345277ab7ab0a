"""Lighthouse 12.2.3 (mobile, default simulated throttling) on the pages of both ends of the day (issue 22).

The participant's board, the check-in page (signed in as the door: the session cookie is sent by Lighthouse),
the projector in the Restitution phase and the facilitation view, on the board of `bench/board_client.py`
(300 topics, 40 workshops, 2,000 contributions), served by `python -m forum.serve`. Lighthouse is installed
with npm into bench/.scratch (pinned: 12.2.3) and drives Debian's Chromium. Performance, accessibility and
the cumulative layout shift of each page, median of --runs runs.
Targets: performance >= 95, CLS < 0.05, accessibility 100 (board, check-in, projector).
`--write` appends the figures to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.board_client import PASSWORD, SECRET, build  # noqa: E402
from bench.fanout_board import stop, wait_port  # noqa: E402
from tests.servers import free_port  # noqa: E402

VERSION = "12.2.3"
SCRATCH = ROOT / "bench" / ".scratch" / "lighthouse"


def lighthouse() -> Path:
    """The pinned Lighthouse CLI, installed once into bench/.scratch."""
    cli = SCRATCH / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        SCRATCH.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(SCRATCH), f"lighthouse@{VERSION}"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return cli


def signed_in_cookie(url: str, email: str) -> str:
    session = requests.Session()
    page = session.get(url + "/login").text
    token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
    session.post(
        url + "/login", data={"csrf_token": token, "email": email, "password": PASSWORD}, allow_redirects=False
    )
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


def run(cli: Path, url: str, cookie: str | None, out: Path) -> dict:
    chrome = shutil.which("chromium") or "/usr/bin/chromium"
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
        "--disable-background-networking "
        "--disable-component-update --disable-sync"
    )
    command = [
        "node",
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        f"--chrome-flags={flags}",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    subprocess.run(
        command,
        check=True,
        env={**os.environ, "CHROME_PATH": chrome},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    report = json.loads(out.read_text())
    audits = report["audits"]
    for key in ("target-size", "color-contrast", "label", "button-name", "link-name"):
        audit = audits.get(key) or {}
        if audit.get("score") == 0:
            for item in (audit.get("details") or {}).get("items", [])[:5]:
                print(f"    {key}: {(item.get('node') or {}).get('snippet', '')[:160]}", flush=True)
    if audits["cumulative-layout-shift"]["numericValue"] >= 0.05:  # say what moved
        if os.environ.get("LH_DEBUG"):
            print(json.dumps(audits.get("layout-shifts"))[:3000])
        for item in (audits.get("layout-shifts", {}).get("details") or {}).get("items", []):
            node = item.get("node") or {}
            causes = [
                c.get("extra", {}).get("value") or c.get("node", {}).get("selector", "")
                for c in (item.get("subItems") or {}).get("items", [])
            ]
            print(
                f"    shift {item.get('score', 0):.3f}: {node.get('selector', '')} "
                f"{node.get('snippet', '')[:120]} {causes}",
                flush=True,
            )
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failed": [
            key
            for key, audit in audits.items()
            if audit.get("score") == 0 and key in {a["id"] for a in report["categories"]["accessibility"]["auditRefs"]}
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--only", help="the pages whose name starts with this")
    args = parser.parse_args()
    cli = lighthouse()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/board.db"
        plan = build(db_url)
        from forum import create_app
        from forum.board import service as board
        from forum.events.service import get_event
        from forum.team import service as team

        app = create_app("testing", SQLALCHEMY_DATABASE_URI=db_url, SECRET_KEY=SECRET)
        with app.app_context():
            event = get_event("bench")
            organiser = event.organisers[0]
            invitation = team.invite(event, "porte@example.org", "checkin", actor=organiser)
            team.accept(team.invitation_token(invitation), name="Porte", password=PASSWORD, password_again=PASSWORD)
            screen_key = board.board_of(event).screen_key
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "forum.serve"],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={
                **os.environ,
                "DATABASE_URL": db_url,
                "SECRET_KEY": SECRET,
                "PORT": str(port),
                "FORUM_BASE_URL": f"http://127.0.0.1:{port}",
                "MAIL_OUTBOX_DIR": f"{tmp}/outbox",
            },
        )
        url = f"http://127.0.0.1:{port}"
        rows = []
        try:
            wait_port(port)
            door = signed_in_cookie(url, "porte@example.org")
            organiser_cookie = signed_in_cookie(url, plan["email"])
            pages = [
                ("participant's board (phone)", f"{url}/r/{plan['participant']}/board", None),
                ("check-in page (phone, Accueil)", f"{url}/manage/bench/checkin", door),
                ("projector, Restitution", f"{url}/e/bench/screen?key={screen_key}", None),
                ("facilitation view", f"{url}/manage/bench/board", organiser_cookie),
            ]
            for name, page, cookie in pages:
                if args.only and not name.startswith(args.only):
                    continue
                if name.startswith("projector"):
                    with app.app_context():
                        board.set_phase(
                            board.identify(get_event("bench"), organiser=get_event("bench").organisers[0]),
                            "restitution",
                        )
                results = [run(cli, page, cookie, Path(tmp) / f"lh-{n}.json") for n in range(args.runs)]
                middle = sorted(results, key=lambda r: r["performance"])[len(results) // 2]
                row = {
                    "name": name,
                    "performance": middle["performance"],
                    "performance_all": [r["performance"] for r in results],
                    "cls": statistics.median(r["cls"] for r in results),
                    "lcp_ms": statistics.median(r["lcp_ms"] for r in results),
                    "tbt_ms": statistics.median(r["tbt_ms"] for r in results),
                    "accessibility": min(r["accessibility"] for r in results),
                    "failed": middle["failed"],
                }
                print(row, flush=True)
                rows.append(row)
                if name.startswith("projector"):
                    with app.app_context():
                        board.set_phase(
                            board.identify(get_event("bench"), organiser=get_event("bench").organisers[0]), "workshops"
                        )
        finally:
            stop(server)
    table = ["| page | performance (each run) | CLS | LCP | TBT | accessibility |", "|---|---|---|---|---|---|"]
    for r in rows:
        table.append(
            f"| {r['name']} | {r['performance']} ({', '.join(map(str, r['performance_all']))}) | {r['cls']:.3f} | "
            f"{r['lcp_ms']:.0f} ms | {r['tbt_ms']:.0f} ms | {r['accessibility']}"
            f"{' (' + ', '.join(r['failed']) + ')' if r['failed'] else ''} |"
        )
    text = "\n".join(table)
    print(text)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n### Lighthouse {VERSION}, mobile, simulated throttling — {time.strftime('%Y-%m-%d')} "
                f"({machine})\n\n"
                f"The board of the page benchmark (300 topics, 40 workshops, 2,000 contributions) served by "
                f"`python -m forum.serve`; median of {args.runs} runs per page (`bench/lighthouse_pages.py`). "
                "Targets (issue 22): performance >= 95, CLS < 0.05, accessibility 100 on the participant's board, "
                "the check-in page and the projector.\n\n" + text + "\n"
            )


if __name__ == "__main__":
    main()

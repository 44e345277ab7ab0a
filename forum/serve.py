"""``python -m forum.serve``: serve the app with Socket.IO on gevent (what ``make run`` starts)."""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

from forum import create_app  # noqa: E402
from forum.extensions import socketio  # noqa: E402


def start_mail_worker(overrides: dict):
    """`flask forum mail-worker` beside this server, stopped with it (even by kill -9: the kernel tells it).

    Composing a batch (templates, QR codes, iTIP, certificate PDFs) is CPU work that gives nothing back to an
    event loop: in a greenlet of this process it held every request and every board change behind it
    (0.28x the registration floor during a rush). In a process of its own the system shares the cores; at
    the lowest priority, with a pause of 10 ms between two messages, and only once nothing was queued for a
    second (at most 30 s later): a rush's confirmations arrive when the rush is over, its registrations do not
    wait behind SQLite's write lock. It starts with the server and boots beside it; the server answers once
    the worker is running (:func:`wait_until_running`), so its boot (a second and a half of CPU) is never
    shared with the first requests.
    """
    import atexit
    import signal
    import subprocess
    import sys

    def die_with_parent() -> None:  # Linux: SIGTERM to the worker when this server dies, however it dies
        os.nice(19)  # the lowest CPU priority: the server's requests and board changes first, e-mails when free
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except OSError:
            pass

    env = {
        **os.environ,
        "FLASK_APP": "wsgi",
        **{key: str(value) for key, value in overrides.items() if key == "FORUM_BASE_URL"},
    }
    from pathlib import Path

    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "forum", "mail-worker", "--idle", "0.5", "--pause", "0.01", "--quiet", "1"],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
    )
    atexit.register(worker.terminate)
    return worker


def wait_until_running(worker) -> None:
    """Wait for the worker's first line (it prints it once booted), then pass on what it prints."""
    import gevent

    line = ""
    with gevent.Timeout(60, False):  # a worker that never boots does not keep the server from serving
        line = worker.stdout.readline()  # empty if it stopped: the server serves anyway, without its worker
    print(line, end="", flush=True)

    def forward() -> None:
        for more in worker.stdout:
            print(more, end="", flush=True)

    gevent.spawn(forward)


def main() -> None:
    from config import config_for

    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    overrides = {"SOCKETIO_ASYNC_MODE": "gevent"}
    if not os.environ.get("FORUM_BASE_URL"):  # links in e-mails and .ics point where this server listens
        overrides["FORUM_BASE_URL"] = f"http://{host}:{port}"
    # `make run` starts its own mail worker, in a process of its own, booting beside this server
    worker = start_mail_worker(overrides) if config_for(None).MAIL_WORKER else None
    app = create_app(**overrides)
    import gc

    gc.collect()
    gc.freeze()  # what start-up loaded lives forever: keep it out of the collector's scans
    gc.set_threshold(50_000, 20, 20)  # a fan-out allocates many short-lived objects: collect less often
    if worker is not None:
        wait_until_running(worker)
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    print(f"Forum is running on http://{host}:{port}/  (organiser: {DEMO_EMAIL} / {DEMO_PASSWORD})", flush=True)
    socketio.run(app, host=host, port=port, log_output=False)


if __name__ == "__main__":
    main()

"""``python -m forum.serve``: serve the app with Socket.IO on gevent (what ``make run`` starts)."""

from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

from forum import create_app  # noqa: E402
from forum.extensions import socketio  # noqa: E402


def start_mail_worker(overrides: dict) -> None:
    """`flask forum mail-worker` beside this server, stopped with it (even by kill -9: the kernel tells it).

    Composing a batch (templates, QR codes, iTIP, certificate PDFs) is CPU work that gives nothing back to an
    event loop: in a greenlet of this process it held every request and every board change behind it
    (0.28x the registration floor during a rush). In a process of its own the system shares the cores; at
    the lowest priority, with a pause of 10 ms between two messages, and only once nothing was queued for a
    second (at most 30 s later): a rush's confirmations arrive when the rush is over, its registrations do not
    wait behind SQLite's write lock.
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
        preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
    )
    atexit.register(worker.terminate)


def main() -> None:
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    overrides = {"SOCKETIO_ASYNC_MODE": "gevent"}
    if not os.environ.get("FORUM_BASE_URL"):  # links in e-mails and .ics point where this server listens
        overrides["FORUM_BASE_URL"] = f"http://{host}:{port}"
    app = create_app(**overrides)
    import gc

    gc.collect()
    gc.freeze()  # what start-up loaded lives forever: keep it out of the collector's scans
    gc.set_threshold(50_000, 20, 20)  # a fan-out allocates many short-lived objects: collect less often
    if app.config["MAIL_WORKER"]:  # `make run` starts its own mail worker, in a process of its own
        start_mail_worker(overrides)
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    print(f"Forum is running on http://{host}:{port}/  (organiser: {DEMO_EMAIL} / {DEMO_PASSWORD})", flush=True)
    socketio.run(app, host=host, port=port, log_output=False)


if __name__ == "__main__":
    main()

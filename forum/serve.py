"""``python -m forum.serve``: serve the app with Socket.IO on gevent (what ``make run`` starts)."""
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402

from forum import create_app  # noqa: E402
from forum.extensions import socketio  # noqa: E402


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
    if app.config["MAIL_WORKER"]:  # `make run` needs no second process: e-mails go out from a greenlet
        import gevent

        from forum.mail.service import run_worker

        def work() -> None:
            with app.app_context():
                run_worker(idle_seconds=0.5, sleep=gevent.sleep)
        gevent.spawn(work)
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    print(f"Forum is running on http://{host}:{port}/  (organiser: {DEMO_EMAIL} / {DEMO_PASSWORD})", flush=True)
    socketio.run(app, host=host, port=port, log_output=False)


if __name__ == "__main__":
    main()

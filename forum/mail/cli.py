"""``flask forum send-mail | mail-worker``: the e-mails waiting, retried, delivered."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app

from forum.core.cli import command
from forum.extensions import db
from forum.mail.service import retry_failed, run_worker


@command("send-mail")
def send_mail() -> None:
    """Send what waits now, retry the failed e-mails, and forget the bodies of those delivered long ago."""
    sent, failing = retry_failed()
    click.echo(f"{sent} sent, {failing} still failing.")


@command("mail-worker")
@click.option("--idle", type=float, default=1.0, help="Seconds to wait when nothing is due.")
@click.option(
    "--pause",
    type=float,
    default=0.0,
    help="Seconds between two messages (a worker sharing the server's database and cores: make run's).",
)
@click.option(
    "--quiet",
    type=float,
    default=None,
    help="Wait until nothing was queued for this many seconds "
    "(at most 30 s): a worker sharing the server's database and cores composes after a rush, not during it.",
)
def mail_worker(idle: float, pause: float, quiet: float | None) -> None:
    """Compose and deliver e-mails for ever (run beside the web processes; several may run at once)."""
    click.echo("Mail worker running (Ctrl+C to stop).")
    # On SQLite, the worker's commits do not wait for the disk (WAL, synchronous=NORMAL): each one holds the
    # database's only write lock, and registrations would wait behind its fsync. A process crash loses
    # nothing; a power cut may lose the last statuses written, and those messages are sent again.
    current_app.config["SQLITE_SYNCHRONOUS"] = "NORMAL"
    db.engine.dispose()
    try:
        run_worker(idle_seconds=idle, pause=pause, quiet=timedelta(seconds=quiet) if quiet is not None else None)
    except KeyboardInterrupt:
        pass

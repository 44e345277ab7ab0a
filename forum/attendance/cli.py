"""``flask forum purge-personal-data``: personal data forgotten once the day is long past."""

from __future__ import annotations

import click
from flask import current_app

from forum.attendance.privacy import purge_old_events
from forum.core.cli import command


@command("purge-personal-data")
@click.option("--older-than-days", type=int, default=None, help="Default: PURGE_AFTER_DAYS (365).")
def purge_personal_data(older_than_days: int | None) -> None:
    """Purge the personal data of every event that ended long enough ago (statistics stay)."""
    days = older_than_days if older_than_days is not None else current_app.config["PURGE_AFTER_DAYS"]
    purged = purge_old_events(days)
    click.echo(f"{len(purged)} events purged: {', '.join(purged)}" if purged else "0 events purged.")

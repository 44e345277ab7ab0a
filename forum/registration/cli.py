"""``flask forum send-reminders``: the day-before reminder, from cron."""

from __future__ import annotations

import click

from forum.core.cli import command
from forum.registration.reminders import send_reminders as remind


@command("send-reminders")
def send_reminders() -> None:
    """Send the day-before reminder to confirmed people (safe to run from cron as often as wanted)."""
    click.echo(f"{remind()} reminders queued.")

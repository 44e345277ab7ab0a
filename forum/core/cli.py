"""``flask --app wsgi forum ...``: thin commands over the services."""
from __future__ import annotations

import secrets
import sys

import click
from flask import Flask
from flask.cli import AppGroup

from forum.core.errors import DomainError

forum_cli = AppGroup("forum", help="Forum commands: organisers, event files, demo data.")


def _fail(error: DomainError) -> None:
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.field_messages().items())
    raise click.ClickException(f"{error.message} {details}".strip())


@forum_cli.command("create-organiser")
@click.argument("email")
@click.option("--name", required=True, help="Name shown to other organisers.")
@click.option("--password", help="Password (a random one is printed if omitted).")
@click.option("--admin", is_flag=True, help="Also an administrator: creates and disables accounts from /admin/accounts.")
def create_organiser(email: str, name: str, password: str | None, admin: bool) -> None:
    """Create an account (the first one; after it, accounts come from invitations and the accounts page)."""
    from forum.accounts.service import create_organiser as create

    password = password or secrets.token_urlsafe(12)
    try:
        organiser = create(email, name, password, is_admin=admin)
    except DomainError as error:
        _fail(error)
    click.echo(f"Organiser {organiser.email} created{' (administrator)' if admin else ''}. Password: {password}")


@forum_cli.command("set-admin")
@click.argument("email")
@click.option("--off", is_flag=True, help="Take the administrator's rights away instead.")
def set_admin(email: str, off: bool) -> None:
    """Make an account an administrator of this instance (or not, with --off)."""
    from forum.accounts.service import set_admin as change

    try:
        account = change(email, not off)
    except DomainError as error:
        _fail(error)
    click.echo(f"{account.email} is {'no longer ' if off else ''}an administrator.")


@forum_cli.command("api-token")
@click.argument("email")
def api_token(email: str) -> None:
    """Print a new API token for an organiser (only its hash is stored)."""
    from forum.accounts.service import find_organiser, issue_api_token

    organiser = find_organiser(email)
    if organiser is None:
        _fail(DomainError("unknown_organiser"))
    click.echo(issue_api_token(organiser))


@forum_cli.command("import-event")
@click.argument("file", type=click.File("rb"))
@click.option("--organiser", "organiser_email", required=True, help="E-mail of the organiser who owns the event.")
@click.option("--update", is_flag=True, help="Update the event with the same slug in place.")
def import_event(file, organiser_email: str, update: bool) -> None:
    """Import an event setup file (forum-event/1)."""
    from forum.accounts.service import find_organiser
    from forum.events import setup_file

    organiser = find_organiser(organiser_email)
    if organiser is None:
        _fail(DomainError("unknown_organiser"))
    try:
        event = setup_file.import_event(setup_file.loads(file.read()), actor=organiser, update=update)
    except DomainError as error:
        _fail(error)
    click.echo(f"Event {event.slug} {'updated' if update else 'imported'} ({event.status}).")


@forum_cli.command("export-event")
@click.argument("slug")
def export_event(slug: str) -> None:
    """Print an event's setup file."""
    from forum.events import service, setup_file

    try:
        event = service.get_event(slug)
    except DomainError as error:
        _fail(error)
    sys.stdout.write(setup_file.dumps(event))


@forum_cli.command("demo")
def demo() -> None:
    """Load the demo organiser and the seed events (idempotent)."""
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD, load_demo

    _, events = load_demo()
    click.echo(f"Demo data ready: {len(events)} events. Organiser: {DEMO_EMAIL} / {DEMO_PASSWORD}")


@forum_cli.command("send-reminders")
def send_reminders() -> None:
    """Send the day-before reminder to confirmed people (safe to run from cron as often as wanted)."""
    from forum.extensions import db
    from forum.mail.listeners import send_to
    from forum.registration.reminders import due_reminders, mark_reminded

    sent = 0
    for registration in due_reminders():
        if mark_reminded(registration.id):
            send_to(registration, "reminder")
            sent += 1
        db.session.commit()
    click.echo(f"{sent} reminders queued.")


@forum_cli.command("purge-personal-data")
@click.option("--older-than-days", type=int, default=None, help="Default: PURGE_AFTER_DAYS (365).")
def purge_personal_data(older_than_days: int | None) -> None:
    """Purge the personal data of every event that ended long enough ago (statistics stay)."""
    from flask import current_app

    from forum.attendance.privacy import purge_old_events

    days = older_than_days if older_than_days is not None else current_app.config["PURGE_AFTER_DAYS"]
    purged = purge_old_events(days)
    click.echo(f"{len(purged)} events purged: {', '.join(purged)}" if purged else "0 events purged.")


@forum_cli.command("send-mail")
def send_mail() -> None:
    """Send what waits now, retry the failed e-mails, and forget the bodies of those delivered long ago."""
    from forum.mail.service import retry_failed

    sent, failing = retry_failed()
    click.echo(f"{sent} sent, {failing} still failing.")


@forum_cli.command("mail-worker")
@click.option("--idle", type=float, default=1.0, help="Seconds to wait when nothing is due.")
def mail_worker(idle: float) -> None:
    """Compose and deliver e-mails for ever (run beside the web processes; several may run at once)."""
    from forum.mail.service import run_worker

    click.echo("Mail worker running (Ctrl+C to stop).")
    try:
        run_worker(idle_seconds=idle)
    except KeyboardInterrupt:
        pass


def init_cli(app: Flask) -> None:
    app.cli.add_command(forum_cli)

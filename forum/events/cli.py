"""``flask forum import-event | export-event``: event setup files in and out."""

from __future__ import annotations

import sys

import click

from forum.accounts.service import get_organiser
from forum.core.cli import command
from forum.events import service, setup_file


@command("import-event")
@click.argument("file", type=click.File("rb"))
@click.option("--organiser", "organiser_email", required=True, help="E-mail of the organiser who owns the event.")
@click.option("--update", is_flag=True, help="Update the event with the same slug in place.")
def import_event(file, organiser_email: str, update: bool) -> None:
    """Import an event setup file (forum-event/1)."""
    organiser = get_organiser(organiser_email)
    event = setup_file.import_event(setup_file.loads(file.read()), actor=organiser, update=update)
    click.echo(f"Event {event.slug} {'updated' if update else 'imported'} ({event.status}).")


@command("export-event")
@click.argument("slug")
def export_event(slug: str) -> None:
    """Print an event's setup file."""
    sys.stdout.write(setup_file.dumps(service.get_event(slug)))

"""``flask forum import-event | export-event``: event setup files in and out."""
from __future__ import annotations

import sys

import click

from forum.accounts.service import find_organiser
from forum.core.cli import fail, forum_cli
from forum.core.errors import DomainError
from forum.events import service, setup_file


@forum_cli.command("import-event")
@click.argument("file", type=click.File("rb"))
@click.option("--organiser", "organiser_email", required=True, help="E-mail of the organiser who owns the event.")
@click.option("--update", is_flag=True, help="Update the event with the same slug in place.")
def import_event(file, organiser_email: str, update: bool) -> None:
    """Import an event setup file (forum-event/1)."""
    organiser = find_organiser(organiser_email)
    if organiser is None:
        fail(DomainError("unknown_organiser"))
    try:
        event = setup_file.import_event(setup_file.loads(file.read()), actor=organiser, update=update)
    except DomainError as error:
        fail(error)
    click.echo(f"Event {event.slug} {'updated' if update else 'imported'} ({event.status}).")


@forum_cli.command("export-event")
@click.argument("slug")
def export_event(slug: str) -> None:
    """Print an event's setup file."""
    try:
        event = service.get_event(slug)
    except DomainError as error:
        fail(error)
    sys.stdout.write(setup_file.dumps(event))

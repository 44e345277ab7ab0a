"""``flask forum create-organiser | set-admin | api-token``: organisers' accounts from the command line."""
from __future__ import annotations

import secrets

import click

from forum.accounts import service
from forum.core.cli import fail, forum_cli
from forum.core.errors import DomainError


@forum_cli.command("create-organiser")
@click.argument("email")
@click.option("--name", required=True, help="Name shown to other organisers.")
@click.option("--password", help="Password (a random one is printed if omitted).")
@click.option("--admin", is_flag=True, help="Also an administrator: creates and disables accounts from /admin/accounts.")
def create_organiser(email: str, name: str, password: str | None, admin: bool) -> None:
    """Create an account (the first one; after it, accounts come from invitations and the accounts page)."""
    password = password or secrets.token_urlsafe(12)
    try:
        organiser = service.create_organiser(email, name, password, is_admin=admin)
    except DomainError as error:
        fail(error)
    click.echo(f"Organiser {organiser.email} created{' (administrator)' if admin else ''}. Password: {password}")


@forum_cli.command("set-admin")
@click.argument("email")
@click.option("--off", is_flag=True, help="Take the administrator's rights away instead.")
def set_admin(email: str, off: bool) -> None:
    """Make an account an administrator of this instance (or not, with --off)."""
    try:
        account = service.set_admin(email, not off)
    except DomainError as error:
        fail(error)
    click.echo(f"{account.email} is {'no longer ' if off else ''}an administrator.")


@forum_cli.command("api-token")
@click.argument("email")
def api_token(email: str) -> None:
    """Print a new API token for an organiser (only its hash is stored)."""
    organiser = service.find_organiser(email)
    if organiser is None:
        fail(DomainError("unknown_organiser"))
    click.echo(service.issue_api_token(organiser))

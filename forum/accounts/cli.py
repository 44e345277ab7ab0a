"""``flask forum create-organiser | set-admin | api-token``: organisers' accounts from the command line."""

from __future__ import annotations

import secrets

import click

from forum.accounts import service
from forum.core.cli import command


@command("create-organiser")
@click.argument("email")
@click.option("--name", required=True, help="Name shown to other organisers.")
@click.option("--password", help="Password (a random one is printed if omitted).")
@click.option(
    "--admin", is_flag=True, help="Also an administrator: creates and disables accounts from /admin/accounts."
)
def create_organiser(email: str, name: str, password: str | None, admin: bool) -> None:
    """Create an account (the first one; after it, accounts come from invitations and the accounts page)."""
    password = password or secrets.token_urlsafe(12)
    organiser = service.create_organiser(email, name, password, is_admin=admin)
    click.echo(f"Organiser {organiser.email} created{' (administrator)' if admin else ''}. Password: {password}")


@command("set-admin")
@click.argument("email")
@click.option("--off", is_flag=True, help="Take the administrator's rights away instead.")
def set_admin(email: str, off: bool) -> None:
    """Make an account an administrator of this instance (or not, with --off)."""
    account = service.set_admin(email, not off)
    click.echo(f"{account.email} is {'no longer ' if off else ''}an administrator.")


@command("api-token")
@click.argument("email")
def api_token(email: str) -> None:
    """Print a new API token for an organiser (only its hash is stored)."""
    click.echo(service.issue_api_token(service.get_organiser(email)))

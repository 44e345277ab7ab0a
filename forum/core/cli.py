"""``flask --app wsgi forum ...``: the command group; each domain adds its commands in its own ``cli.py``."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from forum.core.errors import DomainError

forum_cli = AppGroup("forum", help="Forum commands: organisers, event files, demo data.")


def fail(error: DomainError) -> None:
    """End a command with the domain's message (and each field's) on standard error, exit status 1."""
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.field_messages().items())
    raise click.ClickException(f"{error.message} {details}".strip())


def init_cli(app: Flask) -> None:
    app.cli.add_command(forum_cli)

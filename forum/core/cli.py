"""``flask --app wsgi forum ...``: the command group; each domain adds its commands in its own ``cli.py``."""

from __future__ import annotations

import functools

import click
from flask import Flask
from flask.cli import AppGroup

from forum.core.errors import DomainError

forum_cli = AppGroup("forum", help="Forum commands: organisers, event files, demo data.")


def _fail(error: DomainError) -> None:
    """End a command with the domain's message (and each field's) on standard error, exit status 1."""
    details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.field_messages().items())
    raise click.ClickException(f"{error.message} {details}".strip())


def command(name: str):
    """A ``flask forum`` command: a ``DomainError`` it raises ends it with the domain's message."""

    def decorate(function):
        @functools.wraps(function)  # (keeps the click options declared under it)
        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except DomainError as error:
                _fail(error)

        return forum_cli.command(name)(run)

    return decorate


def init_cli(app: Flask) -> None:
    app.cli.add_command(forum_cli)

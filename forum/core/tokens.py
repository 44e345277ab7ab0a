"""Secret tokens: made with secrets and stored as their sha256, or derived from SECRET_KEY and never stored."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def derived_token(purpose: str, *parts) -> str:
    """A secret derived from SECRET_KEY for ``purpose`` and ``parts`` (a registration's public id and version…):
    the same every time, unguessable without the key, changed by changing a part."""
    message = ":".join([purpose, *map(str, parts)]).encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")

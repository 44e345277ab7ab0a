"""Static files under a versioned path, cached for a year; compressed answers (gzip, brotli).

The browser side has no build step and its ES modules import each other by relative paths, so the version
is one for the whole static tree: ``/static/v/<hash of every file>/js/board/main.js`` imports
``./dom.js`` under the same version. A change of any file is a new path for all: a phone fetches each file
once per version, never a stale module beside a new one. ``/static/<file>`` still answers (not cached)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, request

#: what is compressed (flask-compress, in `make run`; nginx does it in production, see deploy/)
COMPRESSED = [
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/manifest+json",
    "text/calendar",
    "text/plain",
    "text/markdown",
]


def static_version(folder: Path) -> str:
    """A hash of every file of the static tree (names and contents)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


class VersionedOnly:
    """flask-compress's cache: the compressed bodies of versioned static files only (they never change);
    pages and answers are compressed afresh each time."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.kept.get(key)

    def set(self, key: str, value: bytes) -> None:
        if ";/static/v/" in key:
            self.kept[key] = value


def init_assets(app: Flask) -> None:
    from forum.extensions import compress

    app.config.setdefault("COMPRESS_CACHE_BACKEND", VersionedOnly)
    app.config.setdefault("COMPRESS_CACHE_KEY", lambda request: request.path)
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_STREAMS", False)  # a streamed export stays streamed
    app.config.setdefault("COMPRESS_MIN_SIZE", 500)
    compress.init_app(app)
    # the same files without the version (old links): answered, not kept
    app.add_url_rule("/static/<path:filename>", endpoint="static_plain", view_func=app.send_static_file)

    @app.after_request  # registered after flask-compress's: runs before it
    def cache_static(response):
        if request.endpoint in ("static", "static_plain") and response.status_code == 200:
            response.direct_passthrough = False  # a file is read into the answer, so that it can be compressed
            response.set_data(response.get_data())
            response.headers["Cache-Control"] = (
                "public, max-age=31536000, immutable" if request.endpoint == "static" else "no-cache"
            )
        return response

"""``/healthz``: what a load balancer and an administrator ask — is the database there, is Redis there (when
the board's message queue or the limits use it). 200 when all is well; 503 naming what is down."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from forum.extensions import db, limiter

bp = Blueprint("health", __name__)


def _redis_urls() -> list[str]:
    config = current_app.config
    urls = [config.get("SOCKETIO_MESSAGE_QUEUE") or "", config.get("RATELIMIT_STORAGE_URI") or ""]
    return sorted({url for url in urls if url.startswith(("redis://", "rediss://"))})


def checks() -> dict[str, str]:
    """Each service the app needs: "ok", or "down" and why."""
    out = {}
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        out["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - whatever the driver raises, the database is down
        db.session.rollback()
        out["database"] = f"down: {type(error).__name__}"
    for url in _redis_urls():
        import redis

        try:
            redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
            out["redis"] = "ok"
        except Exception as error:  # noqa: BLE001
            out["redis"] = f"down: {type(error).__name__}"
            break
    return out


@bp.get("/healthz")
@limiter.exempt
def healthz():
    found = checks()
    down = [name for name, state in found.items() if state != "ok"]
    body = {"status": "down" if down else "ok", "down": down, "checks": found}
    return jsonify(body), 503 if down else 200, {"Cache-Control": "no-store"}

"""Settings, all overridable by environment variables (see README)."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEFAULT_SECRET_KEY = "dev-only-change-me"
#: outside development, the secret key has at least this many characters
MIN_SECRET_KEY = 32


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'instance' / 'forum.db'}"
    # psycopg 3 is the PostgreSQL driver of the project
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


class Config:
    """Development defaults: SQLite in instance/, mail to the outbox."""

    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    FORUM_BASE_URL = os.environ.get("FORUM_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    #: other origins whose pages may open the live board (FORUM_BASE_URL's is always allowed)
    BOARD_ALLOWED_ORIGINS = tuple(
        o.strip().rstrip("/") for o in os.environ.get("BOARD_ALLOWED_ORIGINS", "").split(",") if o.strip()
    )
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "forum@localhost")
    MAIL_OUTBOX_DIR = os.environ.get("MAIL_OUTBOX_DIR", str(BASE_DIR / "instance" / "outbox"))
    #: uploaded files (resources, annexes): one folder outside the static tree, in the backups (README)
    STORAGE_DIR = os.environ.get("STORAGE_DIR", str(BASE_DIR / "instance" / "storage"))
    #: `python -m forum.serve` (make run) delivers e-mails from a greenlet of its own; production runs
    #: `flask forum mail-worker` beside the web processes instead
    MAIL_WORKER = _bool("MAIL_WORKER", True)
    #: proxies in front of the app (nginx: 1): the client's address and scheme are read from X-Forwarded-*
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    #: hours a delivered message's body (with its personal link) is kept, to resend it; then only who/what/when
    MAIL_KEEP_BODY_HOURS = int(os.environ.get("MAIL_KEEP_BODY_HOURS", "72"))
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    #: gevent when served by `make run` or gunicorn's gevent worker; threading in tests
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    #: writes allowed per board connection (REALTIME.md: answered with rate_limited beyond)
    BOARD_RATE_LIMIT = os.environ.get("BOARD_RATE_LIMIT", "20 per 10 seconds")
    #: how many changes back a reconnecting client can resume (beyond: too_old, then a snapshot)
    BOARD_RESUME_WINDOW = int(os.environ.get("BOARD_RESUME_WINDOW", "5000"))
    #: per client address; a whole room behind one venue router may register at once
    REGISTRATION_RATE_LIMIT = os.environ.get("REGISTRATION_RATE_LIMIT", "300 per minute")
    #: `flask forum purge-personal-data` purges events that ended more than this many days ago
    PURGE_AFTER_DAYS = int(os.environ.get("PURGE_AFTER_DAYS", "365"))
    BABEL_DEFAULT_LOCALE = "fr"
    BABEL_DEFAULT_TIMEZONE = "Europe/Paris"
    LANGUAGES = ("fr", "en")
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    TESTING = False


class ProductionConfig(Config):
    """Secure cookies (every configuration refuses the default secret key unless FORUM_ENV=development)."""

    ENV_NAME = "production"
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    FORUM_BASE_URL = "http://forum.test"
    MAIL_SERVER = None
    RATELIMIT_STORAGE_URI = "memory://"


CONFIGS = {"development": Config, "production": ProductionConfig, "testing": TestingConfig}


def config_for(name: str | None) -> type[Config]:
    """The settings class named by FORUM_ENV (development by default)."""
    return CONFIGS.get(name or os.environ.get("FORUM_ENV", "development"), Config)

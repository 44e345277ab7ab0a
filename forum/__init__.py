"""Forum: a participatory professional day, from the invitation to the synthesis."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


_versions: dict = {}


def _static_version(compute) -> str:
    """The static tree's version, computed once per process."""
    if "static" not in _versions:
        _versions["static"] = compute(ROOT / "static")
    return _versions["static"]


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """The application, configured from config.py and the environment."""
    # imported here so that `python -m forum.serve` can patch with gevent before anything loads
    from config import DEFAULT_SECRET_KEY, MIN_SECRET_KEY, config_for
    from forum.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

    from forum.core.assets import init_assets, static_version

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        static_url_path=f"/static/v/{_static_version(static_version)}",
        instance_path=str(ROOT / "instance"),
    )
    from forum.core import inputs
    from forum.core.uploads import init_uploads

    init_uploads(app)  # first of all: the views that take a file raise the size limit before anything reads a form
    inputs.init_inputs(app)  # before any route is added: <int:…> is the row-id converter everywhere
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)
    # the test settings are chosen by the tests (create_app("testing")), never by a server's environment
    if config_name is None and os.environ.get("FORUM_ENV") not in (None, "", "development", "production"):
        raise RuntimeError("FORUM_ENV must be development or production.")
    development = (config_name or os.environ.get("FORUM_ENV")) in ("development", "testing")
    key = app.config.get("SECRET_KEY") or ""
    if not key or (not development and (key == DEFAULT_SECRET_KEY or len(key) < MIN_SECRET_KEY)):
        if not key or key == DEFAULT_SECRET_KEY:
            problem = "SECRET_KEY is not set: refusing the public development key outside development."
        else:
            problem = (
                f"SECRET_KEY is too short: {len(key)} of the {MIN_SECRET_KEY} characters it needs outside development."
            )
        raise RuntimeError(
            f"{problem} Set SECRET_KEY to a long random value "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(48))', README, Production), "
            "or FORUM_ENV=development on your own computer."
        )
    Path(app.instance_path).mkdir(exist_ok=True)

    from forum.core import i18n

    i18n.compile_catalogs(ROOT / "forum" / "translations")
    _register_models()  # before socketio.init_app: the /board handlers must be known to every app
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app, locale_selector=i18n.select_locale, default_translation_directories=str(ROOT / "forum" / "translations")
    )
    login_manager.init_app(app)
    limiter.init_app(app)
    from forum.board import fanout, packets

    on_gevent = app.config.get("SOCKETIO_ASYNC_MODE") == "gevent"
    socketio.init_app(
        app,
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        client_manager=fanout.client_manager(app.config["SOCKETIO_MESSAGE_QUEUE"], gevent_websocket=on_gevent),
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE"),
        cors_allowed_origins=_allowed_origin(app),
        json=packets,
    )
    if on_gevent:
        fanout.install(socketio.server)
    from forum.board.socket import install_crowd_path

    install_crowd_path(socketio.server)

    _register_blueprints(app)

    from forum.core import cli, errors_views, security, templating

    security.init_security(app)
    init_assets(app)
    if app.config.get("TRUSTED_PROXIES"):  # behind nginx: limits key on the phone's address, not nginx's
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    errors_views.init_error_handlers(app)
    templating.init_templating(app)
    cli.init_cli(app)
    _register_commands()
    _init_sqlite(app)
    return app


def _allowed_origin(app: Flask):
    """The board accepts browsers from the site's own origin (FORUM_BASE_URL's) and from BOARD_ALLOWED_ORIGINS
    only, on WebSocket and polling alike; clients that send no Origin (apps, scripts) are not browsers."""
    from urllib.parse import urlsplit

    def allowed(origin: str, environ=None) -> bool:
        base = urlsplit(app.config["FORUM_BASE_URL"])
        return origin in {f"{base.scheme}://{base.netloc}", *app.config.get("BOARD_ALLOWED_ORIGINS", ())}

    return allowed


def _register_commands() -> None:
    """``flask forum ...``: each domain adds its commands to core's group."""
    import forum.accounts.cli  # noqa: F401
    import forum.attendance.cli  # noqa: F401
    import forum.demo  # noqa: F401  (flask forum demo)
    import forum.events.cli  # noqa: F401
    import forum.mail.cli  # noqa: F401
    import forum.registration.cli  # noqa: F401


def _register_models() -> None:
    import forum.accounts.models  # noqa: F401
    import forum.core.audit  # noqa: F401  (the audit log's table)
    import forum.attendance.models  # noqa: F401
    import forum.board.models  # noqa: F401
    import forum.board.broadcast  # noqa: F401  (board changes -> Socket.IO)
    import forum.board.privacy  # noqa: F401  (board data in a person's export and deletion)
    import forum.board.setup_file  # noqa: F401  (registers the "forum" section of the setup file)
    import forum.board.socket  # noqa: F401  (the /board namespace)
    import forum.events.models  # noqa: F401
    import forum.registration.notifications  # noqa: F401  (registration's signals -> its e-mails)
    import forum.mail.models  # noqa: F401
    import forum.registration.models  # noqa: F401
    import forum.registration.service  # noqa: F401  (the event's capacity rules)
    import forum.accounts.notifications  # noqa: F401  (password links -> e-mails)
    import forum.team.models  # noqa: F401
    import forum.team.notifications  # noqa: F401  (invitations -> e-mails)
    import forum.certificates.models  # noqa: F401
    import forum.certificates.notifications  # noqa: F401  (certificates -> e-mails with their PDF)
    import forum.surveys.models  # noqa: F401
    import forum.surveys.notifications  # noqa: F401  (questionnaires -> e-mails with the personal link)
    import forum.surveys.service  # noqa: F401  (the purge forgets the answers)
    import forum.team.service  # noqa: F401  (sign-in failure bursts -> the audit log)
    import forum.resources.models  # noqa: F401
    import forum.resources.service  # noqa: F401  (the purge keeps public resources and annexes)


def _register_blueprints(app: Flask) -> None:
    from forum.accounts.views import bp as accounts_bp
    from forum.api.api import bp as api_bp
    from forum.attendance.views import bp as attendance_bp
    from forum.board.views import bp as board_bp
    from forum.calendar.views import bp as calendar_bp
    from forum.certificates.views import bp as certificates_bp
    from forum.surveys.views import bp as surveys_bp
    from forum.events.views import bp as events_bp
    from forum.mail.views import bp as mail_bp
    from forum.events.outbox import bp as outbox_bp
    from forum.team.views import bp as team_bp
    from forum.registration.views import bp as registration_bp
    from forum.resources.views import bp as resources_bp

    from forum.core.health import bp as health_bp

    for bp in (
        accounts_bp,
        events_bp,
        calendar_bp,
        board_bp,
        registration_bp,
        mail_bp,
        attendance_bp,
        api_bp,
        team_bp,
        certificates_bp,
        surveys_bp,
        resources_bp,
        outbox_bp,
        health_bp,
    ):
        app.register_blueprint(bp)


def _init_sqlite(app: Flask) -> None:
    """SQLite waits for a busy database instead of failing, and enforces foreign keys."""
    from sqlalchemy import event as sa_event

    from forum.extensions import db

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

        @sa_event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            if app.config.get("SQLITE_SYNCHRONOUS") == "NORMAL":  # the mail worker's own connections (mail/cli.py)
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

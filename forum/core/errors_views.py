"""Error pages in the reader's language, and DomainError answered as a 4xx."""

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from forum.core.errors import DomainError
from forum.extensions import db

STATUS_OF = {
    "not_found": 404,
    "bad_link": 404,
    "forbidden": 403,
    "unauthorized": 401,
    "rate_limited": 429,
    "closed": 409,
    "full": 409,
    "registration_cancelled": 409,
    "not_waitlisted": 409,
    "in_use": 409,
    "bad_invitation": 404,
    "invitation_expired": 410,
    "bad_reset_link": 404,
    "not_admin": 403,
    "may_not_create_events": 403,
    "bad_unsubscribe_link": 404,
    "too_few_answers": 409,
    "not_in_team": 404,
    "no_certificate": 404,
    "not_yet_held": 409,
    "bad_survey_link": 404,
    "survey_closed": 409,
    "survey_not_draft": 409,
    "survey_empty": 409,
    "last_organiser": 409,
    "last_admin": 409,
    "account_disabled": 403,
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        status = STATUS_OF.get(error.code, 400 if error.code != "invalid" else 422)
        return render_template("errors/error.html", status=status, message=error.message), status

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        from flask_babel import gettext as _

        if wants_json():
            body, status = json_error(error.code, error.description)
            for name, value in error.get_headers():  # Allow on 405, Retry-After on 429
                if name.lower() not in ("content-type", "content-length"):
                    body.headers[name] = value
            return body, status
        messages = {
            400: _("The request could not be understood."),
            401: _("Please sign in."),
            403: _("You are not allowed to see this page."),
            404: _("This page does not exist."),
            405: _("This action is not allowed here."),
            413: _("The file is too large."),
            429: _("Too many attempts. Please wait a minute and try again."),
        }
        message = messages.get(error.code, error.description)
        if error.code == 413:  # name the limit of the page that refused it (a resource's 20 MB, elsewhere 2 MB)
            from forum.core.errors import message_for
            from forum.core.uploads import upload_limit

            message = message_for("file_too_large", max=upload_limit())
        if error.code == 400 and "CSRF" in (error.description or ""):
            message = _("The form had expired. Please send it again.")
        return render_template("errors/error.html", status=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # pragma: no cover - last resort, logged
        app.logger.exception("Unexpected error")
        db.session.rollback()
        if wants_json():
            return json_error(500, "")
        from flask_babel import gettext as _

        return render_template(
            "errors/error.html",
            status=500,
            message=_("Something went wrong on our side. Nothing you typed was kept by mistake; please try again."),
        ), 500


JSON_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "not_json",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}


def json_error(status: int, description: str | None):
    """The API's error body for an HTTP error that no route answered itself."""
    from flask import jsonify

    from forum.core.errors import MESSAGES, message_for

    code = JSON_CODES.get(status, "error")
    message = message_for(code) if code in MESSAGES else (description or code)
    return jsonify({"error": {"code": code, "message": message}}), status

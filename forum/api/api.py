"""The JSON API, /api/v1 (see shared API.md): thin routes over the services."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request, stream_with_context, url_for

from forum.core import links
from forum.accounts.service import organiser_for_token
from forum.attendance import exports
from forum.attendance import service as attendance
from forum.core import values
from forum.core.errors import DomainError, message_for
from forum.core.inputs import read_json
from forum.events import service as events
from forum.extensions import csrf, db, limiter
from forum.registration import listing, service
from forum.registration.models import Registration
from forum.registration.questions import form_questions
from forum.core import permissions

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
#: DomainError code -> HTTP status (anything else with fields is 422)
STATUS = {
    "not_found": 404,
    "bad_link": 404,
    "forbidden": 403,
    "closed": 409,
    "not_open": 409,
    "full": 409,
    "duplicate": 409,
    "registration_cancelled": 409,
    "not_confirmed": 409,
    "too_deep": 400,
    "bad_characters": 400,
}


def error(code: str, status: int, message: str | None = None, **extra):
    body = {"error": {"code": code, "message": message or message_for(code), **extra}}
    return jsonify(body), status


@bp.errorhandler(DomainError)
def domain_error(exc: DomainError):
    db.session.rollback()
    code = {"not_open": "closed", "bad_link": "not_found", "registration_cancelled": "closed"}.get(exc.code, exc.code)
    if exc.fields:
        return error("invalid", 422, exc.message, fields=exc.field_messages())
    return error(code, STATUS.get(exc.code, 422), exc.message)


def json_body() -> dict:
    """The request's JSON object, or the API error that says what is wrong."""
    if not request.mimetype or request.mimetype != "application/json":
        raise ApiError("not_json", 415)
    data = read_json(request.get_data())
    if data is None:
        raise ApiError("bad_json", 400)
    if not isinstance(data, dict):
        raise ApiError("invalid", 422, message_for("not_an_object"), fields={})
    return data


class ApiError(Exception):
    def __init__(self, code: str, status: int, message: str | None = None, **extra):
        super().__init__(code)
        self.code, self.status, self.message, self.extra = code, status, message, extra


@bp.errorhandler(ApiError)
def api_error(exc: ApiError):
    return error(exc.code, exc.status, exc.message or message_for(exc.code), **exc.extra)


def organiser_of(event, action: str = "manage"):
    """The token's owner, if their role in this event's team allows ``action`` (forum.core.permissions)."""
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    organiser = organiser_for_token(token)
    if organiser is None:
        raise ApiError("unauthorized", 401, message_for("bad_token"))
    if not permissions.can(event.role_of(organiser), action):
        raise ApiError("forbidden", 403)
    return organiser


# -- representation ------------------------------------------------------


def event_json(event) -> dict:
    base = current_app.config["FORUM_BASE_URL"]
    return {
        "slug": event.slug,
        "title": event.title,
        "starts_at": event.starts_at_aware.isoformat(),
        "ends_at": event.ends_at_aware.isoformat(),
        "timezone": event.timezone,
        "language": event.language,
        "venue": {"name": event.venue_name, "room": event.venue_room, "address": event.venue_address},
        "capacity": event.capacity,
        "seats_left": service.seats_left(event),
        "registration_open": service.window(event) == "open",
        "registration_closes_at": _aware(event, event.registration_closes_at),
        "waitlist": event.waitlist,
        "status": event.status,
        "url": f"{base}/e/{event.slug}",
        "ics_url": f"{base}/e/{event.slug}/event.ics",
    }


def _aware(event, value):
    from forum.core.i18n import aware

    return aware(value, event.timezone).isoformat() if value else None


def registration_json(r: Registration, *, private: bool = False) -> dict:
    out = {
        "id": r.id,
        "first_name": r.first_name,
        "last_name": r.last_name,
        "email": r.email,
        "organisation": r.organisation,
        "role": r.role,
        "territory": r.territory,
        "status": r.status,
        "waitlist_position": r.waitlist_position,
        "registered_at": _utc(r.created_at),
        "checked_in_at": _utc(r.checked_in_at),
    }
    if private:
        out |= {
            "phone": r.phone,
            "needs": r.needs,
            "locale": r.locale,
            "event": r.event.slug,
            "answers": {str(a.question_id): a.value for a in r.answers},
        }
    return out


def _utc(value):
    from datetime import timezone

    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


def _links(token: str) -> dict:
    return {
        "manage_url": links.url("registration", token),
        "ics_url": links.url("registration", token, "/invitation.ics"),
    }


# -- public --------------------------------------------------------------


@bp.get("/events")
def list_events():
    return jsonify([event_json(e) for e in events.listed_events() if e.status == "published"])


@bp.get("/events/<slug>")
def get_event(slug: str):
    event = _published(slug)
    from forum.board.setup import questions_of

    return jsonify(
        event_json(event)
        | {
            "programme": [
                {
                    "starts_at": _aware(event, i.starts_at),
                    "ends_at": _aware(event, i.ends_at),
                    "kind": i.kind,
                    "title": i.title,
                    "moderator": i.moderator,
                    "speakers": list(i.speakers or []),
                }
                for i in event.programme
            ],
            "questions": [{"id": q.id, "text": q.text, "position": q.position} for q in questions_of(event)],
            "form_questions": [
                {"id": q.id, "label": q.label, "kind": q.kind, "required": q.required, "options": q.options}
                for q in form_questions(event)
            ],
        }
    )


def _published(slug: str):
    event = events.get_event(slug)
    if event.status != "published":
        raise DomainError("not_found")
    return event


def _api_registration_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", "300 per minute")


@bp.post("/events/<slug>/registrations")
@limiter.limit(_api_registration_limit)
def register(slug: str):
    event = _published(slug)
    data = json_body()
    result = service.register(event, data, answers=data.get("answers"))
    if result.duplicate:
        raise ApiError("duplicate", 409)
    return jsonify(
        {
            "id": result.id,
            "status": result.status,
            "waitlist_position": result.waitlist_position,
            **_links(result.token),
            "token": result.token,
        }
    ), 201


@bp.get("/registrations/<token>")
def get_registration(token: str):
    r = service.get_by_token(token)
    return jsonify(registration_json(r, private=True) | _links(token))


@bp.post("/registrations/<token>/cancel")
def cancel_registration(token: str):
    r = service.cancel(service.get_by_token(token))
    return jsonify({"status": r.status})


# -- organisers ----------------------------------------------------------


@bp.get("/events/<slug>/registrations")
def event_registrations(slug: str):
    event = events.get_event(slug)
    organiser_of(event)
    return jsonify([registration_json(r) for r in listing.search(event, {})])


@bp.post("/events/<slug>/checkins")
def checkin(slug: str):
    event = events.get_event(slug)
    organiser = organiser_of(event, "checkin")
    data = json_body()
    if data.get("registration_id") is not None:
        registration = service.get_registration(event, values.record_id(data["registration_id"], "registration_id"))
    elif isinstance(data.get("code"), str):
        registration = attendance.find_by_code(event, data["code"])
    elif isinstance(data.get("token"), str):
        registration = service.get_by_token(data["token"])
    else:
        raise DomainError("invalid", fields={"registration_id": ["required"]})
    registration = attendance.check_in(event, registration, actor=organiser)
    return jsonify(
        {"id": registration.id, "checked_in_at": _utc(registration.checked_in_at), "status": registration.status}
    )


@bp.get("/events/<slug>/attendance.csv")
def attendance_csv(slug: str):
    event = events.get_event(slug)
    organiser = organiser_of(event)
    if request.args.get("delimiter", "comma") not in ("comma", "semicolon"):
        raise DomainError("invalid", fields={"delimiter": ["bad_choice"]})
    delimiter = ";" if request.args.get("delimiter") == "semicolon" else ","
    return Response(
        stream_with_context(exports.attendance_csv(event, actor=organiser, delimiter=delimiter)),
        mimetype="text/csv",
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="presence-{event.slug}.csv"',
        },
    )


@bp.get("/openapi.json")
def openapi():
    from forum.api.openapi import document

    return jsonify(document(url_for("api.list_events", _external=False).rsplit("/events", 1)[0]))

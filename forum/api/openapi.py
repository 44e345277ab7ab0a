"""The OpenAPI 3 document of /api/v1, describing every route as it answers."""

from __future__ import annotations


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


ERRORS = {"404": _error("Unknown"), "405": _error("Method not allowed"), "429": _error("Too many requests")}
AUTH_ERRORS = {
    "401": _error("No or bad API token"),
    "403": _error(
        "The token's owner has no role in this event's team that allows this "
        "(check-ins: organiser or check-in desk; everything else: organiser)"
    ),
}
BODY_ERRORS = {
    "400": _error("Malformed JSON"),
    "413": _error("Body too large"),
    "415": _error("Not JSON"),
    "422": _error("Invalid"),
}
SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}
TOKEN = {"name": "token", "in": "path", "required": True, "schema": {"type": "string"}}
NULLABLE_STR = {"type": ["string", "null"]}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document(base: str = "/api/v1") -> dict:
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Forum API",
            "version": "1",
            "description": "Events, registrations and check-in of Forum. Errors are "
            "{\"error\": {\"code\", \"message\"}}.",
        },
        "servers": [{"url": base}],
        "components": {
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A person's API token (made at /account): it acts with that person's roles "
                    "in each event's team.",
                }
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {
                                    "type": "object",
                                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                                },
                            },
                        }
                    },
                },
                "Venue": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string"},
                        "room": {"type": "string"},
                        "address": {"type": "string"},
                    },
                },
                "Event": {
                    "type": "object",
                    "required": [
                        "slug",
                        "title",
                        "starts_at",
                        "ends_at",
                        "timezone",
                        "capacity",
                        "seats_left",
                        "registration_open",
                        "waitlist",
                        "url",
                        "ics_url",
                    ],
                    "properties": {
                        "slug": {"type": "string"},
                        "title": {"type": "string"},
                        "starts_at": {"type": "string", "format": "date-time"},
                        "ends_at": {"type": "string", "format": "date-time"},
                        "timezone": {"type": "string"},
                        "language": {"type": "string", "enum": ["fr", "en"]},
                        "venue": ref("Venue"),
                        "capacity": {"type": "integer"},
                        "seats_left": {"type": "integer"},
                        "registration_open": {"type": "boolean"},
                        "registration_closes_at": {"type": ["string", "null"], "format": "date-time"},
                        "waitlist": {"type": "boolean"},
                        "status": {"type": "string"},
                        "url": {"type": "string"},
                        "ics_url": {"type": "string"},
                    },
                },
                "EventDetail": {
                    "allOf": [
                        ref("Event"),
                        {
                            "type": "object",
                            "properties": {
                                "programme": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "starts_at": {"type": "string"},
                                            "ends_at": {"type": "string"},
                                            "kind": {"type": "string"},
                                            "title": {"type": "string"},
                                            "moderator": NULLABLE_STR,
                                            "speakers": {"type": "array", "items": {"type": "string"}},
                                        },
                                    },
                                },
                                "questions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "text": {"type": "string"},
                                            "position": {"type": "integer"},
                                        },
                                    },
                                },
                                "form_questions": {"type": "array", "items": {"type": "object"}},
                            },
                        },
                    ]
                },
                "NewRegistration": {
                    "type": "object",
                    "required": ["first_name", "last_name", "email", "organisation", "role", "consent"],
                    "properties": {
                        "first_name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"},
                        "last_name": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"},
                        "email": {"type": "string", "format": "email", "maxLength": 254},
                        "organisation": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"},
                        "role": {"type": "string", "enum": ["mediateur", "encadrant", "elu", "partenaire", "autre"]},
                        "territory": {"type": ["string", "null"], "maxLength": 120},
                        "phone": {
                            "type": ["string", "null"],
                            "maxLength": 40,
                            "pattern": "^ *([0-9 +().\\-/]{6,40})? *$",
                        },
                        "needs": {"type": ["string", "null"], "maxLength": 2000},
                        "answers": {"type": "object"},
                        "consent": {"type": "boolean", "const": True},
                        "locale": {"type": ["string", "null"], "enum": ["fr", "en", "", None]},
                    },
                },
                "Registered": {
                    "type": "object",
                    "required": ["id", "status", "waitlist_position", "manage_url", "ics_url", "token"],
                    "properties": {
                        "id": {"type": "integer"},
                        "status": {"type": "string", "enum": ["confirmed", "waitlisted"]},
                        "waitlist_position": {"type": ["integer", "null"]},
                        "manage_url": {"type": "string"},
                        "ics_url": {"type": "string"},
                        "token": {"type": "string"},
                    },
                },
                "Registration": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "first_name": {"type": "string"},
                        "last_name": {"type": "string"},
                        "email": {"type": "string"},
                        "organisation": {"type": "string"},
                        "role": {"type": "string"},
                        "territory": {"type": "string"},
                        "status": {"type": "string", "enum": ["confirmed", "waitlisted", "cancelled"]},
                        "waitlist_position": {"type": ["integer", "null"]},
                        "registered_at": {"type": "string"},
                        "checked_in_at": NULLABLE_STR,
                    },
                },
                "Checkin": {
                    "type": "object",
                    "properties": {
                        "registration_id": {"type": "integer", "minimum": 1},
                        "code": {"type": "string", "description": "the check-in code the QR carries"},
                        "token": {"type": "string"},
                    },
                    "anyOf": [{"required": ["registration_id"]}, {"required": ["code"]}, {"required": ["token"]}],
                },
            },
        },
        "paths": {
            "/events": {
                "get": {
                    "summary": "Published events",
                    "responses": {"200": _json({"type": "array", "items": ref("Event")}), **ERRORS},
                }
            },
            "/events/{slug}": {
                "get": {
                    "summary": "One published event with its programme",
                    "parameters": [SLUG],
                    "responses": {"200": _json(ref("EventDetail")), **ERRORS},
                }
            },
            "/events/{slug}/registrations": {
                "post": {
                    "summary": "Register (sends the confirmation e-mail)",
                    "parameters": [SLUG],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": ref("NewRegistration")}},
                    },
                    "responses": {
                        "201": _json(ref("Registered"), "Registered"),
                        "409": _error("closed, full (no waiting list) or duplicate"),
                        **BODY_ERRORS,
                        **ERRORS,
                    },
                },
                "get": {
                    "summary": "Registrations of the event (organisers)",
                    "parameters": [SLUG],
                    "security": [{"bearer": []}],
                    "responses": {
                        "200": _json({"type": "array", "items": ref("Registration")}),
                        **AUTH_ERRORS,
                        **ERRORS,
                    },
                },
            },
            "/registrations/{token}": {
                "get": {
                    "summary": "A registration as its owner sees it",
                    "parameters": [TOKEN],
                    "responses": {"200": _json(ref("Registration")), **ERRORS},
                }
            },
            "/registrations/{token}/cancel": {
                "post": {
                    "summary": "Cancel; frees the seat and promotes the first waiting",
                    "parameters": [TOKEN],
                    "responses": {
                        "200": _json({"type": "object", "properties": {"status": {"type": "string"}}}),
                        **ERRORS,
                    },
                }
            },
            "/events/{slug}/checkins": {
                "post": {
                    "summary": "Check someone in (idempotent)",
                    "parameters": [SLUG],
                    "security": [{"bearer": []}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Checkin")}}},
                    "responses": {
                        "200": _json({"type": "object"}),
                        "409": _error("No confirmed seat"),
                        **BODY_ERRORS,
                        **AUTH_ERRORS,
                        **ERRORS,
                    },
                }
            },
            "/events/{slug}/attendance.csv": {
                "get": {
                    "summary": "Attendance export (CSV, UTF-8 with BOM)",
                    "parameters": [
                        SLUG,
                        {
                            "name": "delimiter",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string", "enum": ["comma", "semicolon"]},
                        },
                    ],
                    "security": [{"bearer": []}],
                    "responses": {
                        "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                        "422": _error("Unknown delimiter"),
                        **AUTH_ERRORS,
                        **ERRORS,
                    },
                }
            },
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json({"type": "object"})}}},
        },
    }

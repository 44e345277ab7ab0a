"""What every request brings, checked once before any view: numbers in URLs that can name a row,
and text that can be stored (no NUL, no broken Unicode) in query strings and forms.
JSON bodies are read by :func:`read_json` (depth and text checked)."""
from __future__ import annotations

import json

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from forum.core import values
from forum.core.errors import DomainError

#: deeper JSON than this is refused before it reaches any code
MAX_JSON_DEPTH = 20


class RowIdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number beyond any row's id is a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", values.MAX_ID)
        super().__init__(map, *args, **kwargs)


def check_json_value(value, depth: int = 0) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH or holding text that cannot be stored."""
    if depth > MAX_JSON_DEPTH:
        raise DomainError("too_deep")
    if isinstance(value, str):
        if values.text_problem(value, multiline=True):
            raise DomainError("bad_characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json_value(key, depth + 1)
            check_json_value(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            check_json_value(item, depth + 1)


def read_json(raw: bytes):
    """The JSON document in ``raw``; None when it is not JSON; DomainError when too deep or unstorable."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise DomainError("too_deep")
    except ValueError:
        return None
    check_json_value(data)
    return data


def init_inputs(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter

    @app.before_request
    def refuse_unstorable_text():
        for source in (request.args, request.form):
            for key, value in source.items(multi=True):
                if values.text_problem(key) or values.text_problem(value, multiline=True):
                    raise DomainError("bad_characters")

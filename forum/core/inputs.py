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


def read_json(raw: bytes | str, *, check_values: bool = True):
    """The JSON document in ``raw``; None when it is not JSON (a number of thousands of digits, broken
    UTF-8 included); DomainError when too deep or unstorable. Every JSON that comes in, over HTTP (API,
    door) or over the board's socket (``forum/board/packets.py``, whose handlers check each field's text
    themselves and name the field: ``check_values=False``), is read here."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise DomainError("too_deep")
    except (ValueError, UnicodeDecodeError):  # not JSON, or an integer beyond Python's digit limit
        return None
    if check_values:
        check_json_value(data)
    return data


def read_json_body() -> object:
    """The request's JSON body, read as :func:`read_json` reads it (None when it is not JSON)."""
    return read_json(request.get_data(cache=True))


def init_inputs(app: Flask) -> None:
    app.url_map.converters["int"] = RowIdConverter

    @app.before_request
    def refuse_unstorable_text():
        for source in (request.args, request.form):
            for key, value in source.items(multi=True):
                if values.text_problem(key) or values.text_problem(value, multiline=True):
                    raise DomainError("bad_characters")

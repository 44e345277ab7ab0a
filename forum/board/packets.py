"""How the board's Socket.IO packets are read: by the one JSON reader of every request (``core.inputs``).
JSON it cannot read (too deep, a number of thousands of digits, text that cannot be stored) reaches the
event's handler as an ``invalid`` refusal, instead of being dropped with no ack."""

from __future__ import annotations

import json
import re

from forum.core.errors import DomainError
from forum.core.inputs import read_json

#: the key of the data a handler receives in place of JSON it could not read (its value: why)
UNREADABLE = "__unreadable__"
_EVENT_NAME = re.compile(r'\s*\[\s*"([^"\\]{1,64})"')


def loads(text, *args, **kwargs):
    try:
        data = read_json(text, check_values=False)
        reason = "unreadable_json" if data is None and text.strip() not in ("null", b"null") else None
    except DomainError as error:
        reason = error.code
    if reason is None:
        return data
    name = _EVENT_NAME.match(text if isinstance(text, str) else text.decode("utf-8", "replace"))
    if name is None:
        raise ValueError("unreadable packet")
    return [name.group(1), {UNREADABLE: reason}]


def unreadable(data) -> str | None:
    """Why a handler's data could not be read, or None."""
    return data.get(UNREADABLE) if isinstance(data, dict) else None


dumps = json.dumps

"""How the board's Socket.IO packets are read: a JSON document too deep for Python's parser reaches
its handler as a refusal to answer (``invalid``), instead of being dropped with no ack."""
from __future__ import annotations

import json
import re

#: the data a handler receives in place of JSON it could not read
TOO_DEEP = {"__unreadable__": "too_deep"}
_EVENT_NAME = re.compile(r'\s*\[\s*"([^"\\]{1,64})"')


def loads(text, *args, **kwargs):
    try:
        return json.loads(text, *args, **kwargs)
    except RecursionError:
        name = _EVENT_NAME.match(text if isinstance(text, str) else text.decode("utf-8", "replace"))
        if name is None:
            raise ValueError("unreadable packet") from None
        return [name.group(1), TOO_DEEP]


dumps = json.dumps

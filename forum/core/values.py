"""One check per kind of value, used by every door (forms, API, board, setup file, CLI).

Each function takes what arrived and the field's name, and returns the clean value
or raises ``DomainError("invalid", fields={name: [code]})`` with a code of the one
message table. Nothing here knows a domain.
"""

from __future__ import annotations

import unicodedata
import uuid

from email_validator import EmailNotValidError, validate_email

from forum.core.errors import DomainError

#: the largest id a row can have (PostgreSQL's integer); anything above names no row
MAX_ID = 2**31 - 1
#: the largest count (seats, capacity…) the app accepts anywhere
MAX_COUNT = 100_000


def refuse(name: str, code, **params):
    raise DomainError("invalid", fields={name: [(code, params) if params else code]})


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """The code of what makes ``value`` unfit to store as text, or None.

    NUL and other control characters (PostgreSQL refuses NUL), and lone surrogates
    (not Unicode: no database or file can hold them)."""
    allowed = "\n\r\t" if multiline else "\t"
    for char in value:
        if "\ud800" <= char <= "\udfff":
            return "bad_characters"
        if unicodedata.category(char) == "Cc" and char not in allowed:
            return "bad_characters"
    return None


def visible_length(value: str) -> int:
    """Characters that show: spaces and invisible formatting (zero-width spaces, joiners…) do not count."""
    return sum(1 for char in value if not char.isspace() and unicodedata.category(char) not in ("Cf", "Zs"))


def text(value, name: str, *, minimum: int = 0, maximum: int, multiline: bool = False) -> str:
    """A plain text of ``minimum`` to ``maximum`` characters, stripped; ``minimum`` counts visible characters."""
    if value is None and minimum == 0:
        return ""
    if not isinstance(value, str):
        refuse(name, "required" if value is None else "not_text")
    value = value.strip()
    problem = text_problem(value, multiline=multiline)
    if problem:
        refuse(name, problem)
    if minimum and visible_length(value) < minimum:
        refuse(name, *(("too_short",) if minimum > 1 else ("required",)), **({"min": minimum} if minimum > 1 else {}))
    if len(value) > maximum:
        refuse(name, "too_long", max=maximum)
    return value


def email(value, name: str, *, required: bool = True) -> str:
    """An e-mail address as stored (see :func:`address`), checked by its form only (no DNS look-up)."""
    if not required and (value is None or (isinstance(value, str) and not value.strip())):
        return ""
    value = text(value, name, minimum=1, maximum=254)
    try:
        return address(value)
    except EmailNotValidError:
        refuse(name, "bad_email")


def address(value: str) -> str:
    """One spelling per address: compatibility forms folded (NFKC: full-width letters are letters), then
    the validator's normal form, in lower case. Every look-up, duplicate check and limit keys on it."""
    return validate_email(unicodedata.normalize("NFKC", value.strip()), check_deliverability=False).normalized.lower()


def address_key(value) -> str:
    """What a limit keys an address on: its normal form, or (not an address) its folded text."""
    raw = value if isinstance(value, str) else ""
    try:
        return address(raw)
    except EmailNotValidError:
        return unicodedata.normalize("NFKC", raw).strip().casefold()


def record_id(value, name: str) -> int:
    """The id of a row as it arrived in JSON: a whole number that can name a row."""
    if not isinstance(value, int) or isinstance(value, bool):
        refuse(name, "not_a_number")
    if not 0 < value <= MAX_ID:
        refuse(name, "bad_choice")
    return value


def count(value, name: str, *, maximum: int = MAX_COUNT) -> int:
    """A whole number from 1 to ``maximum`` (seats, capacity, positions)."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        refuse(name, "not_positive")
    if value > maximum:
        refuse(name, "too_large_number", max=maximum)
    return value


def client_id(value, name: str = "client_id") -> str:
    """The UUID a client gives its own writes (so that a retry is recognised), in its one canonical spelling
    (lower case, hyphens, no braces or urn: prefix): one UUID written five ways is one write."""
    if not isinstance(value, str):
        refuse(name, "required")
    try:
        return str(uuid.UUID(value))
    except ValueError:
        refuse(name, "bad_uuid")


class Problems:
    """The problems of several fields, collected to be answered together."""

    def __init__(self) -> None:
        self.fields: dict[str, list] = {}

    def check(self, check, *args, **kwargs):
        """``check(*args, **kwargs)``; its field problems are kept and None returned."""
        try:
            return check(*args, **kwargs)
        except DomainError as error:
            if not error.fields:
                raise
            for name, codes in error.fields.items():
                self.fields.setdefault(name, []).extend(codes)
            return None

    def add(self, name: str, code, **params) -> None:
        self.fields.setdefault(name, []).append((code, params) if params else code)

    def __contains__(self, name: str) -> bool:
        return name in self.fields

    def raise_any(self) -> None:
        if self.fields:
            raise DomainError("invalid", fields=self.fields)

"""Language choice and date formatting in the reader's language."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from flask import current_app, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l

LANG_COOKIE = "forum_lang"

#: time zones an event can take place in (label shown in forms)
TIMEZONES = [
    ("Europe/Paris", _l("Europe/Paris (mainland France)")),
    ("America/Martinique", "America/Martinique"),
    ("America/Guadeloupe", "America/Guadeloupe"),
    ("America/Cayenne", _l("America/Cayenne (French Guiana)")),
    ("Indian/Reunion", _l("Indian/Reunion (Réunion)")),
    ("Indian/Mayotte", "Indian/Mayotte"),
    ("Pacific/Noumea", "Pacific/Noumea"),
    ("Pacific/Tahiti", "Pacific/Tahiti"),
    ("UTC", "UTC"),
]
TIMEZONE_NAMES = {name for name, _ in TIMEZONES}
#: languages the app speaks, in their own words; an event takes one of them (its projector, its setup file)
EVENT_LANGUAGES = [("fr", "Français"), ("en", "English")]
EVENT_LANGUAGE_CODES = {code for code, _ in EVENT_LANGUAGES}


def select_locale() -> str:
    """?lang=, then the remembered cookie, then the browser, then French.

    Outside a request (CLI, mail jobs) the shell's LANG decides, French by default."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return "en" if os.environ.get("LANG", "").startswith("en") else current_app.config["BABEL_DEFAULT_LOCALE"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def locale_code() -> str:
    return str(get_locale() or "fr")


def aware(local: datetime, tz: str) -> datetime:
    """A naive local time of the event's zone, made aware."""
    return local.replace(tzinfo=ZoneInfo(tz))


_DAY = {"fr": "EEEE d MMMM y", "en": "EEEE d MMMM y"}
#: French time as the French write it, never broken across lines: "13 h 45" with non-breaking spaces
_TIME = {"fr": "H'\u00a0h\u00a0'mm", "en": "h:mm a"}
NBSP = "\u00a0"


def format_day(value: datetime, locale: str | None = None) -> str:
    """'jeudi 1er janvier 2027' (non-breaking spaces inside the date), 'Thursday 1 January 2027'."""
    locale = locale or locale_code()
    if locale == "fr":
        day = "1er" if value.day == 1 else str(value.day)
        weekday, month = format_date(value, "EEEE", locale="fr"), format_date(value, "MMMM", locale="fr")
        return f"{weekday} {day}{NBSP}{month}{NBSP}{value.year}"
    return format_date(value, _DAY.get(locale, _DAY["en"]), locale=locale)


def format_clock(value: datetime, locale: str | None = None) -> str:
    locale = locale or locale_code()
    return format_time(value, _TIME.get(locale, _TIME["en"]), locale=locale)


def format_span(start: datetime, end: datetime, locale: str | None = None) -> str:
    """'jeudi 13 juin 2013, 13 h 30 – 17 h 00' (the times are already local)."""
    locale = locale or locale_code()
    if start.date() == end.date():
        return f"{format_day(start, locale)}, {format_clock(start, locale)} – {format_clock(end, locale)}"
    return (
        f"{format_day(start, locale)}, {format_clock(start, locale)} – "
        f"{format_day(end, locale)}, {format_clock(end, locale)}"
    )


def format_size(size: int, locale: str | None = None) -> str:
    """A file's size as people read it: "340 Ko", "1,2 Mo" in French, "340 kB", "1.2 MB" in English."""
    from babel.numbers import format_decimal

    locale = locale or locale_code()
    units = ("o", "Ko", "Mo") if locale == "fr" else ("B", "kB", "MB")
    if size < 1024:
        return f"{size}{NBSP}{units[0]}"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}{NBSP}{units[1]}"
    return f"{format_decimal(round(size / 1024 / 1024, 1), locale=locale)}{NBSP}{units[2]}"


def format_moment(value: datetime | None, locale: str | None = None) -> str:
    """'lundi 10 juin 2013 à 23 h 59'."""
    if value is None:
        return ""
    locale = locale or locale_code()
    joiner = " à " if locale == "fr" else " at "
    return f"{format_day(value, locale)}{joiner}{format_clock(value, locale)}"


def format_short(value: datetime, locale: str | None = None) -> str:
    locale = locale or locale_code()
    return format_datetime(value, "short", locale=locale)


def compile_catalogs(translations_dir: Path) -> None:
    """Compile every messages.po to messages.mo when missing or stale."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in translations_dir.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        tmp.replace(mo_path)


def plural(singular: str, plural_: str) -> dict:
    """Both forms of a count (with %(num)d left in) for a page's script, chosen there by the language's plural
    rules (Intl.PluralRules). ``make messages`` extracts these calls like ngettext's."""
    translations = get_translations()
    return {"one": translations.ungettext(singular, plural_, 1), "other": translations.ungettext(singular, plural_, 2)}

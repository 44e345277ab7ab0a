"""Every message has its French translation; the table of DomainError texts too."""

from pathlib import Path

import flask_babel
from babel.messages.pofile import read_po

from forum.core.errors import MESSAGES, DomainError, message_for

PO = Path(__file__).resolve().parents[2] / "forum" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"


def test_every_french_message_is_translated():
    catalog = read_po(PO.open("rb"))
    missing = [m.id for m in catalog if m.id and not m.string]
    assert missing == []


def test_every_error_code_has_a_french_text(app):
    catalog = read_po(PO.open("rb"))
    for code, text in MESSAGES.items():
        assert catalog.get(text._args[0]) is not None and catalog.get(text._args[0]).string, code


def test_domain_error_messages_follow_the_reader_language(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert DomainError("invalid", fields={"title": ["required"]}).field_messages() == {
            "title": ["Ce champ est obligatoire."]
        }
        assert message_for("too_long", max=200) == "Ce texte est trop long (200 caractères au plus)."
    with app.test_request_context(headers={"Accept-Language": "en"}):
        flask_babel.refresh()
        assert message_for("too_long", max=200) == "This text is too long (at most 200 characters)."


def test_dates_in_both_languages():
    from datetime import datetime
    from forum.core.i18n import format_moment, format_span

    start, end = datetime(2013, 6, 13, 13, 30), datetime(2013, 6, 13, 17, 0)
    assert format_span(start, end, "fr") == "jeudi 13\u00a0juin\u00a02013, 13\u00a0h\u00a030 – 17\u00a0h\u00a000"
    assert format_span(start, end, "en").replace("\u202f", " ") == "Thursday 13 June 2013, 1:30 PM – 5:00 PM"
    assert format_moment(datetime(2012, 11, 19, 23, 59), "fr") == "lundi 19\u00a0novembre\u00a02012 à 23\u00a0h\u00a059"

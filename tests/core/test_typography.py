"""French written as the French write it, English with no French left: every page type and e-mail, read in
both languages, checked for the patterns that came back before (spaces that break "13 h 45", "1 places",
"1 janvier", a French word on an English page)."""

import html
import re

import pytest

from forum.extensions import db
from forum.mail.models import MailMessage
from forum.mail.service import deliver_all
from tests import factories
from tests.conftest import login

#: a regular space where French puts a non-breaking one: before : ; ? ! », after «, inside "13 h 45"
FRENCH_BREAKS = [
    re.compile(r"\S [:;?!»]"),
    re.compile(r"« "),
    re.compile(r"\b\d{1,2} h[ \u00a0]\d{2}\b"),
    re.compile(r"\b\d{1,2}\u00a0h \d{2}\b"),
    re.compile(r"\b1 (places|personnes|votes|inscriptions|contributions|e-mails|sujets)\b"),
    re.compile(r"\b[01]\s+(inscriptions|confirmées|annulées|arrivé·es|absent·es|inscrit·es|passages)\b"),
    re.compile(r"\b1[ \u00a0](janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"),
]
#: an English plural after 1 (the counters of the statistics, the registrations list and the door)
ENGLISH_PLURALS = re.compile(r"\b1\s+(registrations|no-shows|walk-ins|promotions|places|people|votes|seats)\b")
FRENCH_WORDS = re.compile(
    r"\b(Quand|Lieu|Où|places restantes|médiateur|Accueil|Lecture|Émargement|Inscriptions|"
    r"janvier|juin|lundi|jeudi|Organisateur|métropole|Guyane)\b"
)


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", "\n", page)
    return html.unescape(page)


@pytest.fixture
def day(db, organiser):
    from forum.board import service as board
    from forum.board import setup
    from forum.registration import service as registration

    event = factories.make_event(
        organiser, slug="journee", capacity=1, registration_opens_at=None, description="Première rencontre du réseau."
    )
    seat = registration.register(event, factories.person(1))
    registration.register(event, factories.person(2))  # the waiting list
    factories.join_team(event, "checkin", "accueil@example.org", "Camille")
    question = setup.add_question(event, "Quels besoins", actor=organiser)
    workshop = factories.make_workshop(event, organiser, "Accès aux droits", question=question)
    board.set_phase(board.identify(event, organiser=organiser), "marketplace")
    deliver_all()
    return {"event": event, "token": seat.token, "workshop": workshop}


def pages(day) -> list[str]:
    slug, token = day["event"].slug, day["token"]
    return [
        "/",
        f"/e/{slug}",
        f"/e/{slug}/register",
        f"/e/{slug}/team",
        f"/e/{slug}/link",
        f"/r/{token}",
        f"/r/{token}?welcome=1",
        f"/r/{token}/edit",
        f"/r/{token}/cancel",
        f"/r/{token}/delete",
        "/login",
        "/login/forgot",
        "/manage/",
        f"/manage/{slug}/",
        f"/manage/{slug}/edit",
        f"/manage/{slug}/programme",
        f"/manage/{slug}/registrations",
        f"/manage/{slug}/checkin",
        f"/manage/{slug}/exports",
        f"/manage/{slug}/statistics",
        f"/manage/{slug}/team",
        f"/manage/{slug}/forum",
        f"/manage/{slug}/board",
        f"/manage/{slug}/mail",
        f"/manage/{slug}/questions",
        f"/r/{token}/board",
        f"/e/{slug}/screen",
        f"/e/{slug}/proceedings",
        "/account",
        f"/manage/{slug}/duplicate",
    ]


def _read_all(client, day, lang: str) -> dict[str, str]:
    login(client)
    out = {}
    for path in pages(day):
        answer = client.get(path, headers={"Accept-Language": lang})
        if answer.status_code == 404:
            continue
        assert answer.status_code == 200, (path, answer.status_code)
        out[path] = visible_text(answer.get_data(as_text=True))
    return out


def _mails(lang: str) -> dict[str, str]:
    return {
        f"mail {m.id} {m.kind}": m.text + visible_text(m.html)
        for m in db.session.scalars(db.select(MailMessage))
        if m.text
    }


def test_french_pages_and_e_mails_keep_their_spaces_and_plurals(client, day):
    read = _read_all(client, day, "fr") | _mails("fr")
    assert len(read) > 20
    for where, text in read.items():
        for pattern in FRENCH_BREAKS:
            found = pattern.search(text)
            assert found is None, (where, pattern.pattern, text[max(found.start() - 40, 0) : found.end() + 40])


def test_english_pages_have_no_french_left(client, day):
    for where, text in _read_all(client, day, "en").items():
        for typed in (
            day["event"].title,
            "Accès aux droits",
            "Quels besoins",
            "Camille",
            "Mairie de Lille",
            "Salle Erro (1er étage)",
            "Accueil\n",
            "Forum ouvert",
            "Synthèse",
            "Médiateurs sociaux",
        ):
            text = text.replace(typed, "")  # what the organisers and people typed, in their language
        found = FRENCH_WORDS.search(text.replace("Français", "")) or ENGLISH_PLURALS.search(text)
        assert found is None, (where, text[max(found.start() - 60, 0) : found.end() + 60])

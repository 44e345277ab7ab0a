"""Every page type is valid HTML, in French and in English, as the W3C Nu HTML checker (vnu.jar, run with Java)
judges it: the pages the browser tests visit, the organisers' pages and the forms answered with their errors."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from werkzeug.datastructures import FileStorage

from tests import factories
from tests.conftest import login

HERE = Path(__file__).resolve().parents[1] / "html"
VNU = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu() -> Path:
    """vnu.jar installed once from tests/html/package-lock.json (npm ci), or the test is skipped without Java."""
    if shutil.which("java") is None or shutil.which("npm") is None:
        pytest.skip("Java and npm are needed to run the W3C Nu HTML checker")
    if not VNU.exists():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=HERE, check=True, timeout=300)
    return VNU


def _day(organiser) -> dict:
    """A day that has everything a page can show: a programme, the open forum, a round table, registrations,
    a team, a questionnaire, e-mails, a certificate, resources and annexes, published proceedings."""
    from forum.board import service as board
    from forum.board import setup
    from forum.certificates import service as certificates
    from forum.extensions import db
    from forum.mail.models import MailMessage
    from forum.registration import service as registration
    from forum.resources import service as resources
    from forum.surveys import service as surveys
    from forum.team import service as team

    event = factories.make_event(
        organiser,
        registration_opens_at=None,
        registration_closes_at=None,
        starts_at=datetime(2026, 6, 13, 13, 30),
        ends_at=datetime(2026, 6, 13, 17, 0),
    )
    factories.make_item(
        event,
        organiser,
        kind="round_table",
        title="Table ronde",
        moderator="Mme Rose",
        speakers=["M. Hibiscus"],
        overlap_allowed=True,
    )
    question = setup.add_question(event, "Quels besoins ?", actor=organiser)
    room = setup.add_space(event, "Salle A", 20, actor=organiser)
    slot = setup.add_slot(event, "S1", datetime(2026, 6, 13, 14), datetime(2026, 6, 13, 15), actor=organiser)
    workshop = factories.add_workshop(
        event, {"title": "Accès aux droits", "slot_id": slot.id, "space_id": room.id, "question_id": question.id}
    )
    people = [registration.register(event, factories.person(n), actor=organiser) for n in range(1, 4)]
    person = people[0].registration
    board.set_phase(board.identify(event, organiser=organiser), "workshops")
    board.name_rapporteur(board.identify(event, organiser=organiser), workshop.id, person.id)
    invitation = team.invite(event, "benevole@example.org", "checkin", actor=organiser)
    survey = surveys.create_survey(event, {"title": "État des lieux"}, actor=organiser)
    surveys.add_question(event, survey, {"label": "Combien ?", "kind": "short_text"}, actor=organiser)
    surveys.send_survey(event, survey, actor=organiser)
    survey_token = db.session.scalar(db.select(MailMessage).where(MailMessage.kind == "survey_invitation")).context[
        "token"
    ]
    from forum.attendance import service as attendance

    attendance.check_in(event, person, actor=organiser)
    certificate = certificates.issue(event, person, actor=organiser)
    resources.add_resource(
        event,
        {"title": "Guide", "kind": "book", "visibility": "public", "url": "https://example.org/guide"},
        actor=organiser,
    )
    resources.add_annex(
        event, {"title": "Référentiel"}, FileStorage(io.BytesIO(factories.sample_file("md")), "r.md"), actor=organiser
    )
    board.board_of(event).proceedings_published = True
    db.session.commit()
    message = db.session.scalar(db.select(MailMessage.id).where(MailMessage.kind == "confirmation"))
    factories.deliver_mail()  # composed: the outbox shows each message as its person reads it
    survey_message = db.session.scalar(db.select(MailMessage.id).where(MailMessage.kind == "survey_invitation"))
    from forum.mail.service import unsubscribe_url

    unsubscribe = unsubscribe_url(person.email, "survey_invitation").rsplit("/", 1)[1]
    screen = board.board_of(event).screen_key
    from forum.team.service import invitation_token

    return {
        "slug": event.slug,
        "token": people[0].token,
        "workshop": workshop.id,
        "item": event.programme[0].id,
        "registration": person.id,
        "survey": survey.id,
        "survey_token": survey_token,
        "message": message,
        "survey_message": survey_message,
        "unsubscribe": unsubscribe,
        "screen": screen,
        "invitation": invitation_token(invitation),
        "code": certificate.code,
    }


PUBLIC = [
    "/",
    "/login",
    "/login/forgot",
    "/e/{slug}",
    "/e/{slug}/register",
    "/e/{slug}/team",
    "/e/{slug}/link",
    "/e/{slug}/link/sent",
    "/e/{slug}/proceedings",
    "/e/{slug}/resources",
    "/e/{slug}/workshops/{workshop}",
    "/r/{token}",
    "/r/{token}/board",
    "/r/{token}/edit",
    "/r/{token}/cancel",
    "/r/{token}/delete",
    "/r/{token}/resources",
    "/s/{survey_token}",
    "/join/{invitation}",
    "/verify/{code}",
    "/verify/XXXXXXXXXXXX",
    "/unsubscribe/{unsubscribe}",
    "/e/{slug}/screen?key={screen}",
    "/e/{slug}/screen/resources?key={screen}",
    "/e/nowhere",
]
ORGANISER = [
    "/manage/",
    "/manage/new",
    "/manage/import",
    "/account",
    "/admin/accounts",
    "/manage/{slug}/",
    "/manage/{slug}/edit",
    "/manage/{slug}/cancel",
    "/manage/{slug}/duplicate",
    "/manage/{slug}/programme",
    "/manage/{slug}/programme/{item}",
    "/manage/{slug}/registrations",
    "/manage/{slug}/registrations/new",
    "/manage/{slug}/registrations/{registration}",
    "/manage/{slug}/questions",
    "/manage/{slug}/checkin",
    "/manage/{slug}/exports",
    "/manage/{slug}/statistics",
    "/manage/{slug}/certificates",
    "/manage/{slug}/surveys",
    "/manage/{slug}/surveys/{survey}",
    "/manage/{slug}/team",
    "/manage/{slug}/forum",
    "/manage/{slug}/board",
    "/manage/{slug}/mail",
    "/manage/{slug}/mail/{message}",
    "/manage/{slug}/mail/{survey_message}/html",
    "/manage/{slug}/proceedings.html",
    "/manage/{slug}/resources",
]
#: forms sent empty: the page comes back with its errors
FORMS = ["/e/{slug}/register", "/e/{slug}/link", "/login"]


def test_every_page_type_is_valid_html_in_french_and_english(app, client, organiser, tmp_path):
    checker = vnu()
    ids = _day(organiser)
    pages: dict[str, bytes] = {}

    def keep(name: str, response):
        assert response.status_code < 500, (name, response.status_code)
        if response.mimetype == "text/html":
            pages[name] = response.data

    for language in ("fr", "en"):
        client.get(f"/lang/{language}")
        for path in PUBLIC:
            keep(f"{language} GET {path}", client.get(path.format(**ids)))
        for path in FORMS:
            keep(f"{language} POST {path}", client.post(path.format(**ids), data={}))
        login(client)
        for path in ORGANISER:
            keep(f"{language} GET {path}", client.get(path.format(**ids)))
        client.post("/logout")
    files = []
    for n, (name, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"page-{n:03d}.html"
        path.write_bytes(html)
        files.append((path, name))
    result = subprocess.run(
        ["java", "-jar", str(checker), "--errors-only", "--format", "json", *[str(p) for p, _ in files]],
        capture_output=True,
        text=True,
        timeout=600,
    )
    names = {p.name: name for p, name in files}
    errors = [
        f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in json.loads(result.stderr or '{"messages": []}')["messages"]
        if m.get("type") == "error"
    ]
    assert len(pages) > 90
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:60])

"""The role × action matrix against a running server: every organisers' page, API route and the board,
for each role of the team, someone of another event's team, and a visitor."""

import re

import pytest
import requests

from forum import create_app
from forum.extensions import db
from tests.board.conftest import BoardClient, refused
from tests.servers import start_app_process, stop

SECRET = "team-tests-secret-of-at-least-32-chars"
#: (method, path, action of forum.core.permissions.MATRIX); destructive ones last
ROUTES = [
    ("GET", "/manage/{slug}/", "manage"),
    ("GET", "/manage/{slug}/edit", "manage"),
    ("POST", "/manage/{slug}/edit", "manage"),
    ("GET", "/manage/{slug}/cancel", "manage"),
    ("GET", "/manage/{slug}/duplicate", "manage"),
    ("POST", "/manage/{slug}/duplicate", "manage"),
    ("GET", "/manage/{slug}/setup.json", "manage"),
    ("GET", "/manage/{slug}/programme", "manage"),
    ("POST", "/manage/{slug}/programme", "manage"),
    ("GET", "/manage/{slug}/programme/{item_id}", "manage"),
    ("POST", "/manage/{slug}/programme/{item_id}", "manage"),
    ("POST", "/manage/{slug}/programme/{item_id}/move/down", "manage"),
    ("GET", "/manage/{slug}/registrations", "manage"),
    ("GET", "/manage/{slug}/registrations.csv", "manage"),
    ("GET", "/manage/{slug}/registrations/new", "manage"),
    ("POST", "/manage/{slug}/registrations/new", "manage"),
    ("GET", "/manage/{slug}/registrations/{registration_id}", "manage"),
    ("POST", "/manage/{slug}/registrations/{registration_id}", "manage"),
    ("POST", "/manage/{slug}/registrations/{registration_id}/resend", "manage"),
    ("POST", "/manage/{slug}/capacity", "manage"),
    ("GET", "/manage/{slug}/questions", "manage"),
    ("POST", "/manage/{slug}/questions", "manage"),
    ("GET", "/manage/{slug}/questions/{form_question_id}/edit", "manage"),
    ("POST", "/manage/{slug}/questions/{form_question_id}/edit", "manage"),
    ("GET", "/manage/{slug}/mail", "manage"),
    ("GET", "/manage/{slug}/mail/{message_id}", "manage"),
    ("GET", "/manage/{slug}/mail/{message_id}/html", "manage"),
    ("GET", "/manage/{slug}/mail/{message_id}/attachments/0", "manage"),
    ("POST", "/manage/{slug}/mail/retry", "manage"),
    ("GET", "/manage/{slug}/exports", "manage"),
    ("GET", "/manage/{slug}/exports/presence.csv", "manage"),
    ("GET", "/manage/{slug}/exports/emargement.pdf", "manage"),
    ("GET", "/manage/{slug}/forum", "manage"),
    ("POST", "/manage/{slug}/forum/question", "manage"),
    ("POST", "/manage/{slug}/forum/question/{board_question_id}", "manage"),
    ("POST", "/manage/{slug}/forum/question/{board_question_id}/move/up", "manage"),
    ("GET", "/manage/{slug}/board", "manage"),
    ("POST", "/manage/{slug}/proceedings/publish", "manage"),
    ("GET", "/manage/{slug}/team", "team"),
    ("POST", "/manage/{slug}/team/invite", "team"),
    ("POST", "/manage/{slug}/team/invitations/{invitation_id}/resend", "team"),
    ("POST", "/manage/{slug}/team/{stranger_id}/role", "team"),
    ("GET", "/manage/{slug}/checkin", "checkin"),
    ("GET", "/manage/{slug}/checkin?partial=1&q=Nom", "checkin"),
    ("POST", "/manage/{slug}/checkin/{registration_id}/in", "checkin"),
    ("POST", "/manage/{slug}/checkin/{registration_id}/undo", "checkin"),
    ("POST", "/manage/{slug}/checkin/code", "checkin"),
    ("POST", "/manage/{slug}/checkin/walk-in", "checkin"),
    ("GET", "/manage/{slug}/checkin/list.json", "checkin"),
    ("POST", "/manage/{slug}/checkin/sync", "checkin"),
    ("GET", "/manage/{slug}/checkin/manifest.webmanifest", "checkin"),
    ("GET", "/manage/{slug}/certificates", "manage"),
    ("POST", "/manage/{slug}/certificates", "manage"),
    ("POST", "/manage/{slug}/certificates/issue", "manage"),
    ("POST", "/manage/{slug}/certificates/issue/{registration_id}", "manage"),
    ("GET", "/manage/{slug}/certificates/{registration_id}.pdf", "manage"),
    ("GET", "/manage/{slug}/certificates/signature", "manage"),
    ("GET", "/manage/{slug}/surveys", "manage"),
    ("POST", "/manage/{slug}/surveys", "manage"),
    ("GET", "/manage/{slug}/surveys/{survey_id}", "manage"),
    ("POST", "/manage/{slug}/surveys/{survey_id}", "manage"),
    ("POST", "/manage/{slug}/surveys/{survey_id}/questions", "manage"),
    ("POST", "/manage/{slug}/surveys/{survey_id}/questions/{survey_question_id}/delete", "manage"),
    ("POST", "/manage/{slug}/surveys/{survey_id}/close", "manage"),
    ("GET", "/manage/{slug}/surveys/{survey_id}/answers.csv", "manage"),
    ("GET", "/manage/{slug}/statistics", "statistics"),
    ("GET", "/manage/{slug}/proceedings.md", "proceedings"),
    ("GET", "/manage/{slug}/proceedings.html", "proceedings"),
    ("POST", "/manage/{slug}/team/invitations/{invitation_id}/withdraw", "team"),
    ("POST", "/manage/{slug}/team/{stranger_id}/remove", "team"),
    ("POST", "/manage/{slug}/forum/question/{board_question_id}/delete", "manage"),
    ("POST", "/manage/{slug}/questions/{form_question_id}/delete", "manage"),
    ("POST", "/manage/{slug}/programme/{item_id}/delete", "manage"),
    ("POST", "/manage/{slug}/registrations/{registration_id}/cancel", "manage"),
    ("GET", "/manage/{slug}/forum/wall.pdf", "manage"),
    ("GET", "/manage/{slug}/resources", "manage"),
    ("POST", "/manage/{slug}/resources", "manage"),
    ("GET", "/manage/{slug}/resources/poster.pdf", "manage"),
    ("POST", "/manage/{slug}/annexes", "manage"),
    ("POST", "/manage/{slug}/resources/{resource_id}/delete", "manage"),
    ("POST", "/manage/{slug}/annexes/{annex_id}/delete", "manage"),
    ("POST", "/manage/{slug}/status/draft", "manage"),
    ("POST", "/manage/{slug}/purge", "manage"),
]
API = [
    ("GET", "/api/v1/events/{slug}/registrations", "manage", None),
    ("POST", "/api/v1/events/{slug}/checkins", "checkin", {"registration_id": "{registration_id}"}),
    ("GET", "/api/v1/events/{slug}/attendance.csv", "manage", None),
]
#: every role (and someone of another event's team), and what the matrix lets them do
PEOPLE = ("stranger", "reader", "checkin", "organiser")
MAY = {
    "organiser": {"manage", "team", "checkin", "statistics", "proceedings"},
    "checkin": {"checkin"},
    "reader": {"statistics", "proceedings"},
    "stranger": set(),
}
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def team_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'team.db'}"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=SECRET, MAIL_OUTBOX_DIR=str(tmp_path / "out"))
    with app.app_context():
        db.create_all()
        ids = _day()
    server, base = start_app_process(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "MAIL_OUTBOX_DIR": str(tmp_path / "out"),
            "LOGIN_RATE_LIMIT": "1000 per minute",
        },
        log=open(tmp_path / "server.log", "w"),
    )
    yield base, ids
    stop(server)


def _day() -> dict:
    from forum.accounts.service import issue_api_token
    from forum.board import setup as board_setup
    from forum.mail.models import MailMessage
    from forum.registration import questions
    from forum.team import service as team
    from tests import factories

    organiser = factories.make_organiser()
    event = factories.make_event(organiser, registration_opens_at=None)
    stranger = factories.make_organiser("autre@example.org", "Autre réseau")
    factories.make_event(stranger, slug="autre-jour")
    checkin = factories.join_team(event, "checkin", "accueil@example.org", "Camille")
    reader = factories.join_team(event, "reader", "financeur@example.org", "Financeur")
    registration = factories.make_registration(event, 1)
    people = {"organiser": organiser, "checkin": checkin, "reader": reader, "stranger": stranger}
    return {
        "slug": event.slug,
        "item_id": event.programme[0].id,
        "registration_id": registration.id,
        "form_question_id": questions.add_form_question(
            event, {"label": "Repas ?", "kind": "yes_no"}, actor=organiser
        ).id,
        "board_question_id": board_setup.add_question(event, "Quels besoins ?", actor=organiser).id,
        "message_id": db.session.scalar(db.select(MailMessage.id).where(MailMessage.event_id == event.id)),
        "invitation_id": team.invite(event, "pending@example.org", "reader", actor=organiser).id,
        **_survey(event, organiser),
        **_resources(event, organiser),
        "stranger_id": stranger.id,
        "registrant_email": registration.email,
        "emails": {role: person.email for role, person in people.items()},
        "tokens": {role: issue_api_token(person) for role, person in people.items()},
    }


def _resources(event, organiser) -> dict:
    from forum.resources import service as resources

    resource = resources.add_resource(
        event,
        {"title": "Guide", "kind": "book", "visibility": "public", "url": "https://example.org/guide"},
        actor=organiser,
    )
    annex = resources.add_annex(event, {"title": "Référentiel", "url": "https://example.org/ref"}, actor=organiser)
    return {"resource_id": resource.id, "annex_id": annex.id}


def _survey(event, organiser) -> dict:
    from forum.surveys import service as surveys

    survey = surveys.create_survey(event, {"title": "État des lieux"}, actor=organiser)
    question = surveys.add_question(event, survey, {"label": "Combien ?", "kind": "short_text"}, actor=organiser)
    return {"survey_id": survey.id, "survey_question_id": question.id}


def _signed_in(base: str, email: str) -> tuple[requests.Session, str]:
    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/login").text).group(1)
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": token, "email": email, "password": "motdepasse-solide"},
        allow_redirects=False,
    )
    assert answer.status_code == 302, answer.text
    return session, CSRF.search(session.get(f"{base}/account").text).group(1)


def test_every_organisers_route_is_in_the_matrix():
    app = create_app("testing")
    adapter = app.url_map.bind("localhost")
    covered = {
        (adapter.match(re.sub(r"\{\w+\}", "1", path).split("?")[0], method=method)[0], method)
        for method, path, _ in ROUTES
    }
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/manage/<slug>"):
            for method in rule.methods & {"GET", "POST"}:
                assert (rule.endpoint, method) in covered, (rule.rule, method)


def test_a_visitor_is_sent_to_sign_in_everywhere(team_server):
    base, ids = team_server
    values = {k: v for k, v in ids.items() if not isinstance(v, dict)}
    visitor = requests.Session()
    for method, path, _ in ROUTES:
        answer = visitor.request(method, base + path.format(**values), allow_redirects=False)
        assert answer.status_code in (302, 400), (method, path, answer.status_code)  # POSTs without CSRF: 400
        if answer.status_code == 302:
            assert "/login" in answer.headers["Location"], (method, path)


@pytest.mark.parametrize("role", PEOPLE)
def test_each_role_reaches_exactly_what_the_matrix_allows(team_server, role):
    base, ids = team_server
    values = {k: v for k, v in ids.items() if not isinstance(v, dict)}
    session, csrf = _signed_in(base, ids["emails"][role])
    for method, path, action in ROUTES:
        data = {"csrf_token": csrf} if method == "POST" else None
        answer = session.request(method, base + path.format(**values), data=data, allow_redirects=False)
        where = (role, method, path, answer.status_code)
        if action in MAY[role]:
            assert answer.status_code not in (401, 403, 500), where
            assert "/login" not in answer.headers.get("Location", ""), where
        else:
            assert answer.status_code == 403, where
            assert ids["registrant_email"] not in answer.text, where


def test_api_tokens_carry_their_owners_roles(team_server):
    base, ids = team_server
    values = {k: v for k, v in ids.items() if not isinstance(v, dict)}
    for role in PEOPLE:
        for method, path, action, body in API:
            payload = {k: int(v.format(**values)) for k, v in body.items()} if body else None
            answer = requests.request(
                method,
                base + path.format(**values),
                json=payload,
                headers={"Authorization": f"Bearer {ids['tokens'][role]}"},
            )
            where = (role, method, path, answer.status_code)
            if action in MAY[role]:
                assert answer.status_code == 200, where
                if path.endswith("checkins"):
                    assert answer.json()["id"] == ids["registration_id"]
                else:
                    assert ids["registrant_email"] in answer.text, where
            else:
                assert answer.status_code == 403 and answer.json()["error"]["code"] == "forbidden", where
                assert ids["registrant_email"] not in answer.text, where
        assert requests.get(base + API[0][1].format(**values)).status_code == 401


def test_only_the_organisers_open_the_board_as_organisers(team_server):
    base, ids = team_server
    client = BoardClient(base, {"event": ids["slug"], "api_key": ids["tokens"]["organiser"]})
    try:
        assert client.snapshot is not None
    finally:
        client.close()
    for role in ("checkin", "reader", "stranger"):
        assert refused(base, {"event": ids["slug"], "api_key": ids["tokens"][role]}), role

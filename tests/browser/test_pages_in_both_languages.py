"""Every page a newcomer meets, in French and in English, on a phone and on a laptop: axe finds nothing, nothing
scrolls sideways, and no French is left on the English pages (issue 15)."""

import pytest

from tests.browser.test_public_pages import axe_violations, no_horizontal_scroll

pytestmark = pytest.mark.browser

PUBLIC = (
    "/e/{slug}",
    "/e/{slug}/register",
    "/r/{token}?welcome=1",
    "/r/{token}/cancel",
    "/e/{slug}/link/sent",
    "/e/{slug}/proceedings",
    "/verify/{code}",
    "/verify/AAAA-BBBB-CCCC",
    "/r/{past_token}",
    "/s/{survey_token}",
)
ORGANISERS = (
    "/manage/",
    "/manage/{slug}/",
    "/manage/{slug}/registrations",
    "/manage/{slug}/checkin",
    "/manage/{past}/certificates",
    "/manage/{slug}/surveys",
    "/manage/{slug}/surveys/{survey}",
    "/manage/{slug}/statistics",
    "/manage/{slug}/mail",
    "/manage/{slug}/board",
    "/manage/{slug}/forum",
    "/manage/{slug}/team",
    "/manage/{slug}/exports",
)
# the interface's own French words (the events' titles and places are the organisers' and stay in their language)
FRENCH_WORDS = (
    "Inscri",
    "Annuler",
    "Valider",
    "Enregistrer",
    "Rechercher",
    "Lieu",
    "Quand",
    "Personnes",
    "Envoyer",
    "Publier",
    "Retirer",
    "Fusionner",
    "Émarg",
    "Adresse",
    "Rôle",
    "Structure ",
    "Aucun",
)
INTERFACE = "label, button, th[scope=col], legend, h2, .alert, nav a"
SIZES = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def a_registration(live_server):
    from forum.events.service import get_event
    from forum.registration import service
    from tests.factories import person
    from forum.attendance import service as door
    from forum.certificates import service as certificates
    from forum.core.models import utcnow
    from forum.events.models import Event
    from forum.extensions import db

    with live_server["app"].app_context():
        slug = live_server["slugs"][2]  # the open-forum day: programme, board, workshops
        token = service.register(get_event(slug), person(700)).token
        past = db.session.scalars(db.select(Event).where(Event.ends_at < utcnow())).first()  # the demo's last year
        organiser = past.organisers[0]
        held = service.register(past, person(701), actor=organiser)
        door.check_in(past, held.registration, actor=organiser)
        code = certificates.issue(past, held.registration, actor=organiser).code
        survey, survey_token = _a_questionnaire(get_event(slug))
        return {
            "slug": slug,
            "token": token,
            "past": past.slug,
            "past_token": held.token,
            "code": code,
            "survey": survey,
            "survey_token": survey_token,
        }


def _a_questionnaire(event) -> tuple[int, str]:
    """A questionnaire sent, one answer given; the survey's id and the personal link of someone who answered."""
    from forum.extensions import db
    from forum.mail.models import MailMessage
    from forum.surveys import service as surveys

    organiser = event.organisers[0]
    survey = surveys.create_survey(event, {"title": "État des lieux de la médiation"}, actor=organiser)
    for question in (
        {"label": "Combien de médiateurs ?", "kind": "choice", "options": "1 à 5\n6 à 20", "required": True},
        {"label": "Un projet ?", "kind": "yes_no"},
        {"label": "Commentaire", "kind": "long_text"},
    ):
        surveys.add_question(event, survey, question, actor=organiser)
    surveys.send_survey(event, survey, actor=organiser)
    token = (
        db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "survey_invitation"))
        .first()
        .context["token"]
    )
    surveys.answer(token, {str(survey.questions[0].id): "1 à 5", str(survey.questions[1].id): True})
    return survey.id, token


def _french_left(page) -> list[str]:
    text = "\n".join(page.locator(INTERFACE).all_inner_texts())
    return [word for word in FRENCH_WORDS if word in text]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_a_newcomers_pages_pass_axe_in_both_languages(browser, live_server, a_registration, locale, size, tmp_path):
    context = browser.new_context(viewport=SIZES[size], locale=locale)
    page = context.new_page()
    for path in PUBLIC:
        page.goto(live_server["url"] + path.format(**a_registration))
        assert page.locator("html").get_attribute("lang") == locale[:2], path
        assert axe_violations(page) == [], path
        assert no_horizontal_scroll(page), path
        if locale == "en-GB":
            assert _french_left(page) == [], path
    context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_the_organisers_pages_pass_axe_in_both_languages(browser, live_server, a_registration, locale, size, tmp_path):
    from forum.demo import DEMO_EMAIL, DEMO_PASSWORD

    context = browser.new_context(viewport=SIZES[size], locale=locale)
    page = context.new_page()
    page.goto(live_server["url"] + "/login")
    page.fill("#email", DEMO_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/manage/")
    for path in ORGANISERS:
        page.goto(live_server["url"] + path.format(**a_registration))
        assert axe_violations(page) == [], path
        assert no_horizontal_scroll(page), path
        if locale == "en-GB":
            assert _french_left(page) == [], path
        page.screenshot(
            path=str(
                tmp_path / f"{path.format(slug='event', past='past', survey='survey').strip('/').replace('/', '_')}.png"
            ),
            full_page=True,
        )
    context.close()

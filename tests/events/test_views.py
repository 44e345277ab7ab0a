import re

import pytest

from forum.events import service
from forum.events.models import Event
from tests.factories import make_event


def test_home_lists_published_events(client, event):
    page = client.get("/").get_data(as_text=True)
    assert event.title in page


def test_event_page_shows_date_in_french_with_programme(client, event):
    page = client.get(f"/e/{event.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "jeudi 13\u00a0juin\u00a02030, 13\u00a0h\u00a030 – 17\u00a0h\u00a000" in page
    assert "Salle Erro (1er étage)" in page
    assert "Forum ouvert" in page
    assert "lundi 10\u00a0juin\u00a02030 à 23\u00a0h\u00a059" in page


def test_event_page_in_english(client, event):
    page = client.get(f"/e/{event.slug}", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert (
        "Thursday 13 June 2030, 1:30\u202fPM – 5:00\u202fPM" in page
        or "Thursday 13 June 2030, 1:30 PM – 5:00 PM" in page
    )
    assert "Programme" in page and "Add to my calendar" in page
    assert '<html lang="en">' in page


def test_french_is_the_default_language(client, event):
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Ajouter à mon agenda" in page


def test_language_choice_is_remembered(client, event):
    response = client.get(f"/lang/en?next=/e/{event.slug}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/e/{event.slug}")
    page = client.get(f"/e/{event.slug}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_language_switch_refuses_foreign_redirects(client):
    response = client.get("/lang/en?next=https://evil.example.com/")
    assert response.headers["Location"] == "/"


def test_martinique_event_is_shown_in_its_own_time(client, organiser):
    from datetime import datetime

    event = make_event(
        organiser,
        slug="forum-martinique",
        timezone="America/Martinique",
        starts_at=datetime(2030, 11, 22, 8, 0),
        ends_at=datetime(2030, 11, 22, 12, 0),
        registration_opens_at=None,
        registration_closes_at=datetime(2030, 11, 18, 23, 59),
        programme=False,
    )
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "vendredi 22\u00a0novembre\u00a02030, 8\u00a0h\u00a000 – 12\u00a0h\u00a000" in page
    assert "America/Martinique" in page


def test_draft_is_a_404_for_the_public(client, organiser):
    event = make_event(organiser, status="draft")
    assert client.get(f"/e/{event.slug}").status_code == 404


def test_unknown_slug_is_a_translated_404(client):
    response = client.get("/e/nulle-part", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "This page does not exist." in response.get_data(as_text=True)
    response = client.get("/e/nulle-part", headers={"Accept-Language": "fr"})
    assert "Cette page n’existe pas." in response.get_data(as_text=True)


def test_cancelled_event_says_so(client, organiser):
    event = make_event(organiser, status="cancelled")
    assert "Cet évènement est annulé." in client.get(f"/e/{event.slug}").get_data(as_text=True)


def test_event_text_is_escaped(client, organiser):
    event = make_event(organiser, title="<script>alert(1)</script>")
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


# -- organisers ---------------------------------------------------------


def test_create_event_through_the_form(signed_in, db):
    response = signed_in.post(
        "/manage/new",
        data={
            "title": "Forum sur la médiation sociale",
            "timezone": "America/Martinique",
            "starts_at": "2030-11-22T08:00",
            "ends_at": "2030-11-22T12:00",
            "capacity": "120",
            "venue_name": "Palais des Congrès",
            "venue_room": "Salon Tainos",
            "waitlist": "y",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(db.select(Event))
    assert event.slug == "forum-sur-la-mediation-sociale-2030-11-22" and event.timezone == "America/Martinique"


def test_language_of_the_day_is_chosen_in_the_form(signed_in, db):
    page = signed_in.get("/manage/new", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Language of the day" in page and '<option value="en">English</option>' in page
    signed_in.post(
        "/manage/new",
        data={
            "title": "Regional day",
            "timezone": "Europe/Paris",
            "language": "en",
            "starts_at": "2030-11-22T08:00",
            "ends_at": "2030-11-22T12:00",
            "capacity": "120",
        },
    )
    assert db.session.scalar(db.select(Event)).language == "en"


def test_a_made_address_is_cut_between_two_words(signed_in, db):
    signed_in.post(
        "/manage/new",
        data={
            "title": "Rencontre régionale des acteurs de la médiation sociale des Hauts-de-France",
            "timezone": "Europe/Paris",
            "starts_at": "2030-11-22T08:00",
            "ends_at": "2030-11-22T12:00",
            "capacity": "120",
        },
    )
    slug = db.session.scalar(db.select(Event)).slug
    assert slug == "rencontre-regionale-des-acteurs-de-la-mediation-2030-11-22"


def test_create_form_shows_errors_and_keeps_what_was_typed(signed_in):
    response = signed_in.post(
        "/manage/new",
        data={
            "title": "Rencontre des médiateurs",
            "timezone": "Europe/Paris",
            "starts_at": "2030-06-13T17:00",
            "ends_at": "2030-06-13T13:30",
            "capacity": "abc",
            "venue_room": "Salle Erro",
        },
        headers={"Accept-Language": "fr"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Rencontre des médiateurs"' in page and 'value="Salle Erro"' in page
    assert "Saisissez un nombre entier de 1 à 100000." in page


def test_end_before_start_is_shown_next_to_the_field(signed_in):
    response = signed_in.post(
        "/manage/new",
        data={
            "title": "Rencontre",
            "timezone": "Europe/Paris",
            "starts_at": "2030-06-13T17:00",
            "ends_at": "2030-06-13T13:30",
            "capacity": "50",
        },
        headers={"Accept-Language": "en"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="ends_at-error">\s*<li>The end must come after the start.</li>', page)


def test_bad_datetime_is_a_field_error_not_a_500(signed_in):
    response = signed_in.post(
        "/manage/new",
        data={
            "title": "Rencontre",
            "timezone": "Europe/Paris",
            "starts_at": "demain",
            "ends_at": "2030-06-13T13:30",
            "capacity": "50",
        },
    )
    assert response.status_code == 422
    assert 'value="demain"' in response.get_data(as_text=True)


def test_edit_event(signed_in, event):
    response = signed_in.post(
        f"/manage/{event.slug}/edit",
        data={
            "title": event.title,
            "slug": event.slug,
            "timezone": "Europe/Paris",
            "starts_at": "2030-06-13T13:30",
            "ends_at": "2030-06-13T17:00",
            "capacity": "100",
            "venue_name": "Mairie de Lille",
            "venue_room": "Salle du Conseil",
        },
    )
    assert response.status_code == 302
    assert event.capacity == 100 and event.venue_room == "Salle du Conseil" and event.ical_sequence == 1


def test_publish_and_cancel_buttons(signed_in, organiser):
    event = make_event(organiser, status="draft")
    assert signed_in.post(f"/manage/{event.slug}/status/published").status_code == 302
    assert event.status == "published"
    assert "Oui, annuler" in signed_in.get(f"/manage/{event.slug}/cancel").get_data(as_text=True)
    signed_in.post(f"/manage/{event.slug}/status/cancelled")
    assert event.status == "cancelled"


def test_unknown_status_is_a_4xx(signed_in, event):
    assert signed_in.post(f"/manage/{event.slug}/status/archived").status_code == 400


def test_duplicate_through_the_form(signed_in, event, db):
    response = signed_in.post(
        f"/manage/{event.slug}/duplicate",
        data={"starts_on": "2030-10-03", "title": "Rencontre des encadrants", "audience": "Encadrants"},
    )
    assert response.status_code == 302
    copy = db.session.scalar(db.select(Event).where(Event.title == "Rencontre des encadrants"))
    assert copy.status == "draft" and copy.starts_at.isoformat() == "2030-10-03T13:30:00"


def test_add_programme_item_through_the_form(signed_in, organiser):
    event = make_event(organiser, programme=False)
    response = signed_in.post(
        f"/manage/{event.slug}/programme",
        data={
            "starts_at": "2030-06-13T14:00",
            "ends_at": "2030-06-13T15:00",
            "kind": "round_table",
            "title": "Table ronde",
            "moderator": "Pascale Stoven",
            "speakers": "Laurent Giraud\nCandice Vincent",
        },
    )
    assert response.status_code == 302
    assert event.programme[0].speakers == ["Laurent Giraud", "Candice Vincent"]


def test_programme_overlap_error_keeps_the_form(signed_in, event):
    response = signed_in.post(
        f"/manage/{event.slug}/programme",
        data={"starts_at": "2030-06-13T14:00", "ends_at": "2030-06-13T15:00", "kind": "talk", "title": "Intervention"},
        headers={"Accept-Language": "fr"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "chevauche «\u00a0Forum ouvert\u00a0»" in page and 'value="Intervention"' in page


def test_move_and_delete_programme_items(signed_in, event):
    closing = event.programme[-1]
    signed_in.post(f"/manage/{event.slug}/programme/{closing.id}/move/up")
    assert event.programme[1].id == closing.id
    signed_in.post(f"/manage/{event.slug}/programme/{closing.id}/delete")
    assert closing.id not in [i.id for i in event.programme]


def test_download_and_upload_the_setup_file(signed_in, event, db):
    body = signed_in.get(f"/manage/{event.slug}/setup.json")
    assert body.status_code == 200 and body.mimetype == "application/json"
    text = body.get_data(as_text=True).replace(event.slug, "copie-lille")
    import io

    response = signed_in.post(
        "/manage/import", data={"file": (io.BytesIO(text.encode()), "e.json")}, content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert service.get_event("copie-lille").title == event.title


def test_upload_of_a_bad_file_names_the_problem(signed_in):
    import io

    response = signed_in.post(
        "/manage/import",
        data={"file": (io.BytesIO(b'{"format": "forum-event/1", "colour": 1}'), "e.json")},
        content_type="multipart/form-data",
        headers={"Accept-Language": "en"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "unknown key “colour”" in page and "“slug” is missing" in page


# -- who may do what ----------------------------------------------------

ORGANISER_ROUTES = [
    ("GET", "/manage/{slug}/"),
    ("GET", "/manage/{slug}/edit"),
    ("POST", "/manage/{slug}/edit"),
    ("POST", "/manage/{slug}/status/published"),
    ("POST", "/manage/{slug}/status/cancelled"),
    ("GET", "/manage/{slug}/cancel"),
    ("GET", "/manage/{slug}/duplicate"),
    ("POST", "/manage/{slug}/duplicate"),
    ("GET", "/manage/{slug}/team"),
    ("POST", "/manage/{slug}/team/invite"),
    ("POST", "/manage/{slug}/team/{organiser_id}/role"),
    ("POST", "/manage/{slug}/team/{organiser_id}/remove"),
    ("GET", "/manage/{slug}/programme"),
    ("POST", "/manage/{slug}/programme"),
    ("GET", "/manage/{slug}/programme/{item_id}"),
    ("POST", "/manage/{slug}/programme/{item_id}"),
    ("POST", "/manage/{slug}/programme/{item_id}/delete"),
    ("POST", "/manage/{slug}/programme/{item_id}/move/down"),
    ("GET", "/manage/{slug}/setup.json"),
    ("GET", "/manage/{slug}/forum"),
    ("POST", "/manage/{slug}/forum/question"),
    ("POST", "/manage/{slug}/forum/question/{question_id}"),
    ("POST", "/manage/{slug}/forum/question/{question_id}/delete"),
    ("POST", "/manage/{slug}/forum/question/{question_id}/move/up"),
    ("POST", "/manage/{slug}/forum/space"),
    ("POST", "/manage/{slug}/forum/slot"),
    ("POST", "/manage/{slug}/forum/workshop"),
]


@pytest.fixture
def routes(event, organiser):
    from forum.board import setup as board

    question = board.add_question(event, "Quels besoins ?", actor=organiser)
    values = {
        "slug": event.slug,
        "organiser_id": organiser.id,
        "item_id": event.programme[0].id,
        "question_id": question.id,
    }
    return [(method, path.format(**values)) for method, path in ORGANISER_ROUTES]


def test_visitors_are_sent_to_sign_in_on_every_organiser_route(client, routes, event):
    before = (event.title, event.status, len(event.programme))
    for method, path in routes:
        response = client.open(path, method=method, data={"title": "x"})
        assert response.status_code == 302 and "/login" in response.headers["Location"], (method, path)
    assert (event.title, event.status, len(event.programme)) == before


def test_another_organiser_is_refused_on_every_organiser_route(client, routes, event, other_organiser):
    from tests.conftest import login

    login(client, email=other_organiser.email)
    before = (event.title, event.status, len(event.programme))
    for method, path in routes:
        response = client.open(path, method=method, data={"title": "x", "text": "Piratage ?"})
        assert response.status_code == 403, (method, path, response.status_code)
    assert (event.title, event.status, len(event.programme)) == before


def test_dashboard_lists_only_my_events(client, event, other_organiser):
    from tests.conftest import login

    login(client, email=other_organiser.email)
    assert event.title not in client.get("/manage/").get_data(as_text=True)

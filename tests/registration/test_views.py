import re

import pytest

from forum.registration import questions, service
from forum.registration.models import Registration
from tests.conftest import login
from tests.factories import make_event, person


@pytest.fixture
def open_event(organiser):
    return make_event(organiser, slug="ouvert", capacity=1, registration_opens_at=None, registration_closes_at=None)


def form_data(n=1, **overrides):
    data = person(n, **overrides)
    data["consent"] = "y" if data.pop("consent") else ""
    return {k: v for k, v in data.items() if v is not None}


def token_of(client_or_none, reg):
    return service.personal_token(reg)


def test_event_page_shows_seats_left_and_the_bulletin(client, open_event):
    page = client.get("/e/ouvert").get_data(as_text=True)
    assert "1\u00a0place restante" in page and "Bulletin d’inscription" in page
    assert 'name="first_name"' in page and 'name="consent"' in page


def test_registering_answers_with_the_personal_page_saying_seat_link_and_calendar(client, open_event, db):
    response = client.post("/e/ouvert/register", data=form_data(1), headers={"Accept-Language": "fr"})
    registration = db.session.scalar(db.select(Registration))
    token = service.personal_token(registration)
    assert response.status_code == 302 and response.headers["Location"] == f"/r/{token}?welcome=1"
    page = client.get(response.headers["Location"], headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Merci, vous êtes inscrit·e" in page and "Votre place est confirmée." in page
    assert "Nous envoyons une confirmation à personne1@example.org" in page
    assert f"http://localhost/r/{token}" in page and f"/r/{token}/invitation.ics" in page


def test_a_waitlisted_person_sees_their_place_at_once(client, open_event, db):
    client.post("/e/ouvert/register", data=form_data(1))
    response = client.post("/e/ouvert/register", data=form_data(2), headers={"Accept-Language": "fr"})
    page = client.get(response.headers["Location"], headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Vous êtes numéro 1 sur la liste d’attente." in page
    assert "avec votre place sur la liste d’attente" in page


def test_reloading_the_confirmation_registers_nobody_again(client, open_event, db):
    location = client.post("/e/ouvert/register", data=form_data(1)).headers["Location"]
    for _ in range(3):
        assert client.get(location).status_code == 200
    assert db.session.scalar(db.select(db.func.count()).select_from(Registration)) == 1


def test_an_address_already_registered_gets_the_answer_any_address_gets(client, open_event):
    client.post("/e/ouvert/register", data=form_data(1))
    again = client.post("/e/ouvert/register", data=form_data(1))
    assert again.status_code == 302 and again.headers["Location"] == "/e/ouvert/link/sent"
    told = client.get("/e/ouvert/link/sent").get_data(as_text=True)
    unknown = client.post("/e/ouvert/link", data={"email": "personne1@example.org"})
    assert unknown.headers["Location"] == "/e/ouvert/link/sent"
    assert client.get("/e/ouvert/link/sent").get_data(as_text=True) == told
    assert "personne1@example.org" in told and "/r/" not in told


def test_form_errors_keep_what_was_typed(client, open_event):
    response = client.post(
        "/e/ouvert/register", data=form_data(1, email="pas-une-adresse", consent=False, needs="Fauteuil roulant")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Saisissez une adresse e-mail valide." in page and "Merci d’accepter l’utilisation de vos données" in page
    assert 'value="pas-une-adresse"' in page and "Fauteuil roulant" in page and 'value="Prénom1"' in page


def test_full_event_offers_the_waiting_list(client, open_event):
    service.register(open_event, person(1))
    page = client.get("/e/ouvert").get_data(as_text=True)
    assert "M’inscrire sur la liste d’attente" in page and "0\u00a0place restante" in page


def test_closed_registration_says_so(client, organiser):
    from datetime import datetime, timedelta

    start = datetime.now() + timedelta(days=20)
    make_event(
        organiser,
        slug="bientot",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        programme=False,
        registration_opens_at=datetime.now() + timedelta(days=2),
        registration_closes_at=start - timedelta(days=1),
    )
    page = client.get("/e/bientot").get_data(as_text=True)
    assert "Les inscriptions ouvrent le" in page and 'name="first_name"' not in page
    response = client.post("/e/bientot/register", data=form_data(1))
    assert response.status_code == 422 and "Les inscriptions ouvrent le" in response.get_data(as_text=True)


def test_personal_page_edit_cancel_and_ics(client, open_event):
    result = service.register(open_event, person(1))
    token = result.token
    page = client.get(f"/r/{token}").get_data(as_text=True)
    assert "Votre place est confirmée." in page and "personne1@example.org" in page
    response = client.post(f"/r/{token}/edit", data=form_data(1, territory="Roubaix") | {"consent": ""})
    assert response.status_code == 302 and result.registration.territory == "Roubaix"
    ics = client.get(f"/r/{token}/invitation.ics")
    assert "method=REQUEST" in ics.headers["Content-Type"] and b"METHOD:REQUEST" in ics.data
    page = client.get(f"/r/{token}/cancel").get_data(as_text=True)
    assert "Oui, annuler mon inscription" in page and "Non, garder mon inscription" in page
    client.post(f"/r/{token}/cancel")
    assert result.registration.status == "cancelled"
    assert b"METHOD:CANCEL" in client.get(f"/r/{token}/invitation.ics").data


def test_personal_page_shows_the_waiting_position(client, open_event):
    service.register(open_event, person(1))
    token = service.register(open_event, person(2)).token
    assert "numéro 1 sur la liste d’attente" in client.get(f"/r/{token}").get_data(as_text=True)


def test_bad_link_is_a_translated_404(client):
    response = client.get("/r/nimportequoi", headers={"Accept-Language": "en"})
    assert response.status_code == 404 and "personal link is not valid" in response.get_data(as_text=True)


def test_export_and_delete_my_data(client, open_event, db):
    token = service.register(open_event, person(1)).token
    data = client.get(f"/r/{token}/data.json").get_json()
    assert data["registration"]["email"] == "personne1@example.org"
    client.post(f"/r/{token}/delete")
    assert db.session.scalar(db.select(Registration)) is None
    assert client.get(f"/r/{token}").status_code == 404


def test_resend_link_does_not_reveal_who_is_registered(client, open_event, db):
    from forum.mail.models import MailMessage

    service.register(open_event, person(1))
    known = client.post("/e/ouvert/link", data={"email": "personne1@example.org"}).get_data(as_text=True)
    unknown = client.post("/e/ouvert/link", data={"email": "inconnu@example.org"}).get_data(as_text=True)
    assert known.replace("personne1@example.org", "X") == unknown.replace("inconnu@example.org", "X")
    kinds = [m.kind for m in db.session.scalars(db.select(MailMessage))]
    assert kinds == ["confirmation", "link"]


def test_team_registration_form(client, open_event, db):
    data = {
        "contact_name": "Responsable",
        "contact_email": "chef@example.org",
        "organisation": "Ville de Lille",
        "consent": "y",
        "locale": "fr",
    }
    for n in range(2):
        data |= {
            f"members-{n}-first_name": f"P{n}",
            f"members-{n}-last_name": f"N{n}",
            f"members-{n}-email": f"m{n}@example.org",
            f"members-{n}-role": "mediateur",
        }
    data |= {"members-2-first_name": "", "members-2-last_name": "", "members-2-email": ""}
    response = client.post("/e/ouvert/team", data=data)
    assert response.status_code == 302 and response.headers["Location"] == "/e/ouvert/team/registered"
    page = client.get("/e/ouvert/team/registered").get_data(as_text=True)
    assert "L’équipe est inscrite" in page and "P0 N0" in page and "P1 N1" in page
    statuses = [r.status for r in db.session.scalars(db.select(Registration).order_by(Registration.id))]
    assert statuses == ["confirmed", "waitlisted"]


def test_team_error_is_shown_next_to_the_member(client, open_event):
    data = {
        "contact_name": "R",
        "contact_email": "chef@example.org",
        "organisation": "Ville",
        "consent": "y",
        "members-0-first_name": "A",
        "members-0-last_name": "B",
        "members-0-email": "faux",
        "members-0-role": "elu",
    }
    response = client.post("/e/ouvert/team", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'id="members-0-email-error">\s*<li>Saisissez une adresse e-mail valide.', page)


# -- organisers ---------------------------------------------------------


def test_list_counts_search_and_filters(signed_in, open_event):
    service.register(open_event, person(1, last_name="Lefèvre", organisation="Citéo"))
    service.register(open_event, person(2, last_name="Martin", organisation="Ville de Lille", role="elu"))
    page = signed_in.get("/manage/ouvert/registrations").get_data(as_text=True)
    assert "Lefèvre" in page and "Martin" in page and "<strong>1</strong> confirmée<" in page
    page = signed_in.get("/manage/ouvert/registrations?q=lef").get_data(as_text=True)
    assert "Lefèvre" in page and "Martin" not in page
    page = signed_in.get("/manage/ouvert/registrations?status=waitlisted&partial=1").get_data(as_text=True)
    assert "Martin" in page and "Lefèvre" not in page and "<html" not in page
    page = signed_in.get("/manage/ouvert/registrations?role=elu&organisation=lille").get_data(as_text=True)
    assert "Martin" in page and "Lefèvre" not in page


def test_csv_export_has_bom_accents_and_answers(signed_in, open_event, organiser):
    q = questions.add_form_question(open_event, {"label": "Repas ?", "kind": "yes_no"}, actor=organiser)
    service.register(open_event, person(1, last_name="Lefèvre"), answers={str(q.id): "yes"})
    text = signed_in.get("/manage/ouvert/registrations.csv?delimiter=semicolon").get_data(as_text=True)
    lines = text.splitlines()
    assert lines[0].startswith("\ufeffid;nom;prénom") and lines[0].endswith(";Repas ?")
    assert "Lefèvre" in lines[1] and lines[1].endswith(";oui")


def test_organiser_adds_someone_after_the_deadline(signed_in, organiser, db):
    from datetime import datetime, timedelta

    start = datetime.now() + timedelta(days=20)
    make_event(
        organiser,
        slug="clos",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        programme=False,
        registration_opens_at=None,
        registration_closes_at=datetime.now() - timedelta(days=1),
    )
    response = signed_in.post("/manage/clos/registrations/new", data=form_data(1))
    assert response.status_code == 302
    assert db.session.scalar(db.select(Registration)).added_by_organiser


def test_organiser_actions(signed_in, open_event):
    a = service.register(open_event, person(1)).registration
    b = service.register(open_event, person(2)).registration
    signed_in.post(f"/manage/ouvert/registrations/{b.id}/promote")
    assert b.status == "confirmed" and open_event.capacity == 2
    signed_in.post(f"/manage/ouvert/registrations/{a.id}/cancel")
    assert a.status == "cancelled"
    signed_in.post(f"/manage/ouvert/registrations/{b.id}/resend")
    signed_in.post(f"/manage/ouvert/registrations/{a.id}/remove")
    assert service.counts(open_event)["cancelled"] == 0
    response = signed_in.post(
        f"/manage/ouvert/registrations/{b.id}", data=form_data(2, territory="Douai") | {"consent": ""}
    )
    assert response.status_code == 302 and b.territory == "Douai"


def test_capacity_change_promotes_and_refuses_too_low(signed_in, open_event):
    service.register(open_event, person(1))
    waiting = service.register(open_event, person(2)).registration
    signed_in.post("/manage/ouvert/capacity", data={"capacity": "2"})
    assert waiting.status == "confirmed"
    signed_in.post("/manage/ouvert/capacity", data={"capacity": "1"})
    assert open_event.capacity == 2


def test_custom_questions_page(signed_in, open_event, client):
    response = signed_in.post(
        "/manage/ouvert/questions",
        data={"label": "Atelier préféré", "kind": "choice", "options": "Illectronisme\nFormation"},
    )
    assert response.status_code == 302
    assert "Atelier préféré" in client.get("/e/ouvert").get_data(as_text=True)
    response = signed_in.post("/manage/ouvert/questions", data={"label": "", "kind": "choice", "options": ""})
    assert response.status_code == 422


def test_a_question_is_changed_from_its_page(signed_in, open_event, client):
    q = questions.add_form_question(
        open_event, {"label": "Atelier prefere", "kind": "choice", "options": "A\nB"}, actor=open_event.organisers[0]
    )
    page = signed_in.get(f"/manage/ouvert/questions/{q.id}/edit").get_data(as_text=True)
    assert 'value="Atelier prefere"' in page and 'selected value="choice"' in page and "A\nB</textarea>" in page
    response = signed_in.post(
        f"/manage/ouvert/questions/{q.id}/edit",
        data={"label": "Atelier préféré", "kind": "choice", "options": "A\nB\nC"},
    )
    assert response.status_code == 302
    assert "Atelier préféré" in client.get("/e/ouvert").get_data(as_text=True)


def test_a_refused_question_change_keeps_what_was_typed(signed_in, open_event):
    q = questions.add_form_question(
        open_event, {"label": "Déjeuner ?", "kind": "short_text"}, actor=open_event.organisers[0]
    )
    service.register(open_event, person(1), answers={str(q.id): "oui"})
    response = signed_in.post(
        f"/manage/ouvert/questions/{q.id}/edit", data={"label": "Déjeuner sur place ?", "kind": "yes_no"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ne peut plus changer" in page and 'value="Déjeuner sur place ?"' in page


def test_question_pages_refuse_visitors_and_other_organisers(client, open_event, other_organiser):
    q = questions.add_form_question(
        open_event, {"label": "Atelier", "kind": "short_text"}, actor=open_event.organisers[0]
    )
    path = f"/manage/ouvert/questions/{q.id}/edit"
    for method in ("GET", "POST"):
        response = client.open(path, method=method, data={"label": "Piraté", "kind": "short_text"})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(client, email=other_organiser.email)
    for method in ("GET", "POST"):
        assert client.open(path, method=method, data={"label": "Piraté", "kind": "short_text"}).status_code == 403
    assert q.label == "Atelier"


ORGANISER_ROUTES = [
    ("GET", "/manage/ouvert/registrations"),
    ("GET", "/manage/ouvert/registrations.csv"),
    ("GET", "/manage/ouvert/registrations/new"),
    ("POST", "/manage/ouvert/registrations/new"),
    ("GET", "/manage/ouvert/registrations/{id}"),
    ("POST", "/manage/ouvert/registrations/{id}"),
    ("POST", "/manage/ouvert/registrations/{id}/cancel"),
    ("POST", "/manage/ouvert/registrations/{id}/remove"),
    ("POST", "/manage/ouvert/registrations/{id}/promote"),
    ("POST", "/manage/ouvert/registrations/{id}/resend"),
    ("POST", "/manage/ouvert/capacity"),
    ("GET", "/manage/ouvert/questions"),
    ("POST", "/manage/ouvert/questions"),
    ("GET", "/manage/ouvert/mail"),
    ("POST", "/manage/ouvert/mail/retry"),
]


def test_registration_routes_refuse_visitors_and_other_organisers(client, open_event, other_organiser):
    reg = service.register(open_event, person(1)).registration
    routes = [(m, p.format(id=reg.id)) for m, p in ORGANISER_ROUTES]
    for method, path in routes:
        response = client.open(path, method=method, data=form_data(5) | {"capacity": "9"})
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    login(client, email=other_organiser.email)
    for method, path in routes:
        response = client.open(path, method=method, data=form_data(5) | {"capacity": "9"})
        assert response.status_code == 403, (path, response.status_code)
    assert (reg.status, open_event.capacity, service.counts(open_event)["confirmed"]) == ("confirmed", 1, 1)


def test_personal_page_shows_the_check_in_qr_code(client, open_event):
    import html
    import re
    from urllib.parse import unquote

    import segno

    result = service.register(open_event, person(1))
    page = client.get(f"/r/{result.token}").get_data(as_text=True)
    src = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page).group(1)
    code = segno.make_qr(result.registration.checkin_code, error="m")
    assert not code.is_micro  # a Micro QR is what a phone's camera does not read
    expected = code.svg_data_uri(scale=8, border=4)
    assert html.unescape(src) == expected and "<svg" in unquote(expected)
    assert "Présentez ce code à l’accueil" in page

"""The team page and the invitation's page, through HTTP, in French and English."""

from forum.team import service as team
from tests.factories import PASSWORD, join_team

EN, FR = {"Accept-Language": "en"}, {"Accept-Language": "fr"}


def test_the_team_page_lists_roles_and_unanswered_invitations_in_english(signed_in, event, organiser):
    join_team(event, "checkin", "accueil@example.org", "Camille")
    team.invite(event, "pending@example.org", "reader", actor=organiser)
    page = signed_in.get(f"/manage/{event.slug}/team", headers=EN).get_data(as_text=True)
    assert "Camille" in page and "Check-in desk" in page and "pending@example.org" in page
    assert "Accueil" not in page and "Lecture" not in page and "Équipe" not in page


def test_an_organiser_changes_a_role_from_the_team_page(signed_in, event):
    volunteer = join_team(event, "checkin", "accueil@example.org", "Camille")
    answer = signed_in.post(f"/manage/{event.slug}/team/{volunteer.id}/role", data={"role": "reader"})
    assert answer.status_code == 302 and event.role_of(volunteer) == "reader"


def test_inviting_with_a_bad_address_keeps_what_was_typed(signed_in, event):
    answer = signed_in.post(
        f"/manage/{event.slug}/team/invite", data={"email": "pas-une-adresse", "role": "checkin"}, headers=FR
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Saisissez une adresse e-mail valide." in page
    assert 'value="pas-une-adresse"' in page


def test_someone_with_an_account_joins_with_one_button(client, event, organiser, other_organiser):
    invitation = team.invite(event, other_organiser.email, "reader", actor=organiser)
    path = "/join/" + team.invitation_token(invitation)
    page = client.get(path, headers=FR).get_data(as_text=True)
    assert "Vous avez déjà un compte" in page and 'type="password"' not in page
    answer = client.post(path)
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert event.role_of(other_organiser) == "reader"
    assert client.get(path, headers=FR).status_code == 404


def test_a_new_person_joins_from_the_page(client, event, organiser):
    invitation = team.invite(event, "nouvelle@example.org", "checkin", actor=organiser)
    path = "/join/" + team.invitation_token(invitation)
    refused = client.post(path, data={"name": "Inès", "password": "court", "password_again": "court"}, headers=FR)
    assert refused.status_code == 422 and "au moins 8 caractères" in refused.get_data(as_text=True)
    joined = client.post(path, data={"name": "Inès", "password": PASSWORD, "password_again": PASSWORD})
    assert joined.status_code == 302 and joined.headers["Location"] == f"/manage/{event.slug}/checkin"
    assert client.get(f"/manage/{event.slug}/checkin").status_code == 200  # signed in by joining: no second form
    assert client.get(f"/manage/{event.slug}/registrations").status_code == 403


def test_an_expired_invitation_says_so(client, event, organiser, db):
    invitation = team.invite(event, "a@example.org", "checkin", actor=organiser)
    invitation.expires_at = invitation.sent_at
    db.session.commit()
    answer = client.get("/join/" + team.invitation_token(invitation), headers=FR)
    assert answer.status_code == 410 and "Cette invitation a expiré" in answer.get_data(as_text=True)


def test_a_door_volunteer_is_offered_neither_a_new_event_nor_an_import(client, event):
    join_team(event, "checkin", "accueil@example.org", "Camille")
    assert client.post("/login", data={"email": "accueil@example.org", "password": PASSWORD}).status_code == 302
    page = client.get("/manage/", headers=FR).get_data(as_text=True)
    assert "Nouvel évènement" not in page and "Importer un fichier" not in page and event.title in page
    assert client.get("/manage/new").status_code == 403 and client.get("/manage/import").status_code == 403
    refused = client.post("/manage/new", data={"title": "Ma journée"}, headers=FR)
    assert refused.status_code == 403 and "Seuls les administrateurs" in refused.get_data(as_text=True)

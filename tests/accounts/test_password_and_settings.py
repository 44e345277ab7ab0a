"""Forgotten password, one's own settings and API tokens, the administrators' page: through the pages, with
a real SMTP server."""

import re

import pytest

from forum import create_app
from forum.accounts import service as accounts
from forum.core.errors import DomainError
from forum.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD

RESET = re.compile(r"https?://\S+(/login/reset/[A-Za-z0-9_.-]+)")
FR = {"Accept-Language": "fr"}


def _reset_path(message) -> str:
    return RESET.search(message.get_body(("plain",)).get_content()).group(1)


def test_a_forgotten_password_is_chosen_again_from_a_link_that_works_once(client, organiser, smtp):
    answer = client.post("/login/forgot", data={"email": organiser.email.upper()}, headers=FR, follow_redirects=True)
    assert "un e-mail avec un lien pour choisir un nouveau mot de passe est en route" in answer.get_data(as_text=True)
    [message] = smtp.messages
    path = _reset_path(message)
    assert message["To"] == organiser.email and "Choisir un nouveau mot de passe" == message["Subject"]
    assert client.get(path).status_code == 200
    answer = client.post(path, data={"password": "nouveau-mot-de-passe", "password_again": "nouveau-mot-de-passe"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login"
    assert login(client, password=PASSWORD).status_code == 422
    assert login(client, password="nouveau-mot-de-passe").status_code == 302
    again = client.get(path, headers=FR)
    assert again.status_code == 404 and "n’est plus valable" in again.get_data(as_text=True)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, organiser, smtp):
    known = client.post("/login/forgot", data={"email": organiser.email}, headers=FR, follow_redirects=True)
    unknown = client.post("/login/forgot", data={"email": "personne@example.org"}, headers=FR, follow_redirects=True)
    assert (known.status_code, known.get_data(as_text=True)) == (unknown.status_code, unknown.get_data(as_text=True))
    assert [m["To"] for m in smtp.messages] == [organiser.email]


def test_the_two_new_passwords_must_match(client, organiser, smtp):
    client.post("/login/forgot", data={"email": organiser.email})
    path = _reset_path(smtp.messages[0])
    answer = client.post(
        path, data={"password": "nouveau-mot-de-passe", "password_again": "autre-mot-de-passe"}, headers=FR
    )
    assert answer.status_code == 422 and "Les deux mots de passe ne sont pas identiques." in answer.get_data(
        as_text=True
    )


def test_asking_for_links_is_rate_limited(tmp_path):
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 't.db'}",
        WTF_CSRF_ENABLED=False,
        PASSWORD_RESET_RATE_LIMIT="2 per hour",
    )
    with app.app_context():
        db.create_all()
        client = app.test_client()
        statuses = [client.post("/login/forgot", data={"email": "a@example.org"}).status_code for _ in range(3)]
        assert statuses == [302, 302, 429]
        db.drop_all()


def test_a_person_changes_their_name_and_password(signed_in, organiser):
    assert signed_in.post("/account/profile", data={"name": "Mission régionale Hauts-de-France"}).status_code == 302
    wrong = signed_in.post(
        "/account/password",
        data={"current_password": "faux", "password": "nouveau-mot-de-passe", "password_again": "nouveau-mot-de-passe"},
        headers=FR,
    )
    assert wrong.status_code == 422 and "Adresse e-mail ou mot de passe incorrect." in wrong.get_data(as_text=True)
    assert (
        signed_in.post(
            "/account/password",
            data={
                "current_password": PASSWORD,
                "password": "nouveau-mot-de-passe",
                "password_again": "nouveau-mot-de-passe",
            },
        ).status_code
        == 302
    )
    assert accounts.authenticate(organiser.email, "nouveau-mot-de-passe").name == "Mission régionale Hauts-de-France"


def test_a_token_is_shown_once_and_revoked_from_the_account_page(signed_in, organiser, event, client):
    page = signed_in.post("/account/tokens", data={"label": "site web"}).get_data(as_text=True)
    token = re.search(r'<code class="token">([^<]+)</code>', page).group(1)
    assert (
        client.get(
            f"/api/v1/events/{event.slug}/registrations", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    listed = signed_in.get("/account").get_data(as_text=True)
    assert "site web" in listed and token not in listed
    [row] = accounts.tokens_of(organiser)
    assert signed_in.post(f"/account/tokens/{row.id}/revoke").status_code == 302
    assert (
        client.get(
            f"/api/v1/events/{event.slug}/registrations", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )


def test_nobody_revokes_another_persons_token(signed_in, other_organiser):
    token = accounts.issue_api_token(other_organiser)
    [row] = accounts.tokens_of(other_organiser)
    assert signed_in.post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert accounts.organiser_for_token(token) is not None


def test_only_administrators_see_the_accounts_page(signed_in):
    assert signed_in.get("/admin/accounts").status_code == 403
    assert signed_in.post("/admin/accounts", data={"name": "X", "email": "x@example.org"}).status_code == 403


def test_an_administrator_makes_an_account_whose_owner_chooses_the_password(client, db, smtp):
    accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    login(client, email="admin@example.org")
    assert client.post("/admin/accounts", data={"name": "Claire", "email": "claire@example.org"}).status_code == 302
    [message] = smtp.messages
    assert message["To"] == "claire@example.org" and message["Subject"] == "Votre compte Forum"
    client.post("/logout")
    client.post(_reset_path(message), data={"password": "mot-de-passe-claire", "password_again": "mot-de-passe-claire"})
    assert accounts.authenticate("claire@example.org", "mot-de-passe-claire").name == "Claire"


def test_a_disabled_account_loses_its_session_its_sign_in_and_its_tokens(client, organiser, event, db):
    admin = accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    token = accounts.issue_api_token(organiser)
    login(client)
    assert client.get("/manage/").status_code == 200
    accounts.set_disabled(organiser.id, True, actor=admin)
    assert client.get("/manage/").status_code == 302
    refused = client.post("/login", data={"email": organiser.email, "password": PASSWORD}, headers=FR)
    assert refused.status_code == 422 and "Ce compte est désactivé." in refused.get_data(as_text=True)
    assert (
        client.get(
            f"/api/v1/events/{event.slug}/registrations", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 401
    )


def test_the_last_administrator_cannot_be_disabled(db):
    admin = accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    import pytest
    from forum.core.errors import DomainError

    with pytest.raises(DomainError) as refused:
        accounts.set_disabled(admin.id, True, actor=admin)
    assert refused.value.code == "last_admin"


def test_an_account_made_by_an_administrator_creates_events_only_when_allowed(client, db, smtp):
    from forum.events import service as events
    from tests.factories import event_data

    admin = accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    claire = accounts.create_account("claire@example.org", "Claire", actor=admin)
    with pytest.raises(DomainError) as refused:
        events.create_event(event_data(), actor=claire)
    assert refused.value.code == "may_not_create_events"
    login(client, email="admin@example.org")
    page = client.get("/admin/accounts", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Permettre à Claire de créer des évènements" in page
    assert client.post(f"/admin/accounts/{claire.id}/allow-events").status_code == 302
    assert events.create_event(event_data(), actor=claire).status == "draft"
    assert client.post(f"/admin/accounts/{claire.id}/forbid-events").status_code == 302
    assert not claire.creates_events


def test_only_an_administrator_allows_an_account_to_create_events(signed_in, other_organiser):
    assert signed_in.post(f"/admin/accounts/{other_organiser.id}/allow-events").status_code == 403


def _signed_in_with_remember(app, email="organisatrice@example.org"):
    """A browser signed in with "keep me signed in": (its client, its remember cookie's value)."""
    browser = app.test_client()
    assert browser.post("/login", data={"email": email, "password": PASSWORD, "remember": "y"}).status_code == 302
    return browser, browser.get_cookie("remember_token").value


def _remember_cookie_alone_signs_in(app, value) -> bool:
    browser = app.test_client()
    browser.set_cookie("remember_token", value)
    return browser.get("/manage/").status_code == 200


def test_a_password_reset_ends_every_session_and_remember_cookie(app, client, organiser, smtp):
    victim, remembered = _signed_in_with_remember(app)
    assert victim.get("/manage/").status_code == 200 and _remember_cookie_alone_signs_in(app, remembered)
    client.post("/login/forgot", data={"email": organiser.email})
    [message] = smtp.messages
    assert (
        client.post(
            _reset_path(message), data={"password": "un-nouveau-secret", "password_again": "un-nouveau-secret"}
        ).status_code
        == 302
    )
    assert victim.get("/manage/").status_code == 302  # the session signed in with the old password is over
    assert not _remember_cookie_alone_signs_in(app, remembered)
    assert login(client, password="un-nouveau-secret").status_code == 302 and client.get("/manage/").status_code == 200


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, client, organiser):
    other, remembered = _signed_in_with_remember(app)
    login(client)
    answer = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "un-nouveau-secret", "password_again": "un-nouveau-secret"},
        headers=FR,
    )
    assert answer.status_code == 302 and client.get("/manage/").status_code == 200
    assert other.get("/manage/").status_code == 302 and not _remember_cookie_alone_signs_in(app, remembered)


def test_re_enabling_an_account_does_not_bring_its_old_sessions_back(app, organiser, db):
    admin = accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    browser, remembered = _signed_in_with_remember(app)
    accounts.set_disabled(organiser.id, True, actor=admin)
    accounts.set_disabled(organiser.id, False, actor=admin)
    assert browser.get("/manage/").status_code == 302 and not _remember_cookie_alone_signs_in(app, remembered)
    fresh, _ = _signed_in_with_remember(app)
    assert fresh.get("/manage/").status_code == 200


def test_twenty_spellings_of_one_address_share_its_forgotten_password_limit(client, organiser, smtp):
    spellings = [
        "organisatrice@example.org",
        "ORGANISATRICE@example.org",
        "organisatrice@EXAMPLE.ORG",
        "ｏｒｇａｎｉｓａｔｒｉｃｅ@example.org",
        "organisatrice@ｅｘａｍｐｌｅ.ｏｒｇ",
        " Organisatrice@Example.Org ",
    ]
    for n in range(20):
        client.post(
            "/login/forgot", data={"email": spellings[n % len(spellings)]}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        )
    assert len(smtp.messages) == 5  # the limit of one address, whatever its spelling and the sender's address
    assert accounts.find_organiser("ｏｒｇａｎｉｓａｔｒｉｃｅ@example.org").id == organiser.id

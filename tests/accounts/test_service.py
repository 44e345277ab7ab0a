import pytest

from forum.accounts import service
from forum.accounts.models import ApiToken
from forum.core.errors import DomainError
from tests.factories import PASSWORD


def test_passwords_are_hashed(organiser):
    assert PASSWORD not in organiser.password_hash and organiser.password_hash.startswith(("scrypt", "pbkdf2"))


def test_authenticate_is_case_insensitive_on_email(organiser):
    assert service.authenticate("Organisatrice@Example.org", PASSWORD) == organiser


def test_authenticate_refuses_a_wrong_password(organiser):
    with pytest.raises(DomainError) as exc:
        service.authenticate(organiser.email, "mauvais")
    assert exc.value.code == "bad_credentials"


def test_create_refuses_duplicate_bad_email_and_short_password(organiser):
    with pytest.raises(DomainError) as exc:
        service.create_organiser(organiser.email, "", "court")
    assert set(exc.value.fields) == {"email", "name", "password"}
    with pytest.raises(DomainError) as exc:
        service.create_organiser("pas-une-adresse", "Nom", PASSWORD)
    assert exc.value.fields == {"email": ["bad_email"]}


def test_api_token_is_stored_hashed_and_finds_its_organiser(organiser, db):
    token = service.issue_api_token(organiser)
    stored = db.session.scalar(db.select(ApiToken))
    assert stored.token_hash != token and len(stored.token_hash) == 64
    assert service.organiser_for_token(token) == organiser
    assert service.organiser_for_token("faux") is None and service.organiser_for_token(None) is None


def test_cli_create_organiser_and_api_token(runner, db):
    result = runner.invoke(
        args=["forum", "create-organiser", "nouvelle@example.org", "--name", "Nouvelle", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert service.authenticate("nouvelle@example.org", PASSWORD).name == "Nouvelle"
    result = runner.invoke(args=["forum", "api-token", "nouvelle@example.org"])
    token = result.output.strip()
    assert result.exit_code == 0 and service.organiser_for_token(token).email == "nouvelle@example.org"


def test_cli_create_organiser_with_bad_input_says_why(runner, db):
    result = runner.invoke(args=["forum", "create-organiser", "pas-une-adresse", "--name", "X", "--password", PASSWORD])
    assert result.exit_code == 1 and "e-mail" in result.output.lower() and "Traceback" not in result.output


def test_cli_api_token_for_unknown_organiser(runner, db):
    result = runner.invoke(args=["forum", "api-token", "personne@example.org"])
    assert result.exit_code == 1


def test_an_unknown_address_checks_a_password_hash_too(organiser, monkeypatch):
    """The sign-in answers in the same time whether or not the address has an account."""
    from forum.accounts import service as accounts

    checked = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    for email in ("personne@nulle-part.example", organiser.email):
        with pytest.raises(DomainError):
            accounts.authenticate(email, "mauvais mot de passe")
    assert len(checked) == 2 and checked[0].startswith(organiser.password_hash.split("$")[0])

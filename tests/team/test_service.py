"""The team's verbs: invitations (link, expiry, reuse, withdrawal), roles, the last organiser, the audit log."""

import re
from datetime import timedelta

import pytest

from forum.accounts import service as accounts
from forum.core import audit
from forum.core.errors import DomainError
from forum.extensions import db
from forum.team import service as team
from forum.team.models import Invitation
from tests.factories import PASSWORD, join_team

LINK = re.compile(r"https?://\S+/join/([A-Za-z0-9_-]+)")


def _link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return LINK.search(text).group(1)


def test_an_invitation_is_mailed_and_its_link_makes_an_account_with_the_role(event, organiser, smtp):
    team.invite(event, "Benevole@Example.org", "checkin", actor=organiser)
    [message] = smtp.messages
    assert message["To"] == "benevole@example.org" and event.title in message["Subject"]
    account = team.accept(_link(message), name="Camille", password=PASSWORD, password_again=PASSWORD)
    assert (account.email, account.name) == ("benevole@example.org", "Camille")
    assert event.role_of(account) == "checkin" and event.role_of(account) != "organiser"
    assert accounts.authenticate("benevole@example.org", PASSWORD).id == account.id


def test_an_existing_account_just_gets_the_event(event, organiser, other_organiser, smtp):
    team.invite(event, other_organiser.email, "reader", actor=organiser)
    account = team.accept(_link(smtp.messages[0]))
    assert account.id == other_organiser.id and event.role_of(other_organiser) == "reader"


def test_a_link_works_once(event, organiser, smtp):
    team.invite(event, "a@example.org", "reader", actor=organiser)
    token = _link(smtp.messages[0])
    team.accept(token, name="A", password=PASSWORD, password_again=PASSWORD)
    with pytest.raises(DomainError) as refused:
        team.accept(token, name="B", password=PASSWORD, password_again=PASSWORD)
    assert refused.value.code == "bad_invitation"


def test_an_expired_link_is_refused_and_sending_again_gives_a_new_one(event, organiser, smtp):
    invitation = team.invite(event, "a@example.org", "checkin", actor=organiser)
    old = _link(smtp.messages[0])
    invitation.expires_at = invitation.sent_at - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        team.accept(old, name="A", password=PASSWORD, password_again=PASSWORD)
    assert refused.value.code == "invitation_expired"
    team.resend(invitation, actor=organiser)
    new = _link(smtp.messages[1])
    assert new != old
    with pytest.raises(DomainError):
        team.accept(old, name="A", password=PASSWORD, password_again=PASSWORD)
    assert event.role_of(team.accept(new, name="A", password=PASSWORD, password_again=PASSWORD)) == "checkin"


def test_a_withdrawn_invitation_cannot_be_used(event, organiser, smtp):
    invitation = team.invite(event, "a@example.org", "checkin", actor=organiser)
    token = _link(smtp.messages[0])
    team.withdraw(invitation, actor=organiser)
    with pytest.raises(DomainError) as refused:
        team.accept(token, name="A", password=PASSWORD, password_again=PASSWORD)
    assert refused.value.code == "bad_invitation"
    assert accounts.find_organiser("a@example.org") is None
    assert team.open_invitations(event) == []


def test_a_withdrawn_invitation_waiting_in_the_outbox_is_not_sent(event, organiser, smtp):
    invitation = team.invite(event, "a@example.org", "checkin", actor=organiser)
    team.withdraw(invitation, actor=organiser)
    assert smtp.messages == []


def test_joining_checks_the_name_and_both_passwords(event, organiser, smtp):
    team.invite(event, "a@example.org", "checkin", actor=organiser)
    with pytest.raises(DomainError) as refused:
        team.accept(_link(smtp.messages[0]), name=" ", password="court", password_again="court")
    assert set(refused.value.fields) == {"name", "password"}
    with pytest.raises(DomainError) as refused:
        team.accept(_link(smtp.messages[0]), name="A", password=PASSWORD, password_again=PASSWORD + "x")
    assert set(refused.value.fields) == {"password_again"}
    assert db.session.scalar(db.select(Invitation)).accepted_at is None


def test_only_organisers_invite(event, organiser):
    volunteer = join_team(event, "checkin", "accueil@example.org")
    with pytest.raises(DomainError) as refused:
        team.invite(event, "x@example.org", "organiser", actor=volunteer)
    assert refused.value.code == "forbidden"


def test_an_unknown_role_is_a_field_error(event, organiser):
    with pytest.raises(DomainError) as refused:
        team.invite(event, "x@example.org", "admin", actor=organiser)
    assert refused.value.fields == {"role": ["bad_role"]}


def test_the_last_organiser_can_neither_step_down_nor_leave(event, organiser):
    for verb in (
        lambda: team.set_role(event, organiser.id, "reader", actor=organiser),
        lambda: team.remove(event, organiser.id, actor=organiser),
    ):
        with pytest.raises(DomainError) as refused:
            verb()
        assert refused.value.code == "last_organiser"
    assert event.role_of(organiser) == "organiser"


def test_roles_change_and_people_leave(event, organiser):
    volunteer = join_team(event, "checkin", "accueil@example.org")
    team.set_role(event, volunteer.id, "organiser", actor=organiser)
    assert event.role_of(volunteer) == "organiser"
    team.remove(event, volunteer.id, actor=organiser)
    assert event.role_of(volunteer) is None


def test_every_team_change_is_in_the_audit_log(event, organiser, smtp):
    invitation = team.invite(event, "a@example.org", "checkin", actor=organiser)
    team.resend(invitation, actor=organiser)
    account = team.accept(_link(smtp.messages[-1]), name="A", password=PASSWORD, password_again=PASSWORD)
    team.set_role(event, account.id, "reader", actor=organiser)
    team.remove(event, account.id, actor=organiser)
    other = team.invite(event, "b@example.org", "reader", actor=organiser)
    team.withdraw(other, actor=organiser)
    kinds = [line.kind for line in reversed(audit.entries(event))]
    assert kinds == [
        "team.invited",
        "team.resent",
        "team.joined",
        "team.role",
        "team.removed",
        "team.invited",
        "team.withdrawn",
    ]
    assert "a@example.org → checkin" in audit.entries(event)[-1].detail


def test_a_burst_of_failed_sign_ins_is_in_the_audit_log_of_the_persons_events(event, organiser):
    for _ in range(accounts.BURST):
        with pytest.raises(DomainError):
            accounts.authenticate(organiser.email, "not the password")
    [line] = [e for e in audit.entries(event) if e.kind == "signin.failures"]
    assert organiser.email in line.detail


def test_a_disabled_account_has_no_role(event, organiser, db):
    volunteer = join_team(event, "checkin", "accueil@example.org")
    admin = accounts.create_organiser("admin@example.org", "Admin", PASSWORD, is_admin=True)
    accounts.set_disabled(volunteer.id, True, actor=admin)
    assert event.role_of(volunteer) is None

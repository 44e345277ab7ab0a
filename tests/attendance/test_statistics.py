"""Statistics, and the RGPD purge that leaves them unchanged."""

from datetime import datetime

import pytest

from forum.attendance import privacy, service
from forum.attendance.statistics import statistics
from forum.board import service as board
from forum.board import synthesis
from forum.mail.models import MailMessage
from forum.registration import service as registration
from forum.registration.models import Registration
from tests.factories import make_event, make_workshop, person


@pytest.fixture
def day(organiser):
    event = make_event(organiser, slug="jour", capacity=4, registration_opens_at=None, registration_closes_at=None)
    regs = [
        registration.register(
            event, person(n, role=("mediateur", "elu")[n % 2], organisation=f"S{n % 2}", territory="Lille")
        ).registration
        for n in range(6)
    ]
    registration.cancel(regs[0])
    for r in regs[1:3]:
        service.check_in(event, r, actor=organiser)
    service.walk_in(event, person(9), actor=organiser, override_capacity=True)
    w = make_workshop(event, organiser)
    board.set_phase(board.identify(event, organiser=organiser), "workshops")
    me = board.identify(event, registration=regs[1])
    board.join_workshop(me, w.id)
    synthesis.post_contribution(
        me, {"workshop_id": w.id, "text": "Idée", "client_id": "00000000-0000-4000-8000-000000000001"}
    )
    return event


def held(event, db):
    """The day took place (early in 2026)."""
    event.starts_at, event.ends_at = datetime(2026, 1, 15, 9, 0), datetime(2026, 1, 15, 17, 0)
    db.session.commit()
    return event


def test_statistics(day, db):
    s = statistics(held(day, db))
    assert s["totals"] == {
        "registered": 7,
        "confirmed": 5,
        "waitlisted": 1,
        "cancelled": 1,
        "arrived": 3,
        "no_shows": 2,
        "walk_ins": 1,
        "promotions": 1,
        "attendance_rate": 60,
    }
    assert dict(s["by_role"]) == {"élu·e": 2, "médiateur·rice": 3}
    assert s["workshops"] == [("Atelier", 1)]


def test_purge_keeps_statistics_and_removes_personal_data(day, organiser, db):
    before = statistics(day)
    privacy.purge_event(day, actor=organiser)
    assert statistics(day) == before
    people = db.session.scalars(db.select(Registration).where(Registration.event_id == day.id)).all()
    assert {(r.first_name, r.last_name, r.phone, r.needs) for r in people} == {("", "", "", "")}
    assert all(r.email.endswith("@invalid") for r in people)
    assert db.session.scalar(db.select(MailMessage).where(MailMessage.event_id == day.id)) is None
    from forum.board.models import Contribution

    assert {c.author for c in db.session.scalars(db.select(Contribution))} == {""}
    assert day.personal_data_purged_at is not None


def test_purge_cli_purges_only_old_events(runner, organiser, day):
    old = make_event(
        organiser,
        slug="ancien",
        starts_at=datetime(2020, 1, 9, 9),
        ends_at=datetime(2020, 1, 9, 12),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    result = runner.invoke(args=["forum", "purge-personal-data", "--older-than-days", "30"])
    assert result.exit_code == 0 and "ancien" in result.output and "jour" not in result.output
    assert old.personal_data_purged_at is not None and day.personal_data_purged_at is None


def test_before_the_day_nobody_is_counted_absent(signed_in, day, db):
    assert statistics(day)["totals"]["no_shows"] is None
    page = signed_in.get("/manage/jour/statistics").get_data(as_text=True)
    assert "absent" not in page
    held(day, db)
    assert "<strong>2</strong> absent·es" in signed_in.get("/manage/jour/statistics").get_data(as_text=True)


def test_statistics_page_and_purge_button(signed_in, day):
    page = signed_in.get("/manage/jour/statistics").get_data(as_text=True)
    assert "<svg" in page and "Participation aux ateliers" in page and "<td>Atelier</td>" in page
    assert signed_in.post("/manage/jour/purge").status_code == 302
    assert "ont été purgées" in signed_in.get("/manage/jour/statistics").get_data(as_text=True)


def test_other_organisers_cannot_purge(client, day, other_organiser):
    from tests.conftest import login

    login(client, email=other_organiser.email)
    assert client.post("/manage/jour/purge").status_code == 403
    assert client.get("/manage/jour/statistics").status_code == 403
    assert day.personal_data_purged_at is None


@pytest.mark.parametrize("choice, kept", [("delete", []), ("keep", [("", None)])])
def test_my_deletion_covers_my_contributions(client, day, db, choice, kept):
    from forum.board.models import Contribution, Membership

    r = db.session.scalar(
        db.select(Registration).where(Registration.event_id == day.id, Registration.email == "personne1@example.org")
    )
    token = registration.personal_token(r)
    data = client.get(f"/r/{token}/data.json").get_json()
    assert data["board"]["contributions"][0]["text"] == "Idée" and data["board"]["workshops"] == ["Atelier"]
    client.post(f"/r/{token}/delete", data={"contributions": choice})
    rows = db.session.scalars(db.select(Contribution)).all()
    assert [(c.author, c.registration_id) for c in rows] == kept
    assert db.session.scalar(db.select(Membership)) is None
    assert statistics(day)["workshops"] == [("Atelier", 0)]

"""Every e-mail through a real SMTP server, with .ics checked by three independent parsers."""

from datetime import timedelta

import pytest
import vobject
from icalendar import Calendar

from forum.events import service as events
from forum.mail.models import MailMessage
from forum.registration import service
from tests.calendar.readers import read_everywhere
from tests.factories import deliver_mail, make_event, person


@pytest.fixture
def small(organiser):
    return make_event(organiser, slug="petit", capacity=1, registration_opens_at=None, registration_closes_at=None)


def calendar_parts(message):
    return [part for part in message.walk() if part.get_content_type() == "text/calendar"]


def invitation(message):
    """The .ics of a message, checked by icalendar and by vobject; returns the icalendar VEVENT."""
    parts = calendar_parts(message)
    assert parts, "no text/calendar part"
    data = parts[0].get_content()
    data = data if isinstance(data, str) else data.decode()
    cal = Calendar.from_ical(data)
    method = str(cal["METHOD"])
    for part in parts:  # Outlook: the Content-Type's method must match METHOD inside
        assert part.get_param("method") == method
    parsed = vobject.readOne(data)
    assert parsed.method.value == method
    assert parsed.vevent.uid.value == str(cal.walk("VEVENT")[0]["UID"])
    assert parsed.vevent.dtstart.value.tzinfo is not None
    vevent = cal.walk("VEVENT")[0]
    [(start, end)] = read_everywhere(data.encode()).values()  # icalendar, vobject and ical.js agree
    assert start == vevent.decoded("DTSTART") and end == vevent.decoded("DTEND")
    return method, cal


def test_confirmation_has_the_invitation_and_the_link(client, smtp, small):
    result = service.register(small, person(1))
    [message] = smtp.to("personne1@example.org")
    assert "confirmée" in message["Subject"]
    body = message.get_body(("plain",)).get_content()
    assert (
        f"http://forum.test/r/{result.token}" in body
        and "jeudi 13\u00a0juin\u00a02030, 13\u00a0h\u00a030 – 17\u00a0h\u00a000" in body
    )
    assert "Salle Erro" in message.get_body(("html",)).get_content()
    method, cal = invitation(message)
    vevent = cal.walk("VEVENT")[0]
    assert method == "REQUEST" and str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["ORGANIZER"]) == "mailto:contact@example.org"
    assert vevent["ORGANIZER"].params["CN"] == "Mission régionale"  # the organiser, not the venue
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == "mailto:personne1@example.org" and attendee.params["PARTSTAT"] == "ACCEPTED"
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    attachment = [p for p in message.iter_attachments() if p.get_filename() == "invitation.ics"]
    assert attachment and attachment[0].get_param("method") == "REQUEST"


def test_english_registrant_gets_english_mail(smtp, small):
    service.register(small, person(1, locale="en"))
    [message] = smtp.messages
    assert message["Subject"].startswith("Your registration is confirmed")
    assert "Thursday 13 June 2030" in message.get_body(("plain",)).get_content()


def test_waitlist_then_promotion_mails(smtp, small):
    first = service.register(small, person(1)).registration
    service.register(small, person(2))
    [waiting] = smtp.to("personne2@example.org")
    assert "liste d’attente" in waiting["Subject"] and not calendar_parts(waiting)
    assert "numéro 1" in waiting.get_body(("plain",)).get_content()
    service.cancel(first)
    cancelled = smtp.to("personne1@example.org")[-1]
    assert invitation(cancelled)[0] == "CANCEL"
    promoted = smtp.to("personne2@example.org")[-1]
    method, cal = invitation(promoted)
    assert method == "REQUEST" and "place" in promoted["Subject"]


def test_cancellation_has_the_same_uid_and_a_higher_sequence(smtp, small):
    registration = service.register(small, person(1)).registration
    _, request_cal = invitation(smtp.messages[0])
    service.cancel(registration)
    method, cancel_cal = invitation(smtp.messages[-1])
    before, after = request_cal.walk("VEVENT")[0], cancel_cal.walk("VEVENT")[0]
    assert method == "CANCEL" and str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"]) and int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_change_of_time_mails_an_update_to_every_confirmed_person(smtp, organiser):
    event = make_event(organiser, slug="maj", capacity=2, registration_opens_at=None, registration_closes_at=None)
    for n in (1, 2, 3):
        service.register(event, person(n))
    _, before = invitation(smtp.to("personne1@example.org")[0])
    events.update_event(event, {"ends_at": event.ends_at + timedelta(minutes=30)}, actor=organiser)
    updates = [m for m in smtp.messages if "Changement" in m["Subject"]]
    assert sorted(m["To"] for m in updates) == ["personne1@example.org", "personne2@example.org"]
    _, after = invitation(updates[0])
    assert int(after.walk("VEVENT")[0]["SEQUENCE"]) > int(before.walk("VEVENT")[0]["SEQUENCE"])
    assert after.walk("VEVENT")[0].decoded("DTEND").strftime("%H:%M") == "17:30"


def test_cancelling_the_event_mails_everyone_a_cancel(smtp, organiser):
    event = make_event(organiser, slug="annule", capacity=1, registration_opens_at=None, registration_closes_at=None)
    service.register(event, person(1))
    service.register(event, person(2))
    events.cancel_event(event, actor=organiser)
    cancels = [m for m in smtp.messages if "annulé" in m["Subject"]]
    assert sorted(m["To"] for m in cancels) == ["personne1@example.org", "personne2@example.org"]
    method, cal = invitation([m for m in cancels if m["To"] == "personne1@example.org"][0])
    assert method == "CANCEL"


def test_duplicate_registration_resends_the_link(smtp, small):
    first = service.register(small, person(1))
    service.register(small, person(1))
    again = smtp.to("personne1@example.org")[-1]
    assert "lien personnel" in again["Subject"] and first.token in again.get_body(("plain",)).get_content()


def test_reminder_is_sent_once(smtp, runner, organiser):
    from datetime import datetime

    start = (datetime.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    event = make_event(
        organiser,
        slug="demain",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    service.register(event, person(1))
    assert "1 reminders queued." in runner.invoke(args=["forum", "send-reminders"]).output
    assert "0 reminders queued." in runner.invoke(args=["forum", "send-reminders"]).output
    assert len([m for m in smtp.messages if m["Subject"].startswith("Demain")]) == 1


def test_failed_send_keeps_the_registration_and_is_retried(app, db, small, smtp, runner):
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    result = service.register(small, person(1))
    assert result.registration.status == "confirmed"
    from forum.core.models import utcnow
    from forum.mail.service import deliver_all

    assert db.session.scalar(db.select(MailMessage)).status == "pending"  # committed with the registration
    deliver_all()
    failed = db.session.scalar(db.select(MailMessage))
    assert failed.status == "failed" and failed.last_error and failed.next_attempt_at > utcnow()  # backs off
    assert deliver_all() == 0  # not due yet
    app.config["MAIL_PORT"] = port
    assert "1 sent, 0 still failing." in runner.invoke(args=["forum", "send-mail"]).output
    assert db.session.get(MailMessage, failed.id).status == "sent" and len(smtp.messages) == 1


def test_without_mail_server_mail_goes_to_the_outbox(app, db, small, signed_in):
    service.register(small, person(1))
    deliver_mail()
    message = db.session.scalar(db.select(MailMessage))
    assert message.status == "outbox"
    page = signed_in.get(f"/manage/{small.slug}/mail").get_data(as_text=True)
    assert "personne1@example.org" in page and "boîte d’envoi" in page
    assert "invitation.ics" in signed_in.get(f"/manage/{small.slug}/mail/{message.id}").get_data(as_text=True)


def test_invitation_in_martinique_time(smtp, organiser):
    from datetime import datetime

    event = make_event(
        organiser,
        slug="martinique",
        timezone="America/Martinique",
        starts_at=datetime(2030, 11, 22, 8),
        ends_at=datetime(2030, 11, 22, 12),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    service.register(event, person(1))
    _, cal = invitation(smtp.messages[0])
    vevent = cal.walk("VEVENT")[0]
    assert vevent["DTSTART"].params["TZID"] == "America/Martinique"
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(hours=-4)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/Martinique"]


def test_confirmation_shows_the_check_in_qr_code(smtp, small):
    service.register(small, person(1))
    message = smtp.messages[0]
    html = message.get_body(("html",))
    assert 'src="cid:checkin-qr"' in html.get_content()
    images = [p for p in message.walk() if p.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<checkin-qr>"
    assert images[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"
    assert invitation(message)[0] == "REQUEST"


def test_organisers_see_messages_with_personal_links_masked(db, small, signed_in):
    result = service.register(small, person(1))
    deliver_mail()
    message = db.session.scalar(db.select(MailMessage))
    assert f"/r/{result.token}" in message.text  # what the person receives
    page = signed_in.get(f"/manage/{small.slug}/mail/{message.id}").get_data(as_text=True)
    assert result.token not in page and "/r/••••••••" in page and "Prénom1" in page


def test_delivered_bodies_are_dropped_after_the_retry_window(app, db, smtp, small, runner):
    from datetime import timedelta

    from forum.core.models import utcnow
    from forum.mail.service import forget_delivered_bodies

    service.register(small, person(1))
    deliver_mail()
    message = db.session.scalar(db.select(MailMessage))
    assert message.status == "sent" and message.text
    assert forget_delivered_bodies() == 0  # still within the window: it may be resent
    message.sent_at = utcnow() - timedelta(hours=app.config["MAIL_KEEP_BODY_HOURS"] + 1)
    db.session.commit()
    runner.invoke(args=["forum", "send-mail"])
    db.session.refresh(message)
    assert message.text == "" and message.html == "" and message.attachments == []
    assert message.to == "personne1@example.org" and message.subject and message.status == "sent"


def test_the_worker_sends_a_round_of_messages_over_one_smtp_connection(smtp, organiser):
    event = make_event(organiser, slug="groupe", registration_opens_at=None, registration_closes_at=None)
    for n in range(6):
        service.register(event, person(n))
    assert len(smtp.messages) == 6 and len(smtp.connections) == 1

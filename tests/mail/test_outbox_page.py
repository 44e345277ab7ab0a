"""The organisers' outbox page: a message's HTML version as its person sees it, its attachments openable,
personal links masked everywhere."""

import re

import icalendar

from forum.extensions import db
from forum.mail.models import MailMessage
from forum.mail.service import deliver_all
from forum.registration import service
from tests.factories import person


def _confirmation(event):
    registration = service.register(event, person(1), actor=event.organisers[0])
    deliver_all()
    message = db.session.scalar(db.select(MailMessage).where(MailMessage.kind == "confirmation"))
    return registration, message


def test_the_message_page_shows_the_html_version_and_the_attachments(signed_in, event):
    _, message = _confirmation(event)
    page = signed_in.get(f"/manage/{event.slug}/mail/{message.id}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert f'src="/manage/{event.slug}/mail/{message.id}/html"' in page and 'sandbox="allow-same-origin"' in page
    assert "qr.png" in page and "invitation.ics" in page and "📎" not in page


def test_the_html_version_has_its_qr_code_and_no_personal_link(signed_in, event):
    registration, message = _confirmation(event)
    answer = signed_in.get(f"/manage/{event.slug}/mail/{message.id}/html")
    page = answer.get_data(as_text=True)
    assert "sandbox allow-same-origin" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    image = re.search(r'<img src="([^"]+)"', page).group(1)
    assert image.startswith(f"/manage/{event.slug}/mail/{message.id}/attachments/")
    png = signed_in.get(image)
    assert png.headers["Content-Type"] == "image/png" and png.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert registration.token not in page and "/r/" in page and "••••" in page


def test_the_invitation_attachment_opens_as_a_calendar_without_the_personal_link(signed_in, event):
    registration, message = _confirmation(event)
    n = [a["filename"] for a in message.attachments].index("invitation.ics")
    answer = signed_in.get(f"/manage/{event.slug}/mail/{message.id}/attachments/{n}")
    assert answer.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.data)
    assert calendar["METHOD"] == "REQUEST" and len(calendar.walk("VEVENT")) == 1
    assert registration.token not in answer.get_data(as_text=True)


def test_another_team_cannot_open_a_message_or_its_attachments(client, event, other_organiser):
    from tests.conftest import login

    _, message = _confirmation(event)
    login(client, email=other_organiser.email)
    for path in (
        f"/manage/{event.slug}/mail/{message.id}/html",
        f"/manage/{event.slug}/mail/{message.id}/attachments/0",
    ):
        assert client.get(path).status_code == 403

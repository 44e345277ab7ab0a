"""What every e-mail says of itself (issue 23): a Message-ID in the sender's domain, the same at every
attempt; a Date in UTC; Auto-Submitted; a subject that every decoder reads back whole."""

from email.header import decode_header, make_header
from email.utils import parsedate_to_datetime

from forum.registration import service as registration
from tests.factories import make_event, person


def _raw_subject(content: bytes) -> str:
    """The Subject as it travelled (encoded words), unfolded: what a strict RFC 2047 decoder reads."""
    raw = content.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].decode()
    lines = raw.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Subject: "))
    folded = [lines[start][len("Subject: ") :]]
    for line in lines[start + 1 :]:
        if not line.startswith((" ", "\t")):
            break
        folded.append(line)
    return "".join(folded)


def test_every_message_says_who_made_it_when_in_utc_and_that_it_is_automatic(organiser, smtp):
    event = make_event(organiser, slug="jour", registration_opens_at=None, registration_closes_at=None)
    registration.register(event, person(1))
    [message] = smtp.messages
    assert message["Message-ID"].endswith("@example.org>") and message["Message-ID"].startswith("<forum.")
    assert message["Date"].endswith("+0000") and parsedate_to_datetime(message["Date"]).utcoffset().total_seconds() == 0
    assert message["Auto-Submitted"] == "auto-generated"


def test_a_long_french_subject_reads_back_whole_with_a_strict_decoder(organiser, smtp):
    from datetime import timedelta

    from forum.events import service as events

    for n in range(12):  # titles of several lengths: the encoded words end at different places
        title = "Journée régionale de la médiation sociale " + "à Lille " * n
        event = make_event(
            organiser, slug=f"jour-{n}", title=title.strip(), registration_opens_at=None, registration_closes_at=None
        )
        registration.register(event, person(n + 1))
        events.update_event(
            event,
            {"starts_at": event.starts_at + timedelta(days=1), "ends_at": event.ends_at + timedelta(days=1)},
            actor=organiser,
        )
    changes = [(m, raw) for m, raw in zip(smtp.messages, smtp.raw) if m["Subject"].startswith("Changement de date")]
    assert len(changes) == 12
    for message, raw in changes:
        decoded = str(make_header(decode_header(_raw_subject(raw))))
        assert decoded == message["Subject"] and "lieu\u00a0: Journée" in decoded


def test_a_questionnaire_can_be_stopped_in_one_click_and_the_outbox_says_so(organiser, smtp, client, app):
    from forum.mail.models import MailMessage
    from forum.surveys import service as surveys
    from tests.conftest import login
    from tests.factories import deliver_mail
    from forum.extensions import db

    event = make_event(organiser, slug="jour", registration_opens_at=None, registration_closes_at=None)
    registration.register(event, person(1))
    confirmation = smtp.messages[0]
    assert "List-Unsubscribe" not in confirmation  # about the person's own seat: not a list
    first = surveys.create_survey(event, {"title": "État des lieux"}, actor=organiser)
    surveys.add_question(event, first, {"label": "Un mot ?", "kind": "short_text"}, actor=organiser)
    surveys.send_survey(event, first, actor=organiser)
    questionnaire = smtp.messages[-1]
    assert questionnaire["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = questionnaire["List-Unsubscribe"].strip("<>")
    path = url.split("forum.test", 1)[1]
    page = client.get(path, headers={"Accept-Language": "fr"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Ne plus recevoir les questionnaires" in text and questionnaire["To"] in text
    app.config["WTF_CSRF_ENABLED"] = True  # a mail client's one click carries no form token
    done = client.post(path, data={"List-Unsubscribe": "One-Click"}, headers={"Accept-Language": "fr"})
    app.config["WTF_CSRF_ENABLED"] = False
    assert done.status_code == 200 and "ne recevra plus" in done.get_data(as_text=True)
    assert client.post(path, data={"List-Unsubscribe": "One-Click"}).status_code == 200  # again: nothing changes
    before = len(smtp.messages)
    second = surveys.create_survey(event, {"title": "Après la journée"}, actor=organiser)
    surveys.add_question(event, second, {"label": "Un mot ?", "kind": "short_text"}, actor=organiser)
    surveys.send_survey(event, second, actor=organiser)
    deliver_mail()
    assert len(smtp.messages) == before  # not sent
    stopped = db.session.scalars(
        db.select(MailMessage).where(MailMessage.kind == "survey_invitation").order_by(MailMessage.id.desc())
    ).first()
    assert stopped.status == "unsubscribed"
    login(client)
    outbox = client.get("/manage/jour/mail", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "ne plus en recevoir" in outbox
    assert client.get("/unsubscribe/pas-un-lien").status_code == 404


def test_a_questionnaire_and_a_reminder_end_with_the_link_that_stops_them_masked_in_the_outbox(
    organiser, smtp, client, runner
):
    import re
    from datetime import datetime, timedelta

    from forum.extensions import db
    from forum.mail.models import MailMessage
    from forum.surveys import service as surveys
    from tests.conftest import login

    start = (datetime.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    event = make_event(
        organiser,
        slug="jour",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        registration_opens_at=None,
        registration_closes_at=None,
        programme=False,
    )
    registration.register(event, person(1))
    registration.register(event, person(2, locale="en"))
    assert "Ne plus recevoir" not in smtp.messages[0].get_body(("plain",)).get_content()  # one's own seat
    survey = surveys.create_survey(event, {"title": "État des lieux"}, actor=organiser)
    surveys.add_question(event, survey, {"label": "Un mot ?", "kind": "short_text"}, actor=organiser)
    surveys.send_survey(event, survey, actor=organiser)
    runner.invoke(args=["forum", "send-reminders"])
    stoppable = [m for m in smtp.messages if "List-Unsubscribe" in m]
    assert len(stoppable) == 4  # a questionnaire and a reminder for each person
    for message in stoppable:
        url = message["List-Unsubscribe"].strip("<>")
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = message.get_body(("html",)).get_content()
        english = message["To"] == "personne2@example.org"
        what = {
            (True, True): "questionnaires",
            (True, False): "reminders",
            (False, True): "questionnaires",
            (False, False): "rappels",
        }[english, message["Subject"].startswith("Questionnaire")]
        assert f"-- \n{'To stop receiving' if english else 'Pour ne plus recevoir'} " in text and url in text
        assert what in text.rsplit("-- \n", 1)[1]
        assert f'<a href="{url}">{"Stop receiving" if english else "Ne plus recevoir"} ' in html
        path = url.split("forum.test", 1)[1]
        assert client.get(path).status_code == 200  # the page that asks, then stops
    login(client)
    shown = []
    for message in db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "survey_invitation")):
        shown.append(client.get(f"/manage/jour/mail/{message.id}").get_data(as_text=True))
        shown.append(client.get(f"/manage/jour/mail/{message.id}/html").get_data(as_text=True))
    assert all("/unsubscribe/••••••••" in page for page in shown)
    assert not [page for page in shown if re.search(r"/unsubscribe/[A-Za-z0-9_-]{8}", page)]

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
    folded = [lines[start][len("Subject: "):]]
    for line in lines[start + 1:]:
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
        event = make_event(organiser, slug=f"jour-{n}", title=title.strip(), registration_opens_at=None,
                           registration_closes_at=None)
        registration.register(event, person(n + 1))
        events.update_event(event, {"starts_at": event.starts_at + timedelta(days=1),
                                    "ends_at": event.ends_at + timedelta(days=1)}, actor=organiser)
    changes = [(m, raw) for m, raw in zip(smtp.messages, smtp.raw) if m["Subject"].startswith("Changement de date")]
    assert len(changes) == 12
    for message, raw in changes:
        decoded = str(make_header(decode_header(_raw_subject(raw))))
        assert decoded == message["Subject"] and "lieu\u00a0: Journée" in decoded

"""Certificates of attendance in bulk: 1,000 people checked in, certificates issued and every e-mail composed
with its signed PDF (what the mail worker does before sending). Target: under 30 s in all.

`--write` appends the figures to docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PEOPLE = 1000


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 240), "white")
    ImageDraw.Draw(image).line((20, 200, 240, 40, 400, 180, 580, 60), fill="navy", width=10)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    from forum import create_app
    from forum.certificates import service
    from forum.core.models import utcnow
    from forum.extensions import db
    from forum.mail import service as mail
    from forum.mail.models import MailMessage
    from forum.registration.models import Registration
    from tests import factories

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/certificates.db")
        with app.app_context():
            db.create_all()
            organiser = factories.make_organiser()
            event = factories.make_event(
                organiser,
                slug="bench",
                capacity=PEOPLE,
                programme=False,
                starts_at=datetime(2026, 6, 11, 9),
                ends_at=datetime(2026, 6, 11, 17),
                registration_opens_at=None,
                registration_closes_at=None,
            )
            now = utcnow()
            db.session.execute(
                Registration.__table__.insert(),
                [
                    {
                        "event_id": event.id,
                        "public_id": f"b-{n}",
                        "token_version": 1,
                        "token_hash": f"h-{n}",
                        "first_name": f"Prénom{n}",
                        "last_name": f"Nom{n:05d}",
                        "email": f"p{n}@example.org",
                        "organisation": "Association de médiation sociale",
                        "role": "mediateur",
                        "territory": "Lille",
                        "phone": "",
                        "needs": "",
                        "consent_at": now,
                        "consent_version": "2026-11",
                        "locale": "fr",
                        "status": "confirmed",
                        "added_by_organiser": False,
                        "walk_in": False,
                        "ical_sequence": 0,
                        "checked_in_at": now,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for n in range(PEOPLE)
                ],
            )
            db.session.commit()
            service.update_settings(
                event,
                {"signatory": "Pascale Stoven", "signatory_role": "Directrice"},
                signature=signature_png(),
                actor=organiser,
            )
            start = time.perf_counter()
            issued = service.issue_to_attendees(event, actor=organiser)
            issuing = time.perf_counter() - start
            messages = db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "certificate")).all()
            start = time.perf_counter()
            size = 0
            for message in messages:
                mail._compose(message)
                size += len(message.attachments[0]["data"]) * 3 // 4
            composing = time.perf_counter() - start
            db.session.rollback()
    total = issuing + composing
    text = (
        "| certificates | issuing (rows, e-mails queued) | composing every e-mail with its PDF | total | target |"
        " average PDF |\n|---|---|---|---|---|---|\n"
        f"| {issued} | {issuing:.2f} s | {composing:.2f} s | {total:.2f} s | < 30 s | {size / issued / 1024:.0f} KiB |"
    )
    print(text)
    if args.write:
        machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        with (ROOT / "docs" / "performance.md").open("a", encoding="utf-8") as out:
            out.write(
                f"\n### Certificates of attendance — {time.strftime('%Y-%m-%d')} ({machine})\n\nSQLite, one "
                "process; a signature image on each; the PDFs are made as the mail worker composes the "
                "e-mails.\n\n" + text + "\n"
            )


if __name__ == "__main__":
    main()

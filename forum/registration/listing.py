"""The organisers' list of registrations: search, filters, CSV."""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale
from sqlalchemy import func, or_, select

from forum.core.spreadsheet import csv_row, local_text, time_header
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import Answer, Registration
from forum.registration.questions import form_questions

STATUS_ORDER = {"confirmed": 0, "waitlisted": 1, "cancelled": 2}


def search(event: Event, filters: dict) -> list[Registration]:
    """Registrations matching the search text (name, e-mail, organisation) and filters."""
    query = select(Registration).where(Registration.event_id == event.id)
    text = (filters.get("q") or "").strip().lower()
    if text:
        like = f"%{text}%"
        query = query.where(
            or_(
                func.lower(Registration.first_name).like(like),
                func.lower(Registration.last_name).like(like),
                func.lower(Registration.first_name + " " + Registration.last_name).like(like),
                Registration.email.like(like),
                func.lower(Registration.organisation).like(like),
            )
        )
    if filters.get("status"):
        query = query.where(Registration.status == filters["status"])
    if filters.get("role"):
        query = query.where(Registration.role == filters["role"])
    for name in ("organisation", "territory"):
        if (filters.get(name) or "").strip():
            query = query.where(func.lower(getattr(Registration, name)).like(f"%{filters[name].strip().lower()}%"))
    rows = db.session.scalars(query).all()
    return sorted(
        rows,
        key=lambda r: (STATUS_ORDER[r.status], r.waitlist_position or 0, r.last_name.lower(), r.first_name.lower()),
    )


def answers_by_registration(event: Event) -> dict[int, dict[int, object]]:
    rows = db.session.execute(
        select(Answer.registration_id, Answer.question_id, Answer.value)
        .join(Registration)
        .where(Registration.event_id == event.id)
    ).all()
    out: dict[int, dict[int, object]] = {}
    for registration_id, question_id, value in rows:
        out.setdefault(registration_id, {})[question_id] = value
    return out


def show_answer(value) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


def to_csv(event: Event, rows: list[Registration], delimiter: str = ",") -> str:
    """UTF-8 with BOM so that Excel opens accents correctly; ';' for French Excel."""
    from forum.registration.forms import ROLE_SHORT, STATUS_LABELS

    questions = form_questions(event)
    answers = answers_by_registration(event)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter)
    tz = event.timezone
    with force_locale("fr"):
        writer.writerow(
            csv_row(
                [
                    "id",
                    "nom",
                    "prénom",
                    "e-mail",
                    "structure",
                    "rôle",
                    "territoire",
                    "téléphone",
                    "besoins",
                    "statut",
                    "position liste d'attente",
                    time_header("inscrit le", tz),
                    "équipe",
                    time_header("arrivé à", tz),
                    *[q.label for q in questions],
                ]
            )
        )
        for r in rows:
            writer.writerow(
                csv_row(
                    [
                        r.id,
                        r.last_name,
                        r.first_name,
                        r.email,
                        r.organisation,
                        str(ROLE_SHORT[r.role]),
                        r.territory,
                        r.phone,
                        r.needs,
                        str(STATUS_LABELS[r.status]),
                        r.waitlist_position or "",
                        local_text(r.created_at, tz),
                        r.group.organisation if r.group else "",
                        local_text(r.checked_in_at, tz),
                        *[show_answer(answers.get(r.id, {}).get(q.id)) for q in questions],
                    ]
                )
            )
    return out.getvalue()

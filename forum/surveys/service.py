"""Questionnaires: written by the organisers, sent by e-mail with a personal link, answered without an
account (one answer per person, changeable until the survey closes), read as counts and exported."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import Account
from forum.core import audit
from forum.core import signals, values
from forum.core.tokens import hash_token
from forum.core.errors import MESSAGES, DomainError
from forum.core.i18n import aware
from forum.core.models import utcnow
from forum.events.models import Event
from forum.extensions import db
from forum.mail import service as mail
from forum.registration.models import Registration
from forum.registration.questions import check_answers, clean_question
from forum.events.service import lock_event
from forum.surveys.models import Survey, SurveyInvitation, SurveyQuestion, SurveyResponse
from forum.core import permissions

MESSAGES.update(
    {
        "survey_not_draft": _l("This questionnaire is already sent: its questions and anonymity can no longer change."),
        "survey_closed": _l("This questionnaire is closed: answers are no longer accepted."),
        "survey_empty": _l("Add at least one question before sending the questionnaire."),
        "bad_survey_link": _l("This questionnaire link is not valid."),
    }
)
AUDIENCES = ("confirmed", "arrived")


# -- the organisers ----------------------------------------------------------


def _survey_fields(event: Event, data: dict) -> dict:
    fields = {
        "title": values.text(data.get("title"), "title", minimum=3, maximum=200),
        "intro": values.text(data.get("intro") or "", "intro", maximum=3000, multiline=True),
        "anonymous": data.get("anonymous") is True,
        "audience": data.get("audience") or "confirmed",
    }
    if fields["audience"] not in AUDIENCES:
        raise DomainError("invalid", fields={"audience": ["bad_choice"]})
    closes_at = data.get("closes_at")
    if closes_at is not None and not isinstance(closes_at, datetime):
        raise DomainError("invalid", fields={"closes_at": ["bad_datetime"]})
    # typed in the event's time zone, kept in UTC
    fields["closes_at"] = (
        aware(closes_at, event.timezone).astimezone(timezone.utc).replace(tzinfo=None) if closes_at else None
    )
    return fields


def local_closing(survey: Survey) -> datetime | None:
    """When answers stop, in the event's time zone (as the organisers typed it and people read it)."""
    if survey.closes_at is None:
        return None
    return (
        survey.closes_at.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(survey.event.timezone)).replace(tzinfo=None)
    )


def create_survey(event: Event, data: dict, *, actor: Account | None) -> Survey:
    permissions.require(event, actor, "manage")
    survey = Survey(event_id=event.id, **_survey_fields(event, data))
    db.session.add(survey)
    db.session.commit()
    return survey


def get_survey(event: Event, survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.event_id != event.id:
        raise DomainError("not_found")
    return survey


def surveys_of(event: Event) -> list[Survey]:
    return db.session.scalars(select(Survey).where(Survey.event_id == event.id).order_by(Survey.id)).all()


def update_survey(event: Event, survey: Survey, data: dict, *, actor: Account | None) -> Survey:
    """Title, introduction and closing date any time; anonymity and audience while it is a draft."""
    permissions.require(event, actor, "manage")
    fields = _survey_fields(event, data)
    if survey.status != "draft" and (fields["anonymous"] != survey.anonymous or fields["audience"] != survey.audience):
        raise DomainError("survey_not_draft")
    for name, value in fields.items():
        setattr(survey, name, value)
    db.session.commit()
    return survey


def _require_draft(survey: Survey) -> None:
    """Questions change only before the questionnaire is sent (answers would no longer match them)."""
    if survey.status != "draft":
        raise DomainError("survey_not_draft")


def add_question(event: Event, survey: Survey, data: dict, *, actor: Account | None) -> SurveyQuestion:
    permissions.require(event, actor, "manage")
    _require_draft(survey)
    position = (
        db.session.scalar(select(func.max(SurveyQuestion.position)).where(SurveyQuestion.survey_id == survey.id)) or 0
    ) + 1
    question = SurveyQuestion(survey_id=survey.id, position=position, **clean_question(data))
    db.session.add(question)
    db.session.commit()
    return question


def delete_question(event: Event, survey: Survey, question_id: int, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    _require_draft(survey)
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey.id:
        raise DomainError("not_found")
    db.session.delete(question)
    db.session.commit()


def recipients(event: Event, survey: Survey) -> list[Registration]:
    """Who the survey goes to and has not had it yet."""
    query = select(Registration).where(
        Registration.event_id == event.id,
        Registration.status == "confirmed",
        Registration.id.not_in(
            select(SurveyInvitation.registration_id).where(
                SurveyInvitation.survey_id == survey.id, SurveyInvitation.registration_id.is_not(None)
            )
        ),
    )
    if survey.audience == "arrived":
        query = query.where(Registration.checked_in_at.is_not(None))
    return db.session.scalars(query).all()


def response_key(token: str) -> str:
    """What finds an anonymous person's answers again: derived from their link, which is not stored."""
    return hmac.new(
        current_app.config["SECRET_KEY"].encode(), f"survey-response:{token}".encode(), hashlib.sha256
    ).hexdigest()


def send_survey(event: Event, survey: Survey, *, actor: Account | None) -> int:
    """Open the survey and send its personal link to everyone of its audience who has not had it; how many.
    Sending again later reaches only the people registered or checked in since."""
    permissions.require(event, actor, "manage")
    if not survey.questions:
        raise DomainError("survey_empty")
    if survey.status == "closed":
        raise DomainError("survey_closed")
    lock_event(event)  # two clicks never send twice
    people = recipients(event, survey)
    rows = []
    for person in people:
        token = secrets.token_urlsafe(24)
        invitation = SurveyInvitation(survey_id=survey.id, registration_id=person.id, token_hash=hash_token(token))
        db.session.add(invitation)
        rows.append((invitation, person, token))
    db.session.flush()
    # the link travels in the outbox row until it is delivered (then the message's body and context go)
    mail.notify_many(
        [
            {
                "kind": "survey_invitation",
                "to": person.email,
                "event_id": event.id,
                "registration_id": person.id,
                "context": {"survey_id": survey.id, "token": token},
            }
            for invitation, person, token in rows
        ]
    )
    survey.status = "open"
    audit.write(event.id, "survey.sent", actor_id=actor.id if actor else None, detail=survey.title, rows=len(rows))
    db.session.commit()
    return len(rows)


def close_survey(event: Event, survey: Survey, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    survey.status = "closed"
    db.session.commit()


# -- the person ----------------------------------------------------------------


def by_token(token: str) -> SurveyInvitation:
    invitation = db.session.scalar(
        select(SurveyInvitation).where(SurveyInvitation.token_hash == hash_token(token or ""))
    )
    if invitation is None:
        raise DomainError("bad_survey_link")
    return invitation


def is_open(survey: Survey) -> bool:
    return survey.status == "open" and (survey.closes_at is None or utcnow() < survey.closes_at)


def _response(invitation: SurveyInvitation, token: str) -> SurveyResponse | None:
    if invitation.survey.anonymous:
        return db.session.scalar(select(SurveyResponse).where(SurveyResponse.key == response_key(token)))
    return db.session.scalar(select(SurveyResponse).where(SurveyResponse.invitation_id == invitation.id))


def my_answers(token: str) -> dict:
    response = _response(by_token(token), token)
    return dict(response.answers) if response else {}


#: an anonymous questionnaire's results are shown (and exported) from this many answers on: one person's
#: answer cannot be read off the tables
MIN_ANONYMOUS_ANSWERS = 5


def _day(moment):
    """An anonymous answer's time: its day only (a finer one pairs it with the delivery of its link)."""
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _random_id() -> int:
    """An anonymous answer's identifier: random, so that it follows neither sending nor answering order."""
    return secrets.randbelow(2**31 - 2) + 1


def answer(token: str, answers: dict | None) -> SurveyResponse:
    """The person's answers (replacing their earlier ones) while the survey is open.

    Anonymous: the answer is keyed by a hash of the link, never by the invitation or the registration;
    nothing per invitation says it was answered, the answer's times are days, its id is random."""
    invitation = by_token(token)
    survey = invitation.survey
    if not is_open(survey):
        raise DomainError("survey_closed")
    clean = {str(k): v for k, v in check_answers(survey.questions, answers).items()}
    for attempt in range(2):
        response = _response(invitation, token)
        now = _day(utcnow()) if survey.anonymous else utcnow()
        if response is None:
            response = SurveyResponse(
                survey_id=survey.id,
                answers=clean,
                created_at=now,
                updated_at=now,
                invitation_id=None if survey.anonymous else invitation.id,
                key=response_key(token) if survey.anonymous else None,
            )
            if survey.anonymous:
                response.id = _random_id()
            db.session.add(response)
        else:
            response.answers, response.updated_at = clean, now
        if not survey.anonymous:
            invitation.answered_at = invitation.answered_at or now
        try:
            db.session.commit()
            return response
        except IntegrityError:  # the same person sent twice at once: the other one wrote first, update it
            db.session.rollback()
    raise DomainError("internal_error")


# -- results -------------------------------------------------------------------


def responses(survey: Survey) -> list[SurveyResponse]:
    return db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.id)
    ).all()


def progress(survey: Survey) -> dict[str, int]:
    """How many links were sent and how many answers came (an anonymous one counts its answers: no
    invitation says it was answered)."""
    sent = db.session.scalar(select(func.count()).where(SurveyInvitation.survey_id == survey.id))
    if survey.anonymous:
        answered = db.session.scalar(select(func.count()).where(SurveyResponse.survey_id == survey.id))
    else:
        answered = db.session.scalar(
            select(func.count()).where(
                SurveyInvitation.survey_id == survey.id, SurveyInvitation.answered_at.is_not(None)
            )
        )
    return {"sent": sent, "answered": answered}


def results_shown(survey: Survey) -> bool:
    """An anonymous questionnaire shows its results from MIN_ANONYMOUS_ANSWERS answers on."""
    return not survey.anonymous or progress(survey)["answered"] >= MIN_ANONYMOUS_ANSWERS


def results(survey: Survey) -> list[dict]:
    """Per question: the counts of each choice (choice, choices, yes/no) or the texts given (none for an
    anonymous questionnaire under MIN_ANONYMOUS_ANSWERS answers)."""
    if not results_shown(survey):
        return []
    rows = [r.answers for r in responses(survey)]
    out = []
    for q in survey.questions:
        given = [row[str(q.id)] for row in rows if str(q.id) in row and row[str(q.id)] not in ("", [], None)]
        item = {"question": q, "answered": len(given)}
        if q.kind in ("choice", "choices"):
            counts = {option: 0 for option in q.options}
            for value in given:
                for option in value if isinstance(value, list) else [value]:
                    counts[option] = counts.get(option, 0) + 1
            item["counts"] = list(counts.items())
        elif q.kind == "yes_no":
            item["counts"] = [("yes", sum(1 for v in given if v is True)), ("no", sum(1 for v in given if v is False))]
        else:
            item["texts"] = given
        out.append(item)
    return out


def export_rows(event: Event, survey: Survey, *, actor: Account | None, kind: str) -> tuple[list, list[list]]:
    """The header and one row per response (with the person's name unless the survey is anonymous); the
    export is written in the audit log."""
    permissions.require(event, actor, "manage")
    if not results_shown(survey):
        raise DomainError("too_few_answers", n=MIN_ANONYMOUS_ANSWERS)
    people = {}
    if not survey.anonymous:
        people = {
            inv_id: (last, first, org)
            for inv_id, last, first, org in db.session.execute(
                select(SurveyInvitation.id, Registration.last_name, Registration.first_name, Registration.organisation)
                .join(Registration, Registration.id == SurveyInvitation.registration_id)
                .where(SurveyInvitation.survey_id == survey.id)
            )
        }
    header = ([] if survey.anonymous else ["Nom", "Prénom", "Structure"]) + [q.label for q in survey.questions]
    rows = []
    for response in responses(survey):
        cells = [] if survey.anonymous else list(people.get(response.invitation_id, ("", "", "")))
        for q in survey.questions:
            value = response.answers.get(str(q.id), "")
            cells.append(
                "; ".join(value)
                if isinstance(value, list)
                else ("oui" if value is True else "non")
                if isinstance(value, bool)
                else value
            )
        rows.append(cells)
    audit.write(event.id, f"survey.{kind}", actor_id=actor.id if actor else None, detail=survey.title, rows=len(rows))
    db.session.commit()
    return header, rows


@signals.event_purging.connect
def _forget(event: Event, **_kw) -> None:
    """The RGPD purge: the answers go with the rest of the personal data (the questions stay)."""
    ids = select(Survey.id).where(Survey.event_id == event.id)
    db.session.execute(delete(SurveyResponse).where(SurveyResponse.survey_id.in_(ids)))
    db.session.execute(delete(SurveyInvitation).where(SurveyInvitation.survey_id.in_(ids)))

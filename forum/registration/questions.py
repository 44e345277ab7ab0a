"""The organisers' own questions on the bulletin d'inscription, and the answers' checks."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select

from forum.core import permissions
from forum.accounts.models import Account
from forum.core import values
from forum.core.errors import DomainError
from forum.core.models import get_in_event
from forum.events.models import Event
from forum.extensions import db
from forum.registration.models import QUESTION_KINDS, Answer, FormQuestion


_OF_EVENT = (
    select(FormQuestion)
    .where(FormQuestion.event_id == bindparam("event_id"))
    .order_by(FormQuestion.position, FormQuestion.id)
)


def form_questions(event: Event) -> list[FormQuestion]:
    return db.session.scalars(_OF_EVENT, {"event_id": event.id}).all()


def clean_answers(event: Event, answers: dict | None) -> dict[int, object]:
    """Answers to the event's own questions, keyed by question id; errors under 'q_<id>'."""
    return check_answers(form_questions(event), answers)


def check_answers(questions, answers: dict | None) -> dict[int, object]:
    """Answers to ``questions`` (anything with id, kind, required and options: the bulletin's, a
    questionnaire's), keyed by question id; DomainError with errors under 'q_<id>'."""
    if answers is not None and not isinstance(answers, dict):
        raise DomainError("invalid", fields={"answers": ["answers_not_object"]})
    answers = answers or {}
    fields: dict[str, list] = {}
    out: dict[int, object] = {}
    for q in questions:
        value = answers.get(str(q.id), answers.get(q.id))
        key = f"q_{q.id}"
        empty = value in (None, "", [])
        if empty:
            if q.required and q.kind != "yes_no":
                fields[key] = ["required"]
            elif q.kind == "yes_no":
                if q.required and value is None:
                    fields[key] = ["required"]
                else:
                    out[q.id] = False
            continue
        if q.kind in ("short_text", "long_text"):
            limit = 300 if q.kind == "short_text" else 3000
            try:
                out[q.id] = values.text(value, key, maximum=limit, multiline=q.kind == "long_text")
            except DomainError as error:
                fields.update(error.fields)
        elif q.kind == "choice":
            if not isinstance(value, str) or value not in q.options:
                fields[key] = ["bad_choice"]
            else:
                out[q.id] = value
        elif q.kind == "choices":
            chosen = value if isinstance(value, list) else [value]
            if not all(isinstance(v, str) and v in q.options for v in chosen):
                fields[key] = ["bad_choice"]
            else:
                out[q.id] = [o for o in q.options if o in chosen]
        elif q.kind == "yes_no":
            if isinstance(value, str):
                value = value.lower() in ("y", "yes", "oui", "true", "1", "on")
            if not isinstance(value, bool):
                fields[key] = ["bad_choice"]
            else:
                out[q.id] = value
    if fields:
        raise DomainError("invalid", fields=fields)
    return out


def get_form_question(event: Event, question_id: int) -> FormQuestion:
    return get_in_event(FormQuestion, event, question_id)


def add_form_question(event: Event, data: dict, *, actor: Account | None) -> FormQuestion:
    permissions.require(event, actor, "manage")
    question = FormQuestion(
        event_id=event.id,
        **_clean_question(data),
        skip_at_door=_skip_at_door(data),
        position=(
            db.session.scalar(select(func.max(FormQuestion.position)).where(FormQuestion.event_id == event.id)) or 0
        )
        + 1,
    )
    db.session.add(question)
    db.session.commit()
    return question


def update_form_question(event: Event, question: FormQuestion, data: dict, *, actor: Account | None) -> FormQuestion:
    """Change a question's wording, choices or requirement; its kind of answer only while nobody has answered.

    Answers already given keep their value, also a choice that is no longer offered.
    """
    permissions.require(event, actor, "manage")
    if question.event_id != event.id:
        raise DomainError("not_found")
    cleaned = _clean_question(data)
    if cleaned["kind"] != question.kind and db.session.scalar(
        select(Answer.id).where(Answer.question_id == question.id).limit(1)
    ):
        raise DomainError("invalid", fields={"kind": ["question_answered"]})
    for name, value in cleaned.items():
        setattr(question, name, value)
    question.skip_at_door = _skip_at_door(data)
    db.session.commit()
    return question


def _skip_at_door(data: dict) -> bool:
    """Only an optional question may be skipped at the door: a walk-in must give what the event requires."""
    return bool(data.get("skip_at_door")) and not data.get("required")


def delete_form_question(event: Event, question: FormQuestion, *, actor: Account | None) -> None:
    permissions.require(event, actor, "manage")
    if question.event_id != event.id:
        raise DomainError("not_found")
    db.session.delete(question)
    db.session.commit()


def clean_question(data: dict) -> dict:
    """A question's wording, kind, requirement and choices, checked (the bulletin's and a questionnaire's)."""
    return _clean_question(data)


def _clean_question(data: dict) -> dict:
    fields: dict[str, list] = {}
    label = (data.get("label") or "").strip()
    if not label:
        fields["label"] = ["required"]
    elif len(label) > 300:
        fields["label"] = [("too_long", {"max": 300})]
    kind = data.get("kind")
    if kind not in QUESTION_KINDS:
        fields["kind"] = ["bad_choice"]
    options = data.get("options") or []
    if isinstance(options, str):
        options = [o.strip() for o in options.splitlines() if o.strip()]
    options = [o[:200] for o in options][:30]
    if kind in ("choice", "choices") and len(options) < 2:
        fields["options"] = ["required"]
    if fields:
        raise DomainError("invalid", fields=fields)
    return {
        "label": label,
        "kind": kind,
        "required": bool(data.get("required")),
        "options": options if kind in ("choice", "choices") else [],
    }

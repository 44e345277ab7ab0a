"""Questionnaires: the organisers' pages, the person's answer page (no account), the exports."""

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.core.spreadsheet import csv_text, xlsx_bytes
from forum.events.service import get_managed_event
from forum.registration.forms import QUESTION_KIND_LABELS, FormQuestionForm, add_question_fields, answers_from
from forum.surveys import service
from forum.surveys.forms import SurveyForm

bp = Blueprint("surveys", __name__)


@bp.route("/manage/<slug>/surveys", methods=["GET", "POST"])
@login_required
def index(slug: str):
    event = get_managed_event(slug, current_user)
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            survey = service.create_survey(event, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect(url_for("surveys.show", slug=slug, survey_id=survey.id))
    return render_template(
        "surveys/index.html", event=event, form=form, surveys=service.surveys_of(event), progress=service.progress
    ), 422 if form.errors else 200


def _page(event, survey, *, form=None, question_form=None, status=200):
    return render_template(
        "surveys/show.html",
        event=event,
        survey=survey,
        form=form or SurveyForm(obj=survey, closes_at=service.local_closing(survey)),
        question_form=question_form or FormQuestionForm(),
        confirm=ConfirmForm(),
        kind_labels=QUESTION_KIND_LABELS,
        results=service.results(survey),
        results_shown=service.results_shown(survey),
        min_answers=service.MIN_ANONYMOUS_ANSWERS,
        progress=service.progress(survey),
        waiting=len(service.recipients(event, survey)),
        is_open=service.is_open(survey),
    ), status


@bp.get("/manage/<slug>/surveys/<int:survey_id>")
@login_required
def show(slug: str, survey_id: int):
    event = get_managed_event(slug, current_user)
    return _page(event, service.get_survey(event, survey_id))


@bp.post("/manage/<slug>/surveys/<int:survey_id>")
@login_required
def save(slug: str, survey_id: int):
    event = get_managed_event(slug, current_user)
    survey = service.get_survey(event, survey_id)
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            service.update_survey(event, survey, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The questionnaire is saved."), "success")
            return redirect(url_for("surveys.show", slug=slug, survey_id=survey_id))
    return _page(event, survey, form=form, status=422)


@bp.post("/manage/<slug>/surveys/<int:survey_id>/questions")
@login_required
def add_question(slug: str, survey_id: int):
    event = get_managed_event(slug, current_user)
    survey = service.get_survey(event, survey_id)
    form = FormQuestionForm()
    if form.validate_on_submit():
        try:
            service.add_question(event, survey, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            return redirect(url_for("surveys.show", slug=slug, survey_id=survey_id, _anchor="questions"))
    return _page(event, survey, question_form=form, status=422)


@bp.post("/manage/<slug>/surveys/<int:survey_id>/questions/<int:question_id>/delete")
@login_required
def delete_question(slug: str, survey_id: int, question_id: int):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.delete_question(event, service.get_survey(event, survey_id), question_id, actor=current_user)
    return redirect(url_for("surveys.show", slug=slug, survey_id=survey_id, _anchor="questions"))


@bp.post("/manage/<slug>/surveys/<int:survey_id>/<action>")
@login_required
def change(slug: str, survey_id: int, action: str):
    event = get_managed_event(slug, current_user)
    survey = service.get_survey(event, survey_id)
    if ConfirmForm().validate_on_submit():
        if action == "send":
            sent = service.send_survey(event, survey, actor=current_user)
            flash(
                ngettext(
                    "The questionnaire is sent to %(num)d person.", "The questionnaire is sent to %(num)d people.", sent
                ),
                "success",
            )
        elif action == "close":
            service.close_survey(event, survey, actor=current_user)
            flash(_("The questionnaire is closed."), "success")
        else:
            raise DomainError("not_found")
    return redirect(url_for("surveys.show", slug=slug, survey_id=survey_id))


@bp.get("/manage/<slug>/surveys/<int:survey_id>/answers.<fmt>")
@login_required
def export(slug: str, survey_id: int, fmt: str):
    event = get_managed_event(slug, current_user)
    survey = service.get_survey(event, survey_id)
    if fmt not in ("csv", "xlsx"):
        raise DomainError("not_found")
    header, rows = service.export_rows(event, survey, actor=current_user, kind=fmt)
    name = f"questionnaire-{survey.id}-{event.slug}.{fmt}"
    if fmt == "csv":
        body, content_type = csv_text(header, rows), "text/csv; charset=utf-8"
    else:
        body = xlsx_bytes("Réponses", header, rows)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- the person's page ------------------------------------------------------------


@bp.route("/s/<token>", methods=["GET", "POST"])
def answer(token: str):
    invitation = service.by_token(token)
    survey = invitation.survey
    cls, names = add_question_fields(ConfirmForm, survey.questions)
    previous = service.my_answers(token)
    defaults = {f"q_{k}": ("yes" if v is True else "no" if v is False else v) for k, v in previous.items()}
    form = cls(**defaults)
    status = 200
    if form.validate_on_submit():
        try:
            service.answer(token, answers_from(form, names))
        except DomainError as error:
            apply_domain_error(form, error)
            status = 422
        else:
            flash(
                _(
                    "Thank you: your answers are saved. You can change them with the same link until the "
                    "questionnaire closes."
                ),
                "success",
            )
            return redirect(url_for("surveys.answer", token=token))
    elif form.errors:
        status = 422
    return render_template(
        "surveys/answer.html",
        survey=survey,
        event=survey.event,
        form=form,
        names=names,
        answered=bool(previous),
        is_open=service.is_open(survey),
        closing=service.local_closing(survey),
    ), status

"""The bulletin d'inscription, the personal link, and the organisers' list of registrations."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from forum.calendar.service import invitation_ics
from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.events.service import get_managed_event, get_public_event
from forum.extensions import limiter
from forum.registration import listing, service
from forum.registration import questions as bulletin_questions
from forum.registration.device import remember_link
from forum.registration.forms import (
    QUESTION_KIND_LABELS,
    CapacityForm,
    DetailsForm,
    FilterForm,
    FormQuestionForm,
    RegistrationForm,
    ResendLinkForm,
    TeamForm,
    add_question_fields,
    answers_from,
)

bp = Blueprint("registration", __name__)


def _registration_limit() -> str:
    return current_app.config.get("REGISTRATION_RATE_LIMIT", "300 per minute")


def bulletin(event, form_class=RegistrationForm, **kwargs):
    """The form with the event's own questions; returns (form, question field names)."""
    from forum.core.i18n import locale_code

    cls, names = add_question_fields(form_class, bulletin_questions.form_questions(event))
    if "obj" not in kwargs:
        kwargs.setdefault("locale", locale_code())
    return cls(**kwargs), names


def _person(form) -> dict:
    return {k: v for k, v in form_values(form).items() if not k.startswith("q_")}


# -- registering ---------------------------------------------------------


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def register(slug: str):
    event = get_public_event(slug)
    form, names = bulletin(event)
    if form.validate_on_submit():
        try:
            result = service.register(event, _person(form), answers=answers_from(form, names))
        except DomainError as error:
            apply_domain_error(form, error)
        else:  # answered by a page reached by GET: reloading it registers nobody twice
            if result.duplicate:  # today's answer for an address already registered: it tells nothing more
                return _link_sent(event, result.registration.email)
            return redirect(url_for("registration.mine", token=result.token, welcome=1))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "registration/register.html",
        event=event,
        form=form,
        names=names,
        state=service.window(event),
        counts=service.counts(event),
    ), status


@bp.route("/e/<slug>/team", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def register_team(slug: str):
    event = get_public_event(slug)
    rows = min(max(request.args.get("rows", 3, type=int), 1), 30)
    form = TeamForm(members=[{}] * rows) if request.method == "GET" else TeamForm()
    if form.validate_on_submit():
        values = form_values(form)
        try:
            results = service.register_team(event, values, values.pop("members"))
        except DomainError as error:
            _apply_team_error(form, error)
        else:
            session["team_registered"] = {
                "event": event.id,
                "names": [r.registration.full_name for r in results],
                "email": form.contact_email.data,
            }
            return redirect(url_for("registration.team_registered", slug=slug))
    status = 422 if request.method == "POST" else 200
    return render_template(
        "registration/team.html", event=event, form=form, state=service.window(event), counts=service.counts(event)
    ), status


def _apply_team_error(form, error: DomainError) -> None:
    messages = error.field_messages()
    for key, texts in messages.items():
        if key.startswith("members-"):
            _, n, name = key.split("-", 2)
            field = form.members[int(n)][name]
            field.errors = list(field.errors) + texts
        elif key == "members":
            form.form_errors.extend(texts)
        else:
            form[key].errors = list(form[key].errors) + texts
    if not error.fields:
        form.form_errors.append(error.message)


@bp.route("/e/<slug>/link", methods=["GET", "POST"])
@limiter.limit(_registration_limit, methods=["POST"])
def resend_link(slug: str):
    event = get_public_event(slug)
    form = ResendLinkForm()
    if form.validate_on_submit():
        service.send_link_again(event, form.email.data)
        return _link_sent(event, form.email.data)
    return render_template("registration/link.html", event=event, form=form), 422 if request.method == "POST" else 200


def _link_sent(event, email: str):
    session["link_sent_to"] = email
    return redirect(url_for("registration.link_sent", slug=event.slug))


@bp.get("/e/<slug>/link/sent")
def link_sent(slug: str):
    """ "We sent the link to that address": the same page whether the address is registered or not."""
    return render_template(
        "registration/link_sent.html", event=get_public_event(slug), email=session.get("link_sent_to", "")
    )


@bp.get("/e/<slug>/team/registered")
def team_registered(slug: str):
    event = get_public_event(slug)
    done = session.get("team_registered") or {}
    if done.get("event") != event.id:
        return redirect(url_for("registration.register_team", slug=slug))
    return render_template("registration/thanks.html", event=event, team=done["names"], email=done["email"])


# -- the personal link ---------------------------------------------------


@bp.get("/r/<token>")
def mine(token: str):
    registration = service.get_by_token(token)
    response = Response(
        render_template(
            "registration/mine.html",
            registration=registration,
            event=registration.event,
            token=token,
            confirm=ConfirmForm(),
            qr=service.checkin_qr(registration),
        )
    )
    remember_link(response, registration.event, token)  # a workshop's QR code on the wall opens the board from it
    return response


@bp.route("/r/<token>/edit", methods=["GET", "POST"])
def edit_mine(token: str):
    registration = service.get_by_token(token)
    form, names = bulletin(registration.event, DetailsForm, obj=registration, **_answer_defaults(registration))
    if form.validate_on_submit():
        try:
            service.update_details(registration, _person(form), answers=answers_from(form, names))
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for("registration.mine", token=token))
    return render_template(
        "registration/edit_mine.html",
        registration=registration,
        event=registration.event,
        form=form,
        names=names,
        token=token,
    ), 422 if request.method == "POST" else 200


def _answer_defaults(registration) -> dict:
    out = {}
    for answer in registration.answers:
        value = answer.value
        if answer.question.kind == "yes_no":
            value = "yes" if value else "no"
        out[f"q_{answer.question_id}"] = value
    return out


@bp.route("/r/<token>/cancel", methods=["GET", "POST"])
def cancel_mine(token: str):
    registration = service.get_by_token(token)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.cancel(registration)
        flash(_("Your registration is cancelled. Thank you for letting us know."), "success")
        return redirect(url_for("registration.mine", token=token))
    return render_template(
        "registration/cancel_mine.html", registration=registration, event=registration.event, form=form, token=token
    )


@bp.get("/r/<token>/invitation.ics")
def my_invitation(token: str):
    registration = service.get_by_token(token)
    method = "CANCEL" if registration.status == "cancelled" or registration.event.is_cancelled else "REQUEST"
    return Response(
        invitation_ics(registration, method),
        content_type=f"text/calendar; charset=utf-8; method={method}",
        headers={"Content-Disposition": 'attachment; filename="invitation.ics"'},
    )


@bp.get("/r/<token>/data.json")
def my_data(token: str):
    registration = service.get_by_token(token)
    body = json.dumps(service.export_my_data(registration), ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json", headers={"Content-Disposition": 'attachment; filename="mes-donnees.json"'}
    )


@bp.route("/r/<token>/delete", methods=["GET", "POST"])
def delete_mine(token: str):
    registration = service.get_by_token(token)
    event = registration.event
    form = ConfirmForm()
    if form.validate_on_submit():
        service.delete_my_data(registration, keep_contributions=request.form.get("contributions") == "keep")
        return render_template("registration/deleted.html", event=event)
    return render_template(
        "registration/delete_mine.html", registration=registration, event=event, form=form, token=token
    )


# -- organisers ----------------------------------------------------------


@bp.get("/manage/<slug>/registrations")
@login_required
def manage(slug: str):
    event = get_managed_event(slug, current_user)
    filters = FilterForm(request.args)
    rows = listing.search(event, filters.data)
    template = "registration/_rows.html" if request.args.get("partial") else "registration/manage.html"
    return render_template(
        template,
        event=event,
        filters=filters,
        rows=rows,
        counts=service.counts(event),
        confirm=ConfirmForm(),
        capacity_form=CapacityForm(capacity=event.capacity),
        answers=listing.answers_by_registration(event),
        questions=bulletin_questions.form_questions(event),
    )


@bp.get("/manage/<slug>/registrations.csv")
@login_required
def manage_csv(slug: str):
    event = get_managed_event(slug, current_user)
    rows = listing.search(event, FilterForm(request.args).data)
    body = listing.to_csv(event, rows, delimiter=";" if request.args.get("delimiter") == "semicolon" else ",")
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="inscriptions-{event.slug}.csv"'},
    )


@bp.route("/manage/<slug>/registrations/new", methods=["GET", "POST"])
@login_required
def add(slug: str):
    event = get_managed_event(slug, current_user)
    form, names = bulletin(event)
    if form.validate_on_submit():
        try:
            result = service.register(event, _person(form), answers=answers_from(form, names), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(
                _("%(name)s is registered.", name=result.registration.full_name)
                if not result.duplicate
                else _("This person was already registered; their link was sent again."),
                "success",
            )
            return redirect(url_for("registration.manage", slug=slug))
    return render_template(
        "registration/add.html", event=event, form=form, names=names
    ), 422 if request.method == "POST" else 200


@bp.route("/manage/<slug>/registrations/<int:registration_id>", methods=["GET", "POST"])
@login_required
def edit(slug: str, registration_id: int):
    event = get_managed_event(slug, current_user)
    registration = service.get_registration(event, registration_id)
    form, names = bulletin(event, DetailsForm, obj=registration, **_answer_defaults(registration))
    if form.validate_on_submit():
        try:
            service.update_details(registration, _person(form), answers=answers_from(form, names), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The registration is saved."), "success")
            return redirect(url_for("registration.manage", slug=slug))
    return render_template(
        "registration/edit.html", event=event, registration=registration, form=form, names=names, confirm=ConfirmForm()
    ), 422 if request.method == "POST" else 200


@bp.post("/manage/<slug>/registrations/<int:registration_id>/<action>")
@login_required
def act(slug: str, registration_id: int, action: str):
    event = get_managed_event(slug, current_user)
    registration = service.get_registration(event, registration_id)
    if action not in ("cancel", "remove", "promote", "resend") or not ConfirmForm().validate_on_submit():
        raise DomainError("not_found")
    name = registration.full_name
    if action == "cancel":
        service.cancel(registration, actor=current_user)
        flash(_("The registration of %(name)s is cancelled.", name=name), "success")
    elif action == "remove":
        service.remove(registration, actor=current_user)
        flash(_("The registration of %(name)s is removed.", name=name), "success")
    elif action == "promote":
        service.promote(registration, actor=current_user)
        flash(_("%(name)s has a seat now.", name=name), "success")
    else:
        service.resend_confirmation(registration, actor=current_user)
        flash(_("The confirmation is sent again to %(name)s.", name=name), "success")
    return redirect(url_for("registration.manage", slug=slug))


@bp.post("/manage/<slug>/capacity")
@login_required
def capacity(slug: str):
    event = get_managed_event(slug, current_user)
    form = CapacityForm()
    if form.validate_on_submit():
        try:
            promoted = service.set_capacity(event, form.capacity.data, actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(
                " ".join(
                    (
                        ngettext(
                            "The capacity is now %(num)d seat.", "The capacity is now %(num)d seats.", event.capacity
                        ),
                        ngettext(
                            "%(num)d person promoted from the waiting list.",
                            "%(num)d people promoted from the waiting list.",
                            len(promoted),
                        ),
                    )
                ),
                "success",
            )
            return redirect(url_for("registration.manage", slug=slug))
    flash(" ".join(str(error) for error in form.capacity.errors), "error")
    return redirect(url_for("registration.manage", slug=slug))


@bp.route("/manage/<slug>/questions", methods=["GET", "POST"])
@login_required
def questions(slug: str):
    event = get_managed_event(slug, current_user)
    form = FormQuestionForm()
    if form.validate_on_submit():
        try:
            bulletin_questions.add_form_question(event, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The question is added to the bulletin d'inscription."), "success")
            return redirect(url_for("registration.questions", slug=slug))
    return render_template(
        "registration/questions.html",
        event=event,
        form=form,
        confirm=ConfirmForm(),
        questions=bulletin_questions.form_questions(event),
        kind_labels=QUESTION_KIND_LABELS,
    ), 422 if request.method == "POST" else 200


@bp.route("/manage/<slug>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(slug: str, question_id: int):
    event = get_managed_event(slug, current_user)
    question = bulletin_questions.get_form_question(event, question_id)
    form = FormQuestionForm(
        data={
            "label": question.label,
            "kind": question.kind,
            "required": question.required,
            "skip_at_door": question.skip_at_door,
            "options": "\n".join(question.options),
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            bulletin_questions.update_form_question(event, question, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The question is changed."), "success")
            return redirect(url_for("registration.questions", slug=slug))
    return render_template(
        "registration/question_edit.html", event=event, form=form, question=question
    ), 422 if request.method == "POST" else 200


@bp.post("/manage/<slug>/questions/<int:question_id>/delete")
@login_required
def delete_question(slug: str, question_id: int):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        bulletin_questions.delete_form_question(
            event, bulletin_questions.get_form_question(event, question_id), actor=current_user
        )
        flash(_("The question is removed."), "success")
    return redirect(url_for("registration.questions", slug=slug))


@bp.app_context_processor
def registration_helpers():
    """What the event page (events domain) shows of registration: seats left and the form."""
    from forum.registration.forms import ROLE_SHORT, STATUS_LABELS

    def panel(event):
        form, names = bulletin(event)
        return {"form": form, "names": names, "state": service.window(event), "counts": service.counts(event)}

    return {"registration_panel": panel, "role_labels": ROLE_SHORT, "status_labels": STATUS_LABELS}

"""Public event pages and the organisers' event and programme editor."""

from datetime import timedelta

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.events import service, setup_file
from forum.core import permissions
from forum.events.forms import KIND_LABELS, DuplicateForm, EventForm, ProgrammeItemForm, SetupFileForm

bp = Blueprint("events", __name__)


@bp.context_processor
def _programme_words() -> dict:
    """The programme's kinds of item ("Accueil", "Ateliers"…), for the event's pages."""
    return {"kind_labels": KIND_LABELS}


def _rerender(template: str, status_ok: int = 200, **context):
    """A page with a form; 422 when the form was sent with errors."""
    form = context.get("form")
    failed = request.method == "POST" and form is not None and (form.errors or form.form_errors)
    return render_template(template, **context), 422 if failed else status_ok


# -- public --------------------------------------------------------------


@bp.get("/")
def index():
    return render_template(
        "events/index.html", events=service.listed_events(), past_events=service.listed_events(past=True)[:10]
    )


@bp.get("/e/<slug>")
def event_page(slug: str):
    event = service.get_public_event(slug)
    return render_template("events/event.html", event=event)


# -- organisers ----------------------------------------------------------


@bp.get("/manage/")
@login_required
def dashboard():
    return render_template(
        "events/dashboard.html",
        events=service.events_of(current_user),
        role_labels=permissions.ROLE_LABELS,
        role_pages=permissions.ROLE_HOME,
    )


@bp.route("/manage/new", methods=["GET", "POST"])
@login_required
def create():
    service.require_event_creator(current_user)
    form = EventForm()
    if form.validate_on_submit():
        try:
            event = service.create_event(form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The event is created as a draft. Add its programme, then publish it."), "success")
            return redirect(url_for("events.manage", slug=event.slug))
    return _rerender("events/edit.html", form=form, event=None)


@bp.get("/manage/<slug>/")
@login_required
def manage(slug: str):
    event = service.get_managed_event(slug, current_user)
    return render_template("events/manage.html", event=event, confirm=ConfirmForm())


@bp.route("/manage/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    event = service.get_managed_event(slug, current_user)
    form = EventForm(obj=event)
    if form.validate_on_submit():
        try:
            service.update_event(event, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The event is saved."), "success")
            return redirect(url_for("events.manage", slug=event.slug))
    return _rerender("events/edit.html", form=form, event=event)


@bp.post("/manage/<slug>/status/<status>")
@login_required
def set_status(slug: str, status: str):
    event = service.get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.set_status(event, status, actor=current_user)
        flash(
            {
                "published": _("The event is published."),
                "draft": _("The event is back to draft: only organisers see it."),
                "cancelled": _("The event is cancelled."),
            }.get(status, ""),
            "success",
        )
    return redirect(url_for("events.manage", slug=event.slug))


@bp.get("/manage/<slug>/cancel")
@login_required
def confirm_cancel(slug: str):
    event = service.get_managed_event(slug, current_user)
    return render_template("events/cancel.html", event=event, form=ConfirmForm())


@bp.route("/manage/<slug>/duplicate", methods=["GET", "POST"])
@login_required
def duplicate(slug: str):
    event = service.get_managed_event(slug, current_user)
    form = DuplicateForm(title=event.title, audience=event.audience)
    if form.validate_on_submit():
        copy = service.duplicate_event(
            event, form.starts_on.data, title=form.title.data, audience=form.audience.data, actor=current_user
        )
        flash(_("The copy is created as a draft on its new date."), "success")
        return redirect(url_for("events.manage", slug=copy.slug))
    return _rerender("events/duplicate.html", form=form, event=event)


# -- programme -----------------------------------------------------------


@bp.route("/manage/<slug>/programme", methods=["GET", "POST"])
@login_required
def programme(slug: str):
    event = service.get_managed_event(slug, current_user)
    form = ProgrammeItemForm()
    if request.method == "GET":
        last_end = event.programme[-1].ends_at if event.programme else event.starts_at
        form.starts_at.data, form.ends_at.data = last_end, min(last_end + timedelta(minutes=30), event.ends_at)
    if form.validate_on_submit():
        try:
            service.add_programme_item(event, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The item is added to the programme."), "success")
            return redirect(url_for("events.programme", slug=slug))
    return _rerender(
        "events/programme.html",
        event=event,
        form=form,
        confirm=ConfirmForm(),
        overlaps=service.overlapping_items(event),
    )


@bp.route("/manage/<slug>/programme/<int:item_id>", methods=["GET", "POST"])
@login_required
def programme_item(slug: str, item_id: int):
    event = service.get_managed_event(slug, current_user)
    item = service.get_programme_item(event, item_id)
    form = ProgrammeItemForm(obj=item, speakers="\n".join(item.speakers or []))
    if form.validate_on_submit():
        try:
            service.update_programme_item(item, form_values(form), actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The item is saved."), "success")
            return redirect(url_for("events.programme", slug=slug))
    return _rerender("events/programme_item.html", event=event, item=item, form=form)


@bp.post("/manage/<slug>/programme/<int:item_id>/delete")
@login_required
def delete_programme_item(slug: str, item_id: int):
    event = service.get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.delete_programme_item(service.get_programme_item(event, item_id), actor=current_user)
        flash(_("The item is removed from the programme."), "success")
    return redirect(url_for("events.programme", slug=slug))


@bp.post("/manage/<slug>/programme/<int:item_id>/move/<direction>")
@login_required
def move_programme_item(slug: str, item_id: int, direction: str):
    event = service.get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.move_programme_item(
            service.get_programme_item(event, item_id), -1 if direction == "up" else 1, actor=current_user
        )
    return redirect(url_for("events.programme", slug=slug, _anchor=f"item-{item_id}"))


# -- the event setup file ------------------------------------------------


@bp.get("/manage/<slug>/setup.json")
@login_required
def download_setup(slug: str):
    event = service.get_managed_event(slug, current_user)
    return Response(
        setup_file.dumps(event),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}.json"'},
    )


@bp.route("/manage/import", methods=["GET", "POST"])
@login_required
def upload_setup():
    service.require_event_creator(current_user)
    form = SetupFileForm()
    if form.validate_on_submit():
        try:
            upload = form.file.data
            data = setup_file.loads(upload.read() if upload else b"")
            event = setup_file.import_event(data, actor=current_user, update=form.update.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The event file is imported."), "success")
            return redirect(url_for("events.manage", slug=event.slug))
    return _rerender("events/import.html", form=form)

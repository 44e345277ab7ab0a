"""The resource stand's pages: the organisers' list and annexes, the stand on a phone (public, or a registrant's
with their workshops first), a rapporteur's additions, the files, the projector's QR code and the A4 poster."""

from __future__ import annotations

import segno
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forum.board.models import Workshop
from forum.board.service import screen_event
from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.core.uploads import accepts_upload, stored_path, type_of
from forum.events.service import get_managed_event, get_public_event
from forum.extensions import db
from forum.registration.device import remember_link
from forum.registration.service import get_by_token
from forum.resources import poster, service
from forum.resources.forms import AnnexForm, ResourceForm

bp = Blueprint("resources", __name__)


def _attach_choices(event, workshops=None) -> list[tuple[str, str]]:
    """What a resource can be about: the whole event, a programme item, a workshop of the grid."""
    choices = [] if workshops is not None else [("event", _("The whole day"))]
    if workshops is None:
        choices += [(f"item-{i.id}", f"{_('Programme')} · {i.title}") for i in event.programme]
        workshops = db.session.scalars(
            db.select(Workshop)
            .where(Workshop.event_id == event.id, Workshop.programme_item_id.is_(None))
            .order_by(Workshop.id)
        ).all()
    return choices + [(f"workshop-{w.id}", f"{_('Workshop')} · {w.title}") for w in workshops]


def _resource_form(event, workshops=None, **kwargs) -> ResourceForm:
    form = ResourceForm(**kwargs)
    form.kind.choices = [(k, str(label)) for k, label in service.KIND_LABELS.items()]
    form.visibility.choices = [(k, str(label)) for k, label in service.VISIBILITY_LABELS.items()]
    form.attached_to.choices = _attach_choices(event, workshops)
    return form


def _values(form: ResourceForm) -> dict:
    values = form_values(form)
    kind, _, number = (values.pop("attached_to") or "").partition("-")
    if kind in ("workshop", "item"):  # a number that names no row of this event: bad_choice
        values[f"{'workshop' if kind == 'workshop' else 'programme_item'}_id"] = (
            int(number) if number.isdigit() and len(number) < 10 else -1
        )
    return values


def _send(row) -> Response:
    """A stored file: shown in the browser if an image or a PDF, downloaded otherwise, under its safe name."""
    kind = type_of(row.file_type)
    response = send_file(
        stored_path(row.file_key),
        mimetype=kind.mime,
        as_attachment=not kind.inline,
        download_name=row.file_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-cache"
    return response


# -- the organisers' page ---------------------------------------------------------


def _manage_page(event, form=None, annex_form=None, status=200):
    return render_template(
        "resources/manage.html",
        event=event,
        form=form or _resource_form(event),
        annex_form=annex_form or AnnexForm(prefix="annex"),
        resources=service.resources_of(event),
        annexes=service.annexes_of(event),
        labels=service.KIND_LABELS,
        visibility=service.VISIBILITY_LABELS,
        confirm=ConfirmForm(),
    ), status


@bp.get("/manage/<slug>/resources")
@login_required
def manage(slug: str):
    return _manage_page(get_managed_event(slug, current_user))


@bp.post("/manage/<slug>/resources")
@login_required
@accepts_upload(service.MAX_FILE)
def add(slug: str):
    event = get_managed_event(slug, current_user)
    form = _resource_form(event)
    if form.validate_on_submit():
        try:
            service.add_resource(event, _values(form), form.file.data, actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The resource is added."), "success")
            return redirect(url_for("resources.manage", slug=slug))
    return _manage_page(event, form=form, status=422)


@bp.post("/manage/<slug>/resources/<int:resource_id>/delete")
@login_required
def delete(slug: str, resource_id: int):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.delete_resource(event, resource_id, actor=current_user)
        flash(_("The resource is deleted."), "success")
    return redirect(url_for("resources.manage", slug=slug))


@bp.post("/manage/<slug>/annexes")
@login_required
@accepts_upload(service.MAX_FILE)
def add_annex(slug: str):
    event = get_managed_event(slug, current_user)
    form = AnnexForm(prefix="annex")
    if form.validate_on_submit():
        try:
            annex = service.add_annex(event, form_values(form), form.file.data, actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Annex %(n)s is added to the proceedings.", n=annex.number), "success")
            return redirect(url_for("resources.manage", slug=slug, _anchor="annexes"))
    return _manage_page(event, annex_form=form, status=422)


@bp.post("/manage/<slug>/annexes/<int:annex_id>/delete")
@login_required
def delete_annex(slug: str, annex_id: int):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.delete_annex(event, annex_id, actor=current_user)
        flash(_("The annex is deleted; the following ones moved up a number."), "success")
    return redirect(url_for("resources.manage", slug=slug, _anchor="annexes"))


@bp.get("/manage/<slug>/resources/poster.pdf")
@login_required
def poster_pdf(slug: str):
    event = get_managed_event(slug, current_user)
    with force_locale(event.language):
        return Response(
            poster.poster_pdf(event, _stand_url(event)),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="stand-{slug}.pdf"'},
        )


# -- the stand, for everyone and for registrants ------------------------------------------


def _stand_url(event) -> str:
    return f"{current_app.config['FORUM_BASE_URL']}{url_for('resources.stand', slug=event.slug)}"


@bp.get("/e/<slug>/resources")
def stand(slug: str):
    event = get_public_event(slug)
    return render_template(
        "resources/stand.html", event=event, token=None, listing=service.listing(event, viewer=current_user)
    )


@bp.get("/e/<slug>/resources/<int:resource_id>/<name>")
def public_file(slug: str, resource_id: int, name: str):
    event = get_public_event(slug)
    return _send(service.readable_resource(event, resource_id, viewer=current_user))


@bp.get("/e/<slug>/annexes/<int:number>/<name>")
def annex_file(slug: str, number: int, name: str):
    event = get_public_event(slug)
    return _send(service.readable_annex(event, number, viewer=current_user))


def _mine_page(token: str, form=None, status=200):
    registration = get_by_token(token)
    event = registration.event
    reported = service.reported_workshops(registration)
    if form is None and reported:
        form = _resource_form(event, reported)
    own = [r for w in reported for r in service.workshop_resources(w)]  # what the rapporteur may delete
    response = Response(
        render_template(
            "resources/stand.html",
            event=event,
            token=token,
            form=form,
            listing=service.listing(event, registration=registration),
            reported=reported,
            own=own,
            confirm=ConfirmForm(),
        ),
        status,
    )
    remember_link(response, event, token)
    return response


@bp.get("/r/<token>/resources")
def mine(token: str):
    return _mine_page(token)


@bp.post("/r/<token>/resources")
@accepts_upload(service.MAX_FILE)
def add_mine(token: str):
    """A rapporteur adds a resource to their workshop."""
    registration = get_by_token(token)
    event = registration.event
    reported = service.reported_workshops(registration)
    form = _resource_form(event, reported)
    if form.validate_on_submit():
        try:
            service.add_resource(event, _values(form), form.file.data, rapporteur=registration)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The resource is added."), "success")
            return redirect(url_for("resources.mine", token=token))
    return _mine_page(token, form, 422)


@bp.post("/r/<token>/resources/<int:resource_id>/delete")
def delete_mine(token: str, resource_id: int):
    registration = get_by_token(token)
    if ConfirmForm().validate_on_submit():
        service.delete_resource(registration.event, resource_id, rapporteur=registration)
        flash(_("The resource is deleted."), "success")
    return redirect(url_for("resources.mine", token=token))


@bp.get("/r/<token>/resources/<int:resource_id>/<name>")
def my_file(token: str, resource_id: int, name: str):
    registration = get_by_token(token)
    return _send(service.readable_resource(registration.event, resource_id, registration=registration))


# -- the projector ----------------------------------------------------------------


@bp.get("/e/<slug>/screen/resources")
def screen(slug: str):
    """The stand's QR code on the projector (its key, as the board's screen)."""
    event = screen_event(get_public_event(slug), request.args.get("key", ""))
    url = _stand_url(event)
    with force_locale(event.language):
        return render_template(
            "resources/screen.html",
            event=event,
            lang=event.language,
            url=url,
            short=url.split("://", 1)[-1],
            count=len(service.public_resources(event)),
            qr=segno.make_qr(url, error="m").svg_data_uri(scale=10, border=2, dark="#000"),
        )


@bp.app_template_global()
def resource_listing(event, registration=None):
    """The stand inside other pages (the participant's board, the personal page)."""
    return service.listing(event, registration=registration)


@bp.app_template_global()
def resource_url(resource, event, token=None, external=False) -> str:
    """Where a resource opens: its link, or its file (through the personal link when it is for registrants)."""
    if resource.url:
        return resource.url
    if token and not resource.public:
        return url_for("resources.my_file", token=token, resource_id=resource.id, name=resource.file_name)
    path = url_for("resources.public_file", slug=event.slug, resource_id=resource.id, name=resource.file_name)
    return f"{current_app.config['FORUM_BASE_URL']}{path}" if external else path


@bp.app_template_global()
def proceedings_documents(event) -> dict:
    """What the proceedings page lists after the syntheses: the public resources and the numbered annexes."""
    return {
        "resources": service.public_resources(event),
        "annexes": service.annexes_of(event),
        "labels": service.KIND_LABELS,
    }

"""Certificates of attendance: the organisers' page, the person's PDF, the public check of a code."""

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from forum.certificates import service
from forum.certificates.forms import SettingsForm
from forum.certificates.notifications import file_name
from forum.certificates.pdf import certificate_pdf
from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.core.i18n import locale_code
from forum.events.service import get_managed_event
from forum.extensions import limiter
from forum.registration.listing import search
from forum.registration.service import get_by_token, get_registration

bp = Blueprint("certificates", __name__)


def _page(event, form, status=200):
    settings = service.settings_of(event)
    people = search(event, {"status": "confirmed"})
    return render_template(
        "certificates/manage.html",
        event=event,
        form=form,
        settings=settings,
        people=people,
        issued=service.certificates_of(event),
        confirm=ConfirmForm(),
        default_fr=service.default_wording("fr"),
        default_en=service.default_wording("en"),
        hours=service.format_hours(service.attended_minutes(event), locale_code()),
        shown_code=service.shown_code,
        held=service.is_held(event),
    ), status


@bp.get("/manage/<slug>/certificates")
@login_required
def manage(slug: str):
    event = get_managed_event(slug, current_user)
    settings = service.settings_of(event)
    form = SettingsForm(obj=settings)
    return _page(event, form)


@bp.post("/manage/<slug>/certificates")
@login_required
def save(slug: str):
    event = get_managed_event(slug, current_user)
    form = SettingsForm()
    if form.validate_on_submit():
        values = form_values(form)
        upload = request.files.get("signature")
        try:
            service.update_settings(
                event,
                values,
                signature=upload.read() if upload else None,
                remove_signature=values.get("remove_signature") is True,
                actor=current_user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The certificates' wording and signature are saved."), "success")
            return redirect(url_for("certificates.manage", slug=slug))
    return _page(event, form, 422)


@bp.post("/manage/<slug>/certificates/issue")
@login_required
def issue_all(slug: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        issued = service.issue_to_attendees(event, actor=current_user)
        flash(
            ngettext(
                "%(num)d certificate issued and sent by e-mail.",
                "%(num)d certificates issued and sent by e-mail.",
                issued,
            )
            if issued
            else _("Everyone checked in already has a certificate."),
            "success",
        )
    return redirect(url_for("certificates.manage", slug=slug))


@bp.post("/manage/<slug>/certificates/issue/<int:registration_id>")
@login_required
def issue_one(slug: str, registration_id: int):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        certificate = service.issue(event, get_registration(event, registration_id), actor=current_user)
        flash(_("The certificate of %(name)s is issued and sent by e-mail.", name=certificate.full_name), "success")
    return redirect(url_for("certificates.manage", slug=slug, _anchor=f"p-{registration_id}"))


@bp.get("/manage/<slug>/certificates/<int:registration_id>.pdf")
@login_required
def organiser_pdf(slug: str, registration_id: int):
    event = get_managed_event(slug, current_user)
    certificate = service.certificate_of(get_registration(event, registration_id))
    if certificate is None:
        raise DomainError("no_certificate")
    return _pdf(certificate)


@bp.get("/r/<token>/certificate.pdf")
def mine(token: str):
    certificate = service.certificate_of(get_by_token(token))
    if certificate is None:
        raise DomainError("no_certificate")
    return _pdf(certificate)


def _pdf(certificate) -> Response:
    body = certificate_pdf(certificate, certificate.event, service.settings_of(certificate.event))
    return Response(
        body,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{file_name(certificate)}"',
            "Cache-Control": "private, no-store",
        },
    )


def _verify_limit() -> str:
    return current_app.config.get("VERIFY_RATE_LIMIT", "30 per minute")


@bp.get("/verify/<code>")
@limiter.limit(_verify_limit)
def verify(code: str):
    """A certificate's check: valid or not, and only what the certificate itself says."""
    certificate = service.verify(code)
    status = 200 if certificate else 404
    return render_template(
        "certificates/verify.html",
        certificate=certificate,
        code=code[:40],
        hours=service.format_hours(certificate.minutes, locale_code()) if certificate else "",
        shown_code=service.shown_code,
    ), status


@bp.get("/manage/<slug>/certificates/signature")
@login_required
def signature(slug: str):
    settings = service.settings_of(get_managed_event(slug, current_user))
    if not settings.signature:
        raise DomainError("not_found")
    return Response(
        settings.signature,
        content_type=f"image/{settings.signature_kind}",
        headers={"Cache-Control": "private, max-age=3600"},
    )


@bp.app_context_processor
def _templates():
    """The personal page shows a person's certificate once there is one."""
    return {"certificate_of": service.certificate_of}

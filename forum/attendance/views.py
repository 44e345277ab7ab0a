"""The organisers' check-in page at the door (phone or tablet)."""
from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from forum.attendance import audit, exports, privacy, proceedings, service, statistics
from forum.attendance.forms import CodeForm, WalkInForm
from forum.core.errors import DomainError
from forum.core.forms import apply_domain_error, form_values
from forum.events.forms import ConfirmForm
from forum.events.service import get_managed_event
from forum.registration import listing
from forum.registration.service import get_registration

bp = Blueprint("attendance", __name__)


def _page(event, *, code_form=None, walk_in_form=None, status=200):
    query = request.args.get("q", "")
    rows = listing.search(event, {"q": query, "status": "confirmed"})
    template = "attendance/_rows.html" if request.args.get("partial") else "attendance/checkin.html"
    return render_template(template, event=event, rows=rows, q=query, counters=service.counters(event),
                           confirm=ConfirmForm(), code_form=code_form or CodeForm(prefix="code"),
                           walk_in_form=walk_in_form or WalkInForm(prefix="walkin")), status


@bp.get("/manage/<slug>/checkin")
@login_required
def checkin(slug: str):
    return _page(get_managed_event(slug, current_user, "checkin"))


@bp.post("/manage/<slug>/checkin/<int:registration_id>/<action>")
@login_required
def tap(slug: str, registration_id: int, action: str):
    event = get_managed_event(slug, current_user, "checkin")
    registration = get_registration(event, registration_id)
    if ConfirmForm().validate_on_submit():
        if action == "undo":
            service.undo_check_in(event, registration, actor=current_user)
        else:
            service.check_in(event, registration, actor=current_user)
    return redirect(url_for("attendance.checkin", slug=slug, q=request.args.get("q", ""), _anchor=f"r-{registration_id}"))


@bp.post("/manage/<slug>/checkin/code")
@login_required
def by_code(slug: str):
    event = get_managed_event(slug, current_user, "checkin")
    form = CodeForm(prefix="code")
    if form.validate_on_submit():
        try:
            registration = service.check_in_by_code(event, form.code.data, actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("%(name)s is checked in.", name=registration.full_name), "success")
            return redirect(url_for("attendance.checkin", slug=slug))
    return _page(event, code_form=form, status=422)


@bp.post("/manage/<slug>/checkin/walk-in")
@login_required
def walk_in(slug: str):
    event = get_managed_event(slug, current_user, "checkin")
    form = WalkInForm(prefix="walkin")
    if form.validate_on_submit():
        values = form_values(form)
        override = values.pop("override_capacity")
        try:
            registration = service.walk_in(event, values, actor=current_user, override_capacity=override)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("%(name)s is registered and checked in.", name=registration.full_name), "success")
            return redirect(url_for("attendance.checkin", slug=slug))
    return _page(event, walk_in_form=form, status=422)


# -- exports -------------------------------------------------------------

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(body, content_type: str, name: str) -> Response:
    return Response(body, content_type=content_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/manage/<slug>/exports")
@login_required
def exports_page(slug: str):
    event = get_managed_event(slug, current_user)
    return render_template("attendance/exports.html", event=event, log=audit.entries(event), kinds=audit.KIND_LABELS)


@bp.get("/manage/<slug>/exports/<name>")
@login_required
def export_file(slug: str, name: str):
    event = get_managed_event(slug, current_user)
    semicolon = ";" if request.args.get("delimiter") == "semicolon" else ","
    if name == "presence.csv":
        return _file(stream_with_context(exports.attendance_csv(event, actor=current_user, delimiter=semicolon)),
                     "text/csv; charset=utf-8", f"presence-{slug}.csv")
    if name == "presence.xlsx":
        return _file(exports.attendance_xlsx(event, actor=current_user), XLSX, f"presence-{slug}.xlsx")
    if name == "emargement.pdf":
        blank = min(max(request.args.get("blank", 0, type=int) or 0, 0), 200)
        return _file(exports.signin_pdf(event, actor=current_user, blank_rows=blank), "application/pdf",
                     f"emargement-{slug}.pdf")
    if name == "ateliers.csv":
        return _file(exports.memberships_csv(event, actor=current_user, delimiter=semicolon), "text/csv; charset=utf-8",
                     f"ateliers-{slug}.csv")
    if name == "ateliers.xlsx":
        return _file(exports.memberships_xlsx(event, actor=current_user), XLSX, f"ateliers-{slug}.xlsx")
    raise DomainError("not_found")


@bp.get("/manage/<slug>/statistics")
@login_required
def statistics_page(slug: str):
    event = get_managed_event(slug, current_user, "statistics")
    return render_template("attendance/statistics.html", event=event, stats=statistics.statistics(event),
                           confirm=ConfirmForm())


@bp.post("/manage/<slug>/purge")
@login_required
def purge(slug: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        count = privacy.purge_event(event, actor=current_user)
        flash(ngettext("The personal data of %(num)d registration is purged; the statistics stay.",
                       "The personal data of %(num)d registrations is purged; the statistics stay.", count), "success")
    return redirect(url_for("attendance.statistics_page", slug=slug))


@bp.get("/manage/<slug>/proceedings.<fmt>")
@login_required
def proceedings_file(slug: str, fmt: str):
    event = get_managed_event(slug, current_user, "proceedings")
    if fmt == "md":
        return _file(proceedings.markdown(event), "text/markdown; charset=utf-8", f"actes-{slug}.md")
    if fmt == "docx":
        return _file(proceedings.docx(event), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     f"actes-{slug}.docx")
    if fmt == "html":
        return render_template("attendance/proceedings_print.html", event=event, p=proceedings.build(event))
    raise DomainError("not_found")

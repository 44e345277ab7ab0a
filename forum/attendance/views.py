"""The organisers' check-in page at the door (phone or tablet)."""

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from forum.attendance import exports, privacy, proceedings, service, statistics
from forum.core import audit
from forum.attendance.forms import CodeForm, WalkInForm
from forum.core.errors import DomainError, message_for
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.core.i18n import plural
from forum.core.inputs import read_json_body
from forum.events.service import get_managed_event
from forum.registration import listing
from forum.registration.forms import add_question_fields, answers_from
from forum.registration.service import get_registration

bp = Blueprint("attendance", __name__)


#: rows the page draws at once (as the phone's script does): the search narrows the rest
SHOWN = 60


def _walk_in_form(event):
    """The walk-in form with the bulletin's questions the door asks; returns (form, question field names)."""
    cls, names = add_question_fields(WalkInForm, service.door_questions(event))
    return cls(prefix="walkin"), names


def _page(event, *, code_form=None, walk_in_form=None, status=200):
    query = request.args.get("q", "")
    walk_in_form, names = walk_in_form or _walk_in_form(event)
    rows = listing.search(event, {"q": query, "status": "confirmed"})
    template = "attendance/_rows.html" if request.args.get("partial") else "attendance/checkin.html"
    return render_template(
        template,
        event=event,
        rows=rows,
        shown=SHOWN,
        q=query,
        counters=service.counters(event),
        confirm=ConfirmForm(),
        code_form=code_form or CodeForm(prefix="code"),
        walk_in_form=walk_in_form,
        question_names=names,
        texts=door_texts(),
        rules=service.walk_in_rules(event),
    ), status


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
    return redirect(
        url_for("attendance.checkin", slug=slug, q=request.args.get("q", ""), _anchor=f"r-{registration_id}")
    )


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
    form, names = _walk_in_form(event)
    if form.validate_on_submit():
        values = {k: v for k, v in form_values(form).items() if not k.startswith("q_")}
        override = values.pop("override_capacity")
        try:
            registration = service.walk_in(
                event, values, actor=current_user, override_capacity=override, answers=answers_from(form, names)
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("%(name)s is registered and checked in.", name=registration.full_name), "success")
            return redirect(url_for("attendance.checkin", slug=slug))
    return _page(event, walk_in_form=(form, names), status=422)


# -- the door without Wi-Fi: the phone's list, its queue, the installable page ---------------------


@bp.get("/manage/<slug>/checkin/list.json")
@login_required
def door_list(slug: str):
    event = get_managed_event(slug, current_user, "checkin")
    return (
        jsonify(service.door_list(event, actor=current_user) | {"csrf": generate_csrf()}),
        200,
        {"Cache-Control": "no-store"},
    )


@bp.post("/manage/<slug>/checkin/sync")
@login_required
def door_sync(slug: str):
    event = get_managed_event(slug, current_user, "checkin")
    try:
        body = read_json_body()
        answer = service.sync_door(event, body.get("actions") if isinstance(body, dict) else None, actor=current_user)
    except DomainError as error:
        return jsonify({"error": {"code": error.code, "message": error.message}}), 422
    return jsonify(answer), 200, {"Cache-Control": "no-store"}


@bp.get("/manage/<slug>/checkin/manifest.webmanifest")
@login_required
def door_manifest(slug: str):
    """The installable door (fetched with the session's cookie: the page links it with use-credentials)."""
    event = get_managed_event(slug, current_user, "checkin")
    page = url_for("attendance.checkin", slug=slug)
    icons = [
        {
            "src": url_for("static", filename=f"icons/door-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ]
    body = {
        "id": page,
        "name": f"{_('Check-in')} · {event.title}",
        "short_name": _("Check-in"),
        "start_url": page,
        "scope": page,
        "description": _("The check-in page of %(title)s, working without the network.", title=event.title),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f8a",
        "lang": str(request.accept_languages.best_match(current_app.config["LANGUAGES"]) or "fr"),
        "icons": icons,
    }
    return Response(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")


#: what the door's page needs to open without a network, cached by its service worker
DOOR_ASSETS = (
    "css/forum.css",
    "favicon.svg",
    "icons/door-192.png",
    "js/lib/dom.js",
    "js/door/main.js",
    "js/door/store.js",
    "js/door/sync.js",
    "js/door/people.js",
    "js/door/scan.js",
    "js/door/status.js",
    "js/door/walkin.js",
    "vendor/idb-8.0.4.esm.js",
    "vendor/idiomorph-0.7.4.esm.min.js",
    "vendor/jsQR-1.4.0.js",
)


@cache
def _door_worker(static: str) -> tuple[str, str]:
    """The worker's text with its asset list and a version that changes whenever one of them does."""
    root = Path(static)
    digest = hashlib.sha256()
    for name in DOOR_ASSETS + ("js/door/sw.js",):
        digest.update((root / name).read_bytes())
    text = (root / "js/door/sw.js").read_text(encoding="utf-8")
    return text.replace("__VERSION__", digest.hexdigest()[:12]), digest.hexdigest()


@bp.get("/door-sw.js")
def door_worker():
    """The service worker of the check-in pages (served from here so that its scope can be /manage/)."""
    text, _digest = _door_worker(current_app.static_folder)
    assets = json.dumps([url_for("static", filename=name) for name in DOOR_ASSETS])
    return Response(
        text.replace("__ASSETS__", assets),
        content_type="text/javascript; charset=utf-8",
        headers={"Service-Worker-Allowed": "/manage/", "Cache-Control": "no-cache"},
    )


def door_texts() -> dict:
    """The words of the door's scripts, in the page's language."""
    return {
        "check_in": _("Check in"),
        "undo": _("Undo"),
        "undo_name": _("Undo the check-in of %(name)s"),
        "arrived": _("Arrived"),
        "waitlisted": _("Waiting list"),
        "position": _("waiting list, position %(n)s"),
        "online": _("Online"),
        "offline": _("Offline: check-ins are kept on this phone and sent when the network returns"),
        "list_at": _("List as of %(time)s"),
        "list_none": _("The list is not on this phone yet."),
        "signed_out": _("Signed out: sign in again to send what waits on this phone (nothing is lost)."),
        "nobody": _("Nobody matches."),
        "unknown_code": _("This code is not in the list on this phone: it will be checked when the network returns."),
        "queued_walk_in": _("%(name)s: registered on this phone, sent when the network returns."),
        "walk_in_seat": _("%(name)s is registered and checked in."),
        "walk_in_waitlist": _("%(name)s is on the waiting list (position %(n)s): the event was full."),
        "walk_in_arrived": _("%(name)s was already registered and is checked in."),
        "failed": _("Not done for %(name)s: %(message)s"),
        "correct": _("Correct and send again"),
        "checked_in": _("%(name)s is checked in."),
        "already": _("%(name)s had already been checked in."),
        "undone": _("The check-in of %(name)s is undone."),
        "pending_mark": _("to send"),
        "required": _("This field is required."),
        "walk_in_mark": _("walk-in"),
        # the server's own words for what it refuses, so that the phone says the same before sending
        "too_long": message_for("too_long"),
        "bad_email": message_for("bad_email"),
        "bad_choice": message_for("bad_choice"),
        "optional": _("optional"),
        "plurals": {
            "pending": plural("%(num)d check-in waiting to be sent", "%(num)d check-ins waiting to be sent"),
            "arrived": plural("%(num)d / %(total)d arrived", "%(num)d / %(total)d arrived"),
            "walk_ins": plural("%(num)d walk-in", "%(num)d walk-ins"),
            "to_correct": plural("%(num)d walk-in to correct", "%(num)d walk-ins to correct"),
            "check_fields": plural("%(num)d field to check before sending.", "%(num)d fields to check before sending."),
            "more": plural(
                "%(num)d more: type a few letters of the name", "%(num)d more: type a few letters of the name"
            ),
        },
    }


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
        return _file(
            stream_with_context(exports.attendance_csv(event, actor=current_user, delimiter=semicolon)),
            "text/csv; charset=utf-8",
            f"presence-{slug}.csv",
        )
    if name == "presence.xlsx":
        return _file(exports.attendance_xlsx(event, actor=current_user), XLSX, f"presence-{slug}.xlsx")
    if name == "emargement.pdf":
        blank = min(max(request.args.get("blank", 0, type=int) or 0, 0), 200)
        return _file(
            exports.signin_pdf(event, actor=current_user, blank_rows=blank), "application/pdf", f"emargement-{slug}.pdf"
        )
    if name == "ateliers.csv":
        return _file(
            exports.memberships_csv(event, actor=current_user, delimiter=semicolon),
            "text/csv; charset=utf-8",
            f"ateliers-{slug}.csv",
        )
    if name == "ateliers.xlsx":
        return _file(exports.memberships_xlsx(event, actor=current_user), XLSX, f"ateliers-{slug}.xlsx")
    raise DomainError("not_found")


@bp.get("/manage/<slug>/statistics")
@login_required
def statistics_page(slug: str):
    event = get_managed_event(slug, current_user, "statistics")
    return render_template(
        "attendance/statistics.html", event=event, stats=statistics.statistics(event), confirm=ConfirmForm()
    )


@bp.post("/manage/<slug>/purge")
@login_required
def purge(slug: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        count = privacy.purge_event(event, actor=current_user)
        flash(
            ngettext(
                "The personal data of %(num)d registration is purged; the statistics stay.",
                "The personal data of %(num)d registrations is purged; the statistics stay.",
                count,
            ),
            "success",
        )
    return redirect(url_for("attendance.statistics_page", slug=slug))


@bp.get("/manage/<slug>/proceedings.<fmt>")
@login_required
def proceedings_file(slug: str, fmt: str):
    event = get_managed_event(slug, current_user, "proceedings")
    if fmt == "md":
        return _file(proceedings.markdown(event), "text/markdown; charset=utf-8", f"actes-{slug}.md")
    if fmt == "docx":
        return _file(
            proceedings.docx(event),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            f"actes-{slug}.docx",
        )
    if fmt == "html":
        return render_template("attendance/proceedings_print.html", event=event, p=proceedings.build(event))
    raise DomainError("not_found")

"""The organisers' view of an event's e-mails (the event's management page, over the mail transport): the outbox
in development, the delivery log with SMTP, each message as its person received it, failed ones sent again."""

import base64

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm
from forum.events.service import get_managed_event
from forum.mail import service

bp = Blueprint("outbox", __name__)

#: what a message is, shown until the worker has written its subject
KIND_LABELS = {
    "confirmation": _l("Confirmation"),
    "waitlisted": _l("Waiting list"),
    "promoted": _l("Seat given"),
    "link": _l("Personal link"),
    "updated": _l("Change of date, time or place"),
    "cancelled": _l("Cancellation"),
    "event_cancelled": _l("Event cancelled"),
    "reminder": _l("Reminder"),
}


@bp.get("/manage/<slug>/mail")
@login_required
def outbox(slug: str):
    event = get_managed_event(slug, current_user)
    return render_template(
        "mail/outbox.html",
        event=event,
        messages=service.messages_of(event.id),
        progress=service.progress(event.id),
        kind_of_mail=KIND_LABELS,
        confirm=ConfirmForm(),
    )


@bp.get("/manage/<slug>/mail/<int:message_id>")
@login_required
def message(slug: str, message_id: int):
    event = get_managed_event(slug, current_user)
    found = service.get_message(event.id, message_id)
    if found is None:
        raise DomainError("not_found")
    return render_template("mail/show.html", event=event, message=found)


def _found(slug: str, message_id: int):
    event = get_managed_event(slug, current_user)
    found = service.get_message(event.id, message_id)
    if found is None:
        raise DomainError("not_found")
    return event, found


@bp.get("/manage/<slug>/mail/<int:message_id>/html")
@login_required
def message_html(slug: str, message_id: int):
    """The HTML version as the person receives it (links masked, the inline QR code from its attachment),
    shown in a sandboxed frame of the message's page: no script, no form, no link followed."""
    event, found = _found(slug, message_id)
    if not found.html:
        raise DomainError("not_found")
    page = service.masked(found.html)
    for n, attachment in enumerate(found.attachments):
        if attachment.get("inline"):
            page = page.replace(
                f"cid:{attachment['inline']}", url_for("outbox.attachment", slug=slug, message_id=message_id, n=n)
            )
    return Response(
        page,
        content_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'; sandbox allow-same-origin",
            "X-Frame-Options": "SAMEORIGIN",
        },
    )


@bp.get("/manage/<slug>/mail/<int:message_id>/attachments/<int:n>")
@login_required
def attachment(slug: str, message_id: int, n: int):
    """An attachment as sent (an invitation's personal links masked)."""
    event, found = _found(slug, message_id)
    if n >= len(found.attachments):
        raise DomainError("not_found")
    item = found.attachments[n]
    if item.get("subtype") == "png":
        return Response(base64.b64decode(item["data"]), content_type="image/png")
    if item.get("subtype") == "pdf":
        return Response(
            service.attachment_bytes(item),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{item["filename"]}"'},
        )
    method = item.get("method")
    return Response(
        service.masked(item["data"]),
        content_type=f"text/calendar; charset=utf-8{'; method=' + method if method else ''}",
        headers={"Content-Disposition": f'attachment; filename="{item["filename"]}"'},
    )


# -- a person stops a kind of message (the link of the List-Unsubscribe header) ---------------------------


@bp.post("/manage/<slug>/mail/retry")
@login_required
def retry(slug: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        sent, failing = service.retry_failed(event.id)
        flash(
            " ".join(
                (
                    ngettext("%(num)d e-mail sent.", "%(num)d e-mails sent.", sent),
                    ngettext("%(num)d still failing.", "%(num)d still failing.", failing),
                )
            ),
            "info",
        )
    return redirect(url_for("outbox.outbox", slug=slug))

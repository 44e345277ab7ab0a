"""The organisers' view of an event's e-mails: the outbox in development, the delivery log with SMTP."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from forum.core.errors import DomainError
from forum.events.forms import ConfirmForm
from forum.events.service import get_managed_event
from forum.mail import service

bp = Blueprint("mail", __name__)

#: what a message is, shown until the worker has written its subject
KIND_LABELS = {"confirmation": _l("Confirmation"), "waitlisted": _l("Waiting list"), "promoted": _l("Seat given"),
               "link": _l("Personal link"), "updated": _l("Change of date, time or place"),
               "cancelled": _l("Cancellation"), "event_cancelled": _l("Event cancelled"), "reminder": _l("Reminder")}


@bp.get("/manage/<slug>/mail")
@login_required
def outbox(slug: str):
    event = get_managed_event(slug, current_user)
    return render_template("mail/outbox.html", event=event, messages=service.messages_of(event.id),
                           progress=service.progress(event.id), kind_of_mail=KIND_LABELS, confirm=ConfirmForm())


@bp.get("/manage/<slug>/mail/<int:message_id>")
@login_required
def message(slug: str, message_id: int):
    event = get_managed_event(slug, current_user)
    found = service.get_message(event.id, message_id)
    if found is None:
        raise DomainError("not_found")
    return render_template("mail/show.html", event=event, message=found)


@bp.post("/manage/<slug>/mail/retry")
@login_required
def retry(slug: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        sent, failing = service.retry_failed(event.id)
        flash(_("%(sent)s e-mails sent, %(failing)s still failing.", sent=sent, failing=failing), "info")
    return redirect(url_for("mail.outbox", slug=slug))


@bp.app_template_filter("mask_links")
def mask_links(text: str) -> str:
    """A message as organisers see it: personal links masked."""
    return service.masked(text)

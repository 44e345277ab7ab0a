"""The mail transport's own pages: a recipient stops a kind of e-mail from its link (no sign-in)."""

from flask import Blueprint, render_template

from forum.core.forms import ConfirmForm
from forum.extensions import csrf
from forum.mail import service

bp = Blueprint("mail", __name__)


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    address, kind = service.read_unsubscribe(token)
    return render_template(
        "mail/unsubscribe.html",
        token=token,
        address=address,
        what=service.OPT_OUT_KINDS[kind],
        done=False,
        confirm=ConfirmForm(),
    )


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # a mail client's one click (RFC 8058) carries no form token: the signed link is the proof
def unsubscribe(token: str):
    address, kind = service.unsubscribe(token)
    return render_template(
        "mail/unsubscribe.html",
        token=token,
        address=address,
        what=service.OPT_OUT_KINDS[kind],
        done=True,
        confirm=ConfirmForm(),
    )


@bp.app_template_filter("mask_links")
def mask_links(text: str) -> str:
    """A message as organisers see it: personal links masked."""
    return service.masked(text)

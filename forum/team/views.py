"""The team page (organisers) and the invitation's link (the invited person)."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error
from forum.events.service import get_managed_event
from forum.extensions import limiter
from forum.core import permissions
from forum.team import service
from forum.team.forms import InviteForm, JoinForm, RoleForm

bp = Blueprint("team", __name__)


@bp.app_context_processor
def permission_helpers():
    """``may(event, action)`` in every template: whether the signed-in person's role allows it."""

    def may(event, action: str) -> bool:
        return current_user.is_authenticated and permissions.can(event.role_of(current_user), action)

    return {"may": may}


def _page(event, invite_form=None, status=200):
    return render_template(
        "team/team.html",
        event=event,
        members=service.members(event),
        invitations=service.open_invitations(event),
        invite_form=invite_form or InviteForm(),
        role_form=RoleForm,
        confirm=ConfirmForm(),
        labels=permissions.ROLE_LABELS,
    ), status


@bp.get("/manage/<slug>/team")
@login_required
def team_page(slug: str):
    return _page(get_managed_event(slug, current_user, "team"))


@bp.post("/manage/<slug>/team/invite")
@login_required
def invite(slug: str):
    event = get_managed_event(slug, current_user, "team")
    form = InviteForm()
    if form.validate_on_submit():
        try:
            invitation = service.invite(event, form.email.data, form.role.data, actor=current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("The invitation is sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("team.team_page", slug=slug))
    return _page(event, invite_form=form, status=422)


@bp.post("/manage/<slug>/team/invitations/<int:invitation_id>/<action>")
@login_required
def invitation_action(slug: str, invitation_id: int, action: str):
    event = get_managed_event(slug, current_user, "team")
    invitation = service.get_invitation(event, invitation_id)
    if action not in ("resend", "withdraw"):
        raise DomainError("not_found")
    if ConfirmForm().validate_on_submit():
        if action == "resend":
            service.resend(invitation, actor=current_user)
            flash(
                _(
                    "The invitation is sent again to %(email)s; the previous link no longer works.",
                    email=invitation.email,
                ),
                "success",
            )
        else:
            service.withdraw(invitation, actor=current_user)
            flash(_("The invitation to %(email)s is withdrawn.", email=invitation.email), "success")
    return redirect(url_for("team.team_page", slug=slug))


@bp.post("/manage/<slug>/team/<int:account_id>/role")
@login_required
def change_role(slug: str, account_id: int):
    event = get_managed_event(slug, current_user, "team")
    form = RoleForm()
    if form.validate_on_submit():
        service.set_role(event, account_id, form.role.data, actor=current_user)
        flash(_("The role is changed."), "success")
    return redirect(
        url_for("team.team_page", slug=slug)
        if permissions.allows(event, current_user, "team")
        else url_for("events.dashboard")
    )


@bp.post("/manage/<slug>/team/<int:account_id>/remove")
@login_required
def remove(slug: str, account_id: int):
    event = get_managed_event(slug, current_user, "team")
    if ConfirmForm().validate_on_submit():
        service.remove(event, account_id, actor=current_user)
        flash(_("The person is removed from the team."), "success")
    return redirect(
        url_for("team.team_page", slug=slug)
        if permissions.allows(event, current_user, "team")
        else url_for("events.dashboard")
    )


@bp.route("/join/<token>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def join(token: str):
    invitation = service.find_invitation(token)
    account = service.accounts.find_organiser(invitation.email)
    form = JoinForm() if account is None else ConfirmForm()
    if form.validate_on_submit():
        try:
            data = (
                {}
                if account
                else {
                    "name": form.name.data,
                    "password": form.password.data,
                    "password_again": form.password_again.data,
                }
            )
            joined = service.accept(token, **data)
        except DomainError as error:
            if not error.fields:
                raise
            apply_domain_error(form, error)
        else:
            if current_user.is_authenticated and current_user.id != joined.id:
                logout_user()
            if account is None:  # the password was chosen here: the person is signed in at once
                login_user(joined)
            if current_user.is_authenticated:
                flash(_("You are in the team of “%(title)s”.", title=invitation.event.title), "success")
                home = permissions.ROLE_HOME[invitation.event.role_of(joined)]
                return redirect(url_for(home, slug=invitation.event.slug))
            flash(_("You are in the team of “%(title)s”. Sign in to start.", title=invitation.event.title), "success")
            return redirect(url_for("accounts.login", next=url_for("events.dashboard")))
    return render_template(
        "team/join.html",
        invitation=invitation,
        account=account,
        form=form,
        labels=permissions.ROLE_LABELS,
        help=permissions.ROLE_HELP,
    ), 200 if not form.errors else 422

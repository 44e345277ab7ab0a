"""Sign-in, sign-out and the language switch."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forum.accounts import service
from forum.accounts.forms import (
    AccountForm,
    ForgotForm,
    LoginForm,
    NewPasswordForm,
    PasswordForm,
    ProfileForm,
    TokenForm,
)
from forum.accounts.models import Account
from forum.core import values
from forum.core.errors import DomainError
from forum.core.forms import ConfirmForm, apply_domain_error
from forum.core.i18n import LANG_COOKIE
from forum.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)
login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_organiser(session_id: str):
    """The account of a session or remember cookie ("<id>.<session version>"), unless the version is old."""
    account_id, _, version = (session_id or "").partition(".")
    if not account_id.isdigit() or not version.isdigit():
        return None
    account = db.session.get(Account, int(account_id))
    if account is None or account.disabled_at is not None or account.session_version != int(version):
        return None
    return account


@login_manager.unauthorized_handler
def unauthorized():
    flash(_("Please sign in to see this page."), "info")
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        try:
            organiser = service.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login_user(organiser, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("events.dashboard")))
    return render_template("accounts/login.html", form=form), 200 if not form.errors and not form.form_errors else 422


def _forgot_limit() -> str:
    return current_app.config.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour")


def _forgot_address() -> str:
    return "forgot:" + values.address_key(request.form.get("email"))


@bp.route("/login/forgot", methods=["GET", "POST"])
@limiter.limit(_forgot_limit, methods=["POST"])
@limiter.limit(_forgot_limit, methods=["POST"], key_func=_forgot_address)
def forgot_password():
    form = ForgotForm()
    if form.validate_on_submit():
        service.request_password_link(form.email.data)
        flash(
            _(
                "If an account has this address, an e-mail with a link to choose a new password is on its way. "
                "The link works once, for two hours."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot.html", form=form), 200 if not form.errors else 422


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    account = service.account_for_password_token(token)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(token, form.password.data, form.password_again.data)
        except DomainError as error:
            if not error.fields:
                raise
            apply_domain_error(form, error)
        else:
            logout_user()
            flash(_("Your new password is saved. Sign in with it."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset.html", form=form, account=account), 200 if not form.errors else 422


# -- the person's own account ------------------------------------------------


def _account_page(profile=None, password=None, token_form=None, new_token=None, status=200):
    return render_template(
        "accounts/account.html",
        profile=profile or ProfileForm(obj=current_user),
        password=password or PasswordForm(),
        token_form=token_form or TokenForm(),
        tokens=service.tokens_of(current_user),
        new_token=new_token,
        confirm=ConfirmForm(),
    ), status


@bp.get("/account")
@login_required
def account():
    return _account_page()


@bp.post("/account/profile")
@login_required
def update_profile():
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            service.update_profile(current_user, form.name.data)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Your name is saved."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(profile=form, status=422)


@bp.post("/account/password")
@login_required
@limiter.limit(_login_limit)
def change_password():
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(
                current_user, form.current_password.data, form.password.data, form.password_again.data
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            login_user(current_user._get_current_object())  # this session goes on with the new version; the others end
            flash(_("Your new password is saved. Every other session is signed out."), "success")
            return redirect(url_for("accounts.account"))
    return _account_page(password=form, status=422)


@bp.post("/account/tokens")
@login_required
def create_token():
    form = TokenForm()
    if form.validate_on_submit():
        token = service.issue_api_token(current_user, form.label.data)
        return _account_page(new_token=token)
    return _account_page(token_form=form, status=422)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        service.revoke_api_token(current_user, token_id)
        flash(_("The token is revoked: it no longer opens anything."), "success")
    return redirect(url_for("accounts.account"))


# -- the instance's administrators -------------------------------------------


def _accounts_page(form=None, status=200):
    return render_template(
        "accounts/admin.html",
        accounts=service.all_accounts(actor=current_user),
        form=form or AccountForm(),
        confirm=ConfirmForm(),
    ), status


@bp.get("/admin/accounts")
@login_required
def admin_accounts():
    return _accounts_page()


@bp.post("/admin/accounts")
@login_required
def admin_create_account():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            made = service.create_account(
                form.email.data, form.name.data, actor=current_user, can_create_events=form.can_create_events.data
            )
        except DomainError as error:
            if not error.fields:
                raise
            apply_domain_error(form, error)
        else:
            flash(
                _("The account of %(name)s is made; they receive a link to choose their password.", name=made.name),
                "success",
            )
            return redirect(url_for("accounts.admin_accounts"))
    return _accounts_page(form, status=422)


@bp.post("/admin/accounts/<int:account_id>/<action>")
@login_required
def admin_account_action(account_id: int, action: str):
    if action not in ("disable", "enable", "allow-events", "forbid-events"):
        raise DomainError("not_found")
    if ConfirmForm().validate_on_submit() and action.endswith("-events"):
        account = service.set_event_creator(account_id, action == "allow-events", actor=current_user)
        flash(
            (
                _("%(name)s may create and import events.", name=account.name)
                if account.can_create_events
                else _("%(name)s may no longer create events.", name=account.name)
            ),
            "success",
        )
    elif ConfirmForm().validate_on_submit():
        account = service.set_disabled(account_id, action == "disable", actor=current_user)
        flash(
            (
                _("The account of %(name)s is disabled.", name=account.name)
                if action == "disable"
                else _("The account of %(name)s is enabled again.", name=account.name)
            ),
            "success",
        )
    return redirect(url_for("accounts.admin_accounts"))


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("events.index"))


@bp.get("/lang/<code>")
def set_language(code: str):
    response = redirect(safe_next(request.args.get("next"), url_for("events.index")))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
    return response

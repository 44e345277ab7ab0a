"""Sign-in, sign-out and the language switch."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from forum.accounts import service
from forum.accounts.forms import LoginForm
from forum.accounts.models import Organiser
from forum.core.errors import DomainError
from forum.core.forms import apply_domain_error
from forum.core.i18n import LANG_COOKIE
from forum.extensions import db, limiter, login_manager

bp = Blueprint("accounts", __name__)
login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_organiser(organiser_id: str):
    return db.session.get(Organiser, int(organiser_id)) if organiser_id.isdigit() else None


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
        response.set_cookie(LANG_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response

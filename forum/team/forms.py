from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from forum.core.forms import MSG_REQUIRED
from forum.core.permissions import ROLE_HELP, ROLE_LABELS, ROLES


def role_choices():
    return [(role, f"{ROLE_LABELS[role]} — {ROLE_HELP[role]}") for role in ROLES]


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(MSG_REQUIRED), Length(max=254)])
    role = RadioField(
        _l("Role in the team"), choices=role_choices, default="checkin", validators=[DataRequired(MSG_REQUIRED)]
    )


class RoleForm(FlaskForm):
    role = SelectField(_l("Role in the team"), choices=[(role, ROLE_LABELS[role]) for role in ROLES])


class JoinForm(FlaskForm):
    """A new account from an invitation: the address is the invitation's."""

    name = StringField(_l("Your name (shown to the team)"), validators=[DataRequired(MSG_REQUIRED), Length(max=120)])
    password = PasswordField(
        _l("Choose a password (8 characters or more)"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )
    password_again = PasswordField(
        _l("The same password again"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )

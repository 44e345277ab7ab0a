from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from forum.core.forms import MSG_REQUIRED


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(MSG_REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail address of your account"), validators=[DataRequired(MSG_REQUIRED), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password (8 characters or more)"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )
    password_again = PasswordField(
        _l("The same password again"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name (shown to the teams and on exports)"), validators=[DataRequired(MSG_REQUIRED), Length(max=120)]
    )


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    password = PasswordField(
        _l("New password (8 characters or more)"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )
    password_again = PasswordField(
        _l("The same password again"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)]
    )


class TokenForm(FlaskForm):
    label = StringField(
        _l("What the token is for"),
        validators=[Length(max=80)],
        description=_l("For example: the registration form of our website."),
    )


class AccountForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(MSG_REQUIRED), Length(max=120)])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(MSG_REQUIRED), Length(max=254)])
    can_create_events = BooleanField(_l("May create and import events"))

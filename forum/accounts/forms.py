from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from forum.core.forms import MSG_REQUIRED


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(MSG_REQUIRED), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    remember = BooleanField(_l("Keep me signed in on this device"))

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import Length

from forum.registration.forms import PersonFields


class CodeForm(FlaskForm):
    code = StringField(
        _l("Check-in code"),
        validators=[Length(max=300)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class WalkInForm(PersonFields, FlaskForm):
    override_capacity = BooleanField(_l("Add a seat if the event is full"))

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from forum.core.forms import LocalDateTimeField


class SurveyForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    intro = TextAreaField(_l("Introduction (optional)"), validators=[Length(max=3000)], render_kw={"rows": 3})
    anonymous = BooleanField(_l("Anonymous: answers are not linked to the registration (the people are told so)"))
    audience = RadioField(
        _l("Send to"),
        choices=[("confirmed", _l("Everyone with a seat")), ("arrived", _l("The people checked in (after the day)"))],
        default="confirmed",
        validate_choice=False,
    )
    closes_at = LocalDateTimeField(
        _l("Answers accepted until (optional, the event's local time)"), validators=[Optional()]
    )

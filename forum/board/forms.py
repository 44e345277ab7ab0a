from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forum.core.forms import MSG_REQUIRED, LocalDateTimeField
from forum.events.forms import NUMBER


class QuestionForm(FlaskForm):
    text = TextAreaField(_l("Guiding question"), validators=[DataRequired(MSG_REQUIRED), Length(max=1000)])


class SpaceForm(FlaskForm):
    name = StringField(_l("Room"), validators=[DataRequired(MSG_REQUIRED), Length(max=120)])
    capacity = IntegerField(
        _l("Seats"), default=20, validators=[InputRequired(MSG_REQUIRED), NumberRange(min=1, max=10000, message=NUMBER)]
    )


class SlotForm(FlaskForm):
    label = StringField(_l("Time slot"), validators=[DataRequired(MSG_REQUIRED), Length(max=120)])
    starts_at = LocalDateTimeField(_l("Starts"), validators=[InputRequired(MSG_REQUIRED)])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[InputRequired(MSG_REQUIRED)])


class WorkshopForm(FlaskForm):
    title = StringField(_l("Workshop (atelier)"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    slot_id = SelectField(_l("Time slot"), coerce=int, validate_choice=False)
    space_id = SelectField(_l("Room"), coerce=int, validate_choice=False)
    question_id = SelectField(_l("Guiding question"), coerce=int, validate_choice=False)
    capacity = IntegerField(
        _l("Seats"),
        description=_l("Empty: the room's seats"),
        validators=[Optional(), NumberRange(min=1, max=10000, message=NUMBER)],
    )


FORMS = {"question": QuestionForm, "space": SpaceForm, "slot": SlotForm, "workshop": WorkshopForm}

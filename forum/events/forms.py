from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from forum.core.forms import MSG_REQUIRED, LocalDateTimeField
from forum.core.i18n import EVENT_LANGUAGES, TIMEZONES

KIND_LABELS = {
    "welcome": _l("Welcome"),
    "plenary": _l("Plenary"),
    "round_table": _l("Round table"),
    "talk": _l("Talk"),
    "workshops": _l("Workshops"),
    "open_forum": _l("Open forum"),
    "break": _l("Break"),
    "closing": _l("Closing and synthesis"),
}
NUMBER = _l("Enter a whole number from %(min)s to %(max)s.")
DATETIME_HELP = _l("Local time of the event, e.g. 2026-06-13T13:30")


class EventForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    slug = StringField(
        _l("Address of the page (slug)"),
        validators=[Optional(), Length(max=80)],
        description=_l("Lower-case letters, digits and hyphens; left empty, it is made from the title and date."),
    )
    audience = StringField(
        _l("Audience"),
        validators=[Length(max=200)],
        description=_l("For example: social mediators, their managers, partners"),
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=10000)])
    timezone = SelectField(_l("Time zone"), choices=TIMEZONES, default="Europe/Paris")
    language = SelectField(
        _l("Language of the day"),
        choices=EVENT_LANGUAGES,
        default="fr",
        description=_l("The projector screen of the open forum speaks it."),
    )
    starts_at = LocalDateTimeField(_l("Starts"), validators=[InputRequired(MSG_REQUIRED)])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[InputRequired(MSG_REQUIRED)])
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    venue_room = StringField(_l("Room"), validators=[Length(max=200)])
    venue_address = StringField(_l("Address"), validators=[Length(max=300)])
    capacity = IntegerField(
        _l("Capacity (seats)"),
        default=50,
        validators=[InputRequired(MSG_REQUIRED), NumberRange(min=1, max=100000, message=NUMBER)],
    )
    waitlist = BooleanField(_l("Waiting list when the event is full"), default=True)
    registration_opens_at = LocalDateTimeField(_l("Registration opens"), validators=[Optional()])
    registration_closes_at = LocalDateTimeField(_l("Registration deadline"), validators=[Optional()])
    contact_email = EmailField(_l("Contact e-mail"), validators=[Optional(), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=40)])


class ProgrammeItemForm(FlaskForm):
    starts_at = LocalDateTimeField(_l("Starts"), validators=[InputRequired(MSG_REQUIRED)])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[InputRequired(MSG_REQUIRED)])
    kind = SelectField(_l("Kind"), choices=list(KIND_LABELS.items()), default="plenary")
    title = StringField(_l("Title"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    moderator = StringField(_l("Moderator"), validators=[Length(max=200)])
    speakers = TextAreaField(_l("Speakers"), description=_l("One name per line"), validators=[Length(max=5000)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    overlap_allowed = BooleanField(_l("Overlap allowed (runs at the same time as another item)"))


class DuplicateForm(FlaskForm):
    starts_on = DateField(_l("New date"), validators=[InputRequired(MSG_REQUIRED)])
    title = StringField(_l("Title"), validators=[DataRequired(MSG_REQUIRED), Length(max=200)])
    audience = StringField(_l("Audience"), validators=[Length(max=200)])


class SetupFileForm(FlaskForm):
    file = FileField(_l("Event setup file (JSON)"))
    update = BooleanField(_l("Update the event with the same slug if it exists"))

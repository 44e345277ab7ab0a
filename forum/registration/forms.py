"""The bulletin d'inscription and the organisers' registration forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from forum.core.forms import MSG_REQUIRED
from forum.events.forms import NUMBER
from forum.registration.models import QUESTION_KINDS

ROLE_LABELS = {
    "mediateur": _l("Social mediator"),
    "encadrant": _l("Manager of mediators"),
    "elu": _l("Elected official"),
    "partenaire": _l("Partner"),
    "autre": _l("Other"),
}
ROLE_SHORT = {
    "mediateur": _l("mediator"),
    "encadrant": _l("manager"),
    "elu": _l("elected official"),
    "partenaire": _l("partner"),
    "autre": _l("other"),
}
QUESTION_KIND_LABELS = {
    "short_text": _l("Short text"),
    "long_text": _l("Long text"),
    "choice": _l("One choice"),
    "choices": _l("Several choices"),
    "yes_no": _l("Yes / no"),
}
LANGUAGES = [("fr", "Français"), ("en", "English")]
STATUS_LABELS = {"confirmed": _l("Confirmed"), "waitlisted": _l("Waiting list"), "cancelled": _l("Cancelled")}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _role_choices():
    return [("", _l("Choose…"))] + list(ROLE_LABELS.items())


class PersonFields:
    first_name = StringField(_l("First name"), validators=[Length(max=100)], render_kw={"autocomplete": "given-name"})
    last_name = StringField(_l("Last name"), validators=[Length(max=100)], render_kw={"autocomplete": "family-name"})
    email = EmailField(_l("E-mail address"), validators=[Length(max=254)], render_kw={"autocomplete": "email"})
    organisation = StringField(
        _l("Organisation (structure)"), validators=[Length(max=200)], render_kw={"autocomplete": "organization"}
    )
    role = SelectField(_l("Role"), choices=_role_choices, validate_choice=False)
    territory = StringField(
        _l("Territory"), validators=[Length(max=120)], description=_l("Town, district or area where you work")
    )
    phone = TelField(_l("Phone (optional)"), validators=[Length(max=40)], render_kw={"autocomplete": "tel"})
    needs = TextAreaField(
        _l("Access needs (optional)"),
        validators=[Length(max=2000)],
        description=_l("Accessibility, diet, interpreting… Only the organisers see it."),
    )
    locale = SelectField(_l("Language of your e-mails"), choices=LANGUAGES, default="fr")


class RegistrationForm(PersonFields, FlaskForm):
    consent = BooleanField(
        _l("I agree that the organisers keep these details to organise the day and send me related information.")
    )


class DetailsForm(PersonFields, FlaskForm):
    pass


class MemberForm(Form):
    first_name = StringField(_l("First name"), validators=[Length(max=100)])
    last_name = StringField(_l("Last name"), validators=[Length(max=100)])
    email = EmailField(_l("E-mail address"), validators=[Length(max=254)])
    role = SelectField(_l("Role"), choices=_role_choices, validate_choice=False)
    territory = StringField(_l("Territory"), validators=[Length(max=120)])


class TeamForm(FlaskForm):
    contact_name = StringField(_l("Your name (team contact)"), validators=[Length(max=200)])
    contact_email = EmailField(_l("Your e-mail address"), validators=[Length(max=254)])
    organisation = StringField(_l("Organisation (structure)"), validators=[Length(max=200)])
    members = FieldList(FormField(MemberForm), min_entries=3, max_entries=30)
    locale = SelectField(_l("Language of the e-mails"), choices=LANGUAGES, default="fr")
    consent = BooleanField(
        _l("The people in this team agree that the organisers keep these details to organise the day.")
    )


class ResendLinkForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[InputRequired(MSG_REQUIRED), Length(max=254)])


class CapacityForm(FlaskForm):
    capacity = IntegerField(
        _l("Capacity (seats)"), validators=[InputRequired(MSG_REQUIRED), NumberRange(min=1, max=100000, message=NUMBER)]
    )


class FormQuestionForm(FlaskForm):
    label = StringField(_l("Question"), validators=[Length(max=300)])
    kind = SelectField(_l("Kind of answer"), choices=list(QUESTION_KIND_LABELS.items()))
    options = TextAreaField(_l("Choices"), description=_l("One per line (for one or several choices)"))
    required = BooleanField(_l("Answer required"))
    skip_at_door = BooleanField(
        _l("Not asked of walk-ins at the door"),
        description=_l("For an optional question: the check-in page does not ask it."),
    )


class FilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search"), render_kw={"type": "search", "autocomplete": "off"})
    status = SelectField(_l("Status"), choices=[("", _l("All"))] + list(STATUS_LABELS.items()), validate_choice=False)
    role = SelectField(_l("Role"), choices=lambda: [("", _l("All"))] + list(ROLE_LABELS.items()), validate_choice=False)
    organisation = StringField(_l("Organisation (structure)"))
    territory = StringField(_l("Territory"))


def add_question_fields(form_class, questions):
    """A form class with one field per organiser question, named q_<id>."""
    attrs = {}
    for q in questions:
        label = q.label + ("" if q.required else f" ({_l('optional')})")
        name = f"q_{q.id}"
        if q.kind == "short_text":
            attrs[name] = StringField(label, validators=[Length(max=300)])
        elif q.kind == "long_text":
            attrs[name] = TextAreaField(label, validators=[Length(max=3000)])
        elif q.kind == "choice":
            attrs[name] = RadioField(
                label, choices=[(o, o) for o in q.options], validate_choice=False, validators=[Optional()]
            )
        elif q.kind == "choices":
            attrs[name] = MultiCheckboxField(label, choices=[(o, o) for o in q.options], validate_choice=False)
        elif q.kind == "yes_no":
            attrs[name] = RadioField(
                label, choices=[("yes", _l("Yes")), ("no", _l("No"))], validate_choice=False, validators=[Optional()]
            )
    return type(form_class.__name__, (form_class,), attrs), [f"q_{q.id}" for q in questions]


def answers_from(form, names) -> dict:
    out = {}
    for name in names:
        value = form[name].data
        if (
            form[name].type == "RadioField"
            and value in ("yes", "no")
            and set(dict(form[name].choices)) == {"yes", "no"}
        ):
            value = value == "yes"
        out[name[2:]] = value
    return out


assert set(QUESTION_KIND_LABELS) == set(QUESTION_KINDS)

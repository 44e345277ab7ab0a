from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import Length


class SettingsForm(FlaskForm):
    signatory = StringField(
        _l("Signed by"),
        validators=[Length(max=120)],
        description=_l("The name printed under the signature, e.g. Pascale Stoven"),
    )
    signatory_role = StringField(
        _l("Their role"), validators=[Length(max=160)], description=_l("e.g. Director, regional mediation network")
    )
    signature = FileField(_l("Signature (PNG or JPEG image, at most 300 KB)"))
    remove_signature = BooleanField(_l("Remove the signature image"))
    wording_fr = TextAreaField(
        _l("Wording in French"),
        validators=[Length(max=2000)],
        render_kw={"rows": 4},
        description=_l(
            "Empty: the default wording. Fields: {name}, {organisation}, {event}, {date}, {place}, {hours}."
        ),
    )
    wording_en = TextAreaField(_l("Wording in English"), validators=[Length(max=2000)], render_kw={"rows": 4})

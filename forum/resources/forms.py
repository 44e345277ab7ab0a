from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectField, StringField, TextAreaField

from forum.resources.models import KINDS, VISIBILITIES

FILE_HELP = _l("PDF, DOCX, ODT, XLSX, ODS, PNG or JPEG, at most 20 MB.")


class ResourceForm(FlaskForm):
    title = StringField(_l("Title"))
    kind = SelectField(_l("Kind"), choices=list(KINDS), validate_choice=False)
    author = StringField(_l("Author (optional)"))
    description = TextAreaField(_l("Description (optional)"), render_kw={"rows": 3})
    attached_to = SelectField(_l("Attached to"), validate_choice=False)
    visibility = RadioField(_l("Who sees it"), choices=list(VISIBILITIES), default="public", validate_choice=False)
    url = StringField(_l("Link (http:// or https://)"), description=_l("Either a link or a file."))
    file = FileField(_l("File"), description=FILE_HELP)


class AnnexForm(FlaskForm):
    title = StringField(_l("Title of the annex"))
    url = StringField(_l("Link (http:// or https://)"), description=_l("Either a link or a file."))
    file = FileField(
        _l("File"),
        description=_l(
            "PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG, Markdown or plain text, at most "
            "20 MB. The text of a Markdown or plain-text annex is printed in the "
            "DOCX proceedings."
        ),
    )

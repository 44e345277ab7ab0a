"""Form helpers shared by every domain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField

from forum.core.errors import DomainError

LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]


def LocalDateTimeField(label, validators=None, **kwargs):  # noqa: N802 - a field factory
    """A date and time in the event's zone, typed as 2026-06-13T13:30."""
    return DateTimeLocalField(label, validators=validators, format=LOCAL_FORMATS, **kwargs)


def apply_domain_error(form: FlaskForm, error: DomainError) -> None:
    """Put a service's field errors next to the fields; the rest goes to form-level errors."""
    for name, messages in error.field_messages().items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = list(field.errors) + messages
        else:
            form.form_errors.append(" ".join(messages))
    if not error.fields:
        form.form_errors.append(error.message)


def form_values(form: FlaskForm) -> dict:
    """The typed values of a form, without the CSRF token and buttons."""
    return {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}


MSG_REQUIRED = _l("This field is required.")


class ConfirmForm(FlaskForm):
    """A button with a CSRF token."""

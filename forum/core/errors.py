"""DomainError and the one table of translated messages.

A service that refuses something raises ``DomainError(code)``; views, API
routes, socket handlers and CLI commands turn it into a message with
:func:`message_for`. Field errors are codes too, looked up in the same table.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MESSAGES = {
    # generic
    "invalid": _l("Some fields need your attention."),
    "not_found": _l("This page does not exist."),
    "forbidden": _l("You are not allowed to do this."),
    "unauthorized": _l("Please sign in."),
    "required": _l("This field is required."),
    "too_long": _l("This text is too long (at most %(max)s characters)."),
    "too_short": _l("This text is too short (at least %(min)s characters)."),
    "not_a_number": _l("Enter a whole number."),
    "not_positive": _l("Enter a number greater than zero."),
    "bad_datetime": _l("Enter a date and time such as 2026-06-13T13:30."),
    "bad_choice": _l("Choose one of the values offered."),
    "bad_email": _l("Enter a valid e-mail address."),
    "bad_characters": _l("This text holds characters that cannot be stored (control characters or broken Unicode)."),
    "not_text": _l("Enter text here."),
    "bad_uuid": _l("Give a UUID such as 3f2c…-…, made once per item."),
    "internal_error": _l("The server could not do this; the problem is logged. What you wrote is kept."),
    "answers_not_object": _l("Give the answers as an object: each question's id with its answer."),
    "too_deep": _l("The JSON body is nested too deeply."),
    "unreadable_json": _l("This is not JSON that can be read."),
    "too_many": _l("At most %(max)s items are allowed here."),
    # accounts
    "bad_credentials": _l("Wrong e-mail address or password."),
    "email_taken": _l("An organiser with this e-mail address already exists."),
    "unknown_organiser": _l("No organiser has this e-mail address."),
    "password_too_short": _l("The password must have at least 8 characters."),
    "rate_limited": _l("Too many attempts. Please wait a minute and try again."),
    "passwords_differ": _l("The two passwords are not the same."),
    "bad_reset_link": _l(
        "This link to choose a new password is not valid any more (it works once, for two hours). Ask for a new one."
    ),
    "account_disabled": _l("This account is disabled."),
    "last_admin": _l("At least one active administrator is needed."),
    "not_admin": _l("Only administrators can do this."),
    "too_few_answers": _l(
        "An anonymous questionnaire's answers are shown from %(n)s answers on, so that nobody's "
        "answer can be read off the tables."
    ),
    "bad_unsubscribe_link": _l("This unsubscribe link is not valid."),
    "may_not_create_events": _l("Only administrators, and the people they allow, create or import events."),
    # team
    "bad_role": _l("Choose one of the roles offered."),
    "bad_invitation": _l("This invitation is not valid: it was withdrawn, replaced by a newer one, or already used."),
    "invitation_expired": _l("This invitation has expired. Ask the organisers to send it again."),
    "already_in_team": _l("This person is already in the team with this role."),
    "not_in_team": _l("This person is not in the team."),
    # events
    "slug_taken": _l("Another event already uses this address (slug)."),
    "bad_slug": _l("Use only lower-case letters, digits and hyphens."),
    "bad_timezone": _l("Choose a time zone from the list."),
    "bad_language": _l("Choose the language of the day from the list."),
    "end_before_start": _l("The end must come after the start."),
    "deadline_after_event": _l("The registration deadline must come before the end of the event."),
    "opening_after_deadline": _l("Registration must open before its deadline."),
    "outside_event": _l("This item must take place within the event's date and times."),
    "overlap": _l("This item overlaps “%(title)s”. Tick “overlap allowed” if both really run at the same time."),
    "already_published": _l("This event is already published."),
    "not_published": _l("This event is not published."),
    "event_cancelled": _l("This event is cancelled."),
    "capacity_too_small": _l("The capacity cannot be lower than the number of confirmed seats (%(confirmed)s)."),
    "last_organiser": _l("An event needs at least one organiser."),
    # event setup file
    "setup_not_json": _l("The event file is not valid JSON: %(detail)s"),
    "setup_invalid": _l("The event file has errors: %(detail)s"),
    "setup_slug_exists": _l("An event with the slug “%(slug)s” already exists. Use --update to update it."),
    # open-forum setup
    "duplicate_name": _l("This name is already used in this event."),
    "cell_taken": _l("This room already holds a workshop in this time slot."),
    "in_use": _l("This item is used by a workshop; move or delete the workshop first."),
    # bulletin d'inscription
    "question_answered": _l(
        "People have already answered this question, so its kind of answer cannot change: add a new question instead."
    ),
}


class DomainError(Exception):
    """A rule refused the action. ``code`` is a key of :data:`MESSAGES`.

    ``fields`` maps form field names to lists of codes (or (code, params)
    pairs) for errors that belong next to a field.
    """

    def __init__(self, code: str, *, fields: dict[str, list] | None = None, **params):
        super().__init__(code)
        self.code = code
        self.fields = fields or {}
        self.params = params

    @property
    def message(self) -> str:
        return message_for(self.code, **self.params)

    def field_messages(self) -> dict[str, list[str]]:
        """Field errors, translated."""
        out: dict[str, list[str]] = {}
        for name, codes in self.fields.items():
            for item in codes:
                code, params = item if isinstance(item, tuple) else (item, {})
                out.setdefault(name, []).append(message_for(code, **params))
        return out

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"DomainError({self.code!r}, fields={self.fields!r}, params={self.params!r})"


def message_for(code: str, **params) -> str:
    """The translated text for ``code`` in the current locale."""
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    try:
        return text % params if params else text.replace("%%", "%")
    except (KeyError, ValueError, TypeError):
        return text


MESSAGES.update(
    {
        "programme_outside": _l("The new dates leave programme items outside the event; change them first."),
        "not_organiser": _l("Only the event's organisers can do this."),
    }
)
MESSAGES.update(
    {
        "setup_unknown_key": _l("unknown key “%(key)s”"),
        "setup_missing_key": _l("“%(key)s” is missing"),
        "setup_bad_value": _l("“%(key)s” has a wrong value %(value)s: expected %(expected)s"),
        "setup_bad_reference": _l("“%(key)s” names %(value)s, which is not in %(where)s"),
        "setup_rule": _l("“%(key)s”: %(rule)s"),
    }
)
MESSAGES.update(
    {
        # registration
        "closed": _l("Registration is closed for this event."),
        "not_open": _l("Registration opens on %(when)s."),
        "full": _l("The event is full."),
        "duplicate": _l("This e-mail address is already registered for this event."),
        "consent_required": _l("Please accept the use of your data to register."),
        "bad_phone": _l("Enter a phone number with digits, spaces and + ( ) - only."),
        "registration_cancelled": _l("This registration is cancelled."),
        "not_waitlisted": _l("This person is not on the waiting list."),
        "team_empty": _l("Add at least one person to the team."),
        "team_duplicate": _l("This e-mail address appears twice in the team."),
        "bad_link": _l("This personal link is not valid (any more). Ask for your link again below."),
    }
)
MESSAGES.update(
    {
        "not_confirmed": _l("This person has no confirmed seat."),
        "bad_checkin_code": _l("No registration of this event has this check-in code."),
        "bad_json": _l("The body is not valid JSON."),
        "not_json": _l("Send the body as JSON (Content-Type: application/json)."),
        "not_an_object": _l("The JSON body must be an object."),
        "too_large": _l("The body is too large."),
        "method_not_allowed": _l("This method is not allowed here."),
        "bad_token": _l("A valid API token is needed (Authorization: Bearer …)."),
    }
)
MESSAGES.update(
    {
        "unknown_event": _l("No such event."),
        "too_old": _l("These changes are no longer kept; ask for a new snapshot."),
        "board_closed": _l("The board is closed for now."),
        "board_not_open": _l(
            "The board opens when the organisers start the marketplace: keep what you wrote, it can be sent then."
        ),
        "workshop_full": _l("This workshop is full."),
        "cell_taken": _l("This room already holds a workshop in this time slot."),
        "workshop_not_empty": _l("This workshop has people or contributions: confirm to delete it with them."),
        "workshop_has_people": _l("People are in this workshop: it cannot move to another time slot."),
        "below_members": _l("More people are already in this workshop (%(members)s)."),
        "setup_board_in_use": _l(
            "the workshop “%(title)s” has people or contributions on the live board; "
            "change the workshops from the open forum setup page instead"
        ),
        "too_large_number": _l("Enter a number no greater than %(max)s."),
        "already_scheduled": _l("This topic is already in the grid."),
        "not_member": _l("Join the workshop to post in it."),
        "bad_phase": _l("Choose one of the phases offered."),
        # the plenary
        "not_a_plenary_item": _l("Choose a plenary, a round table or a talk of the programme."),
        "questions_closed": _l(
            "Questions to this item are closed for now: keep what you wrote, it can be sent when "
            "the moderator opens them."
        ),
        "too_many_questions": _l("You have already asked %(count)s questions of this item: support others' instead."),
        "question_not_open": _l(
            "This question was answered, merged into another or hidden: it can no longer be supported."
        ),
        "poll_closed": _l("This poll is not open."),
        "poll_answered": _l("People have answered this poll: close it instead of deleting it."),
        "poll_choices_count": _l("Give between 2 and 10 choices, one per line."),
        "poll_choices_repeated": _l("Each choice must be different."),
        "not_a_record": _l("Nobody joins a plenary item's record: it is the rapporteur's."),
    }
)

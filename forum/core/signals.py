"""Signals that services send inside their transaction, just before its commit.

Listeners (the mail outbox, later domains) connect to these and add their rows to the
same transaction: the change and what it causes are committed together, or neither.
The services that send them never import their listeners. (``board_changed`` alone is
sent after the commit: it goes out to phones.)
"""

from blinker import Namespace

_signals = Namespace()

#: sent with ``event`` and ``changes`` (set of changed field names) when an
#: organiser changes an event; ``reschedule`` is True when date, time or place changed
event_updated = _signals.signal("event-updated")
#: sent with ``event`` when an event is published
event_published = _signals.signal("event-published")
#: sent with ``event`` when an event is cancelled
event_cancelled = _signals.signal("event-cancelled")

# Sent *inside* the service's transaction (before its commit) so that later
# domains copy or move their own rows with the event, in the same commit.
#: sent with ``event`` (the source), ``copy`` and ``delta`` (timedelta) while duplicating
event_duplicating = _signals.signal("event-duplicating")
#: sent with ``event`` and ``delta`` when the day moves and its timetable moves with it
event_moving = _signals.signal("event-moving")

# -- registration (sent before commit, with ``registration``) ------------
#: a new registration, confirmed or waitlisted
registration_created = _signals.signal("registration-created")
#: the same e-mail registered again: the person gets their link again
registration_link_requested = _signals.signal("registration-link-requested")
#: a waitlisted registration got a seat
registration_promoted = _signals.signal("registration-promoted")
#: a registration was cancelled (``by_organiser``: bool)
registration_cancelled = _signals.signal("registration-cancelled")
#: the day is near: the person is due their reminder (sent once, by ``reminders.send_reminders``)
registration_reminder_due = _signals.signal("registration-reminder-due")
#: sent inside update_event's transaction, after the event row is written, with ``event``:
#: later domains refuse a change (by raising DomainError) that breaks their rules
event_validating = _signals.signal("event-validating")

# -- the live board -------------------------------------------------------
#: sent after commit with ``event_id`` and ``changes`` (list of {"seq", "type", "data"}), in seq order
board_changed = _signals.signal("board-changed")

#: sent inside delete_my_data's transaction with ``registration`` and ``keep_contributions`` (bool):
#: later domains delete, or keep anonymised, what the person wrote
registration_deleting = _signals.signal("registration-deleting")
#: sent by export_my_data with ``registration`` and ``sections`` (a dict later domains add their part to)
personal_data_exporting = _signals.signal("personal-data-exporting")

# -- accounts and teams (sent before commit) -----------------------------------
#: sent with ``invitation`` when an invitation to an event's team is sent (or sent again)
team_invitation_sent = _signals.signal("team-invitation-sent")
#: sent with ``account`` when someone asks for a new password (or an administrator makes their
#: account: ``welcome`` is True), only for an active account
password_link_requested = _signals.signal("password-link-requested")
#: sent with ``account`` and ``count`` when sign-ins to an account fail that many times in a row
signin_failures = _signals.signal("signin-failures")

# -- certificates and privacy (sent before commit) --------------------------
#: certificates of attendance were issued: ``event``, ``certificate_ids``
certificates_issued = _signals.signal("certificates-issued")
#: an event's personal data are being purged (``event``): domains forget their own in the same commit
event_purging = _signals.signal("event-purging")

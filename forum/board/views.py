"""The open forum's pages: the organisers' setup, the live board (participant, organiser, projector), the "
"proceedings."""

import segno
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import force_locale
from flask_login import current_user, login_required

from forum.board import proceedings as proceedings_service
from forum.board import wall
from forum.board import service as live
from forum.board import setup as service
from forum.board.forms import FORMS
from forum.calendar.service import registration_feed_ics
from forum.core.errors import DomainError
from forum.core.i18n import plural
from forum.core.forms import ConfirmForm, apply_domain_error, form_values
from forum.events.service import get_managed_event, get_public_event
from forum.registration.listing import search
from forum.registration.device import remember_link, remembered_registration
from forum.registration.service import get_by_token

bp = Blueprint("board", __name__)

#: the phases in the order of the day
PHASE_LABELS = {
    "setup": _l("Setup"),
    "marketplace": _l("Marketplace"),
    "workshops": _l("Workshops"),
    "restitution": _l("Restitution"),
    "closed": _l("Closed"),
}

ACTIONS = {
    ("question", "add"): lambda e, v, a: service.add_question(e, v["text"], actor=a),
    ("question", "update"): lambda e, o, v, a: service.update_question(e, o, v["text"], actor=a),
    ("space", "add"): lambda e, v, a: service.add_space(e, v["name"], v["capacity"], actor=a),
    ("space", "update"): lambda e, o, v, a: service.update_space(e, o, v["name"], v["capacity"], actor=a),
    ("slot", "add"): lambda e, v, a: service.add_slot(e, v["label"], v["starts_at"], v["ends_at"], actor=a),
    ("slot", "update"): lambda e, o, v, a: service.update_slot(e, o, v["label"], v["starts_at"], v["ends_at"], actor=a),
    ("workshop", "add"): lambda e, v, a: live.create_workshop(live.identify(e, organiser=a), v),
    ("workshop", "update"): lambda e, o, v, a: live.update_workshop(live.identify(e, organiser=a), o.id, v),
}
GETTERS = {
    "question": service.get_question,
    "space": service.get_space,
    "slot": service.get_slot,
    "workshop": service.get_workshop,
}
DELETERS = {"question": service.delete_question, "space": service.delete_space, "slot": service.delete_slot}


def _form(kind: str, event, obj=None, **kwargs):
    prefix = f"{kind}-{obj.id}" if obj is not None else f"{kind}-new"
    form = FORMS[kind](obj=obj, prefix=prefix, **kwargs)
    if kind == "workshop":
        form.slot_id.choices = [(s.id, s.label) for s in service.slots_of(event)]
        form.space_id.choices = [(s.id, f"{s.name} ({s.capacity})") for s in service.spaces_of(event)]
        form.question_id.choices = [(0, "—")] + [
            (q.id, f"{q.position}. {q.text[:80]}") for q in service.questions_of(event)
        ]
        if obj is not None and request.method == "GET":
            form.question_id.data = obj.question_id or 0
    if kind == "slot" and obj is None and request.method == "GET":
        form.starts_at.data, form.ends_at.data = event.starts_at, event.ends_at
    return form


def _page(event, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    rows = {
        "question": service.questions_of(event),
        "space": service.spaces_of(event),
        "slot": service.slots_of(event),
        "workshop": service.workshops_of(event),
    }
    forms = {
        (kind, o.id): bound.get((kind, o.id)) or _form(kind, event, o) for kind, objs in rows.items() for o in objs
    }
    new_forms = {kind: bound.get((kind, None)) or _form(kind, event) for kind in FORMS}
    return render_template(
        "board/setup.html", event=event, rows=rows, forms=forms, new_forms=new_forms, confirm=ConfirmForm()
    ), status


@bp.get("/manage/<slug>/forum")
@login_required
def setup(slug: str):
    return _page(get_managed_event(slug, current_user))


@bp.post("/manage/<slug>/forum/<kind>")
@bp.post("/manage/<slug>/forum/<kind>/<int:obj_id>")
@login_required
def save(slug: str, kind: str, obj_id: int | None = None):
    event = get_managed_event(slug, current_user)
    if kind not in FORMS:
        raise DomainError("not_found")
    obj = GETTERS[kind](event, obj_id) if obj_id is not None else None
    form = _form(kind, event, obj)
    if form.validate_on_submit():
        try:
            values = form_values(form)
            if obj is None:
                ACTIONS[(kind, "add")](event, values, current_user)
            else:
                ACTIONS[(kind, "update")](event, obj, values, current_user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("board.setup", slug=slug, _anchor=kind))
    return _page(event, {(kind, obj_id): form}, 422)


@bp.post("/manage/<slug>/forum/<kind>/<int:obj_id>/delete")
@login_required
def delete(slug: str, kind: str, obj_id: int):
    event = get_managed_event(slug, current_user)
    if kind not in FORMS:
        raise DomainError("not_found")
    if ConfirmForm().validate_on_submit():
        obj = GETTERS[kind](event, obj_id)
        try:
            if kind == "workshop":
                live.delete_workshop(
                    live.identify(event, organiser=current_user),
                    obj.id,
                    confirmed=request.form.get("confirmed") == "yes",
                )
            else:
                DELETERS[kind](event, obj, actor=current_user)
        except DomainError as error:
            if error.code != "workshop_not_empty":
                raise
            return render_template(
                "board/delete_workshop.html", event=event, workshop=obj, confirm=ConfirmForm(), **error.params
            ), 409
        flash(_("Deleted."), "success")
    return redirect(url_for("board.setup", slug=slug, _anchor=kind))


@bp.post("/manage/<slug>/forum/question/<int:obj_id>/move/<direction>")
@login_required
def move_question(slug: str, obj_id: int, direction: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        service.move_question(
            event, service.get_question(event, obj_id), -1 if direction == "up" else 1, actor=current_user
        )
    return redirect(url_for("board.setup", slug=slug, _anchor="question"))


# -- the live board's pages ----------------------------------------------


@bp.get("/r/<token>/board")
def participant_board(token: str):
    registration = get_by_token(token)
    event = registration.event
    response = Response(
        render_template(
            "board/live.html",
            event=event,
            mode="participant",
            token=token,
            registration=registration,
            i18n=board_texts(),
            **_phase(event),
        )
    )
    remember_link(response, event, token)  # a workshop's QR code on the wall opens this board again
    return response


@bp.get("/e/<slug>/workshops/<int:workshop_id>")
def open_workshop(slug: str, workshop_id: int):
    """A workshop's QR code on the wall: the person's board at that workshop (one tap joins it), if this phone
    opened their board before; otherwise where to find their personal link."""
    event = get_public_event(slug)
    workshop = service.get_workshop(event, workshop_id)
    remembered = remembered_registration(event)
    if remembered:
        return redirect(url_for("board.participant_board", token=remembered[1], workshop=workshop.id))
    with force_locale(event.language):
        return render_template(
            "board/open_workshop.html",
            event=event,
            workshop=workshop,
            where=wall.when_and_where(workshop, event.language),
        )


@bp.get("/manage/<slug>/forum/wall.pdf")
@login_required
def wall_pdf(slug: str):
    event = get_managed_event(slug, current_user)
    with force_locale(event.language):
        return Response(
            wall.wall_pdf(event, event.language),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'inline; filename="mur-{slug}.pdf"'},
        )


def _phase(event) -> dict:
    """The phase as the page first paints it (the snapshot confirms it): nothing moves when it arrives."""
    phase = live.board_of(event).phase
    return {"phase": phase, "phase_label": str(PHASE_LABELS.get(phase, ""))}


@bp.get("/r/<token>/calendar.ics")
def my_calendar(token: str):
    """The person's calendar feed (subscribable): the event and the workshops they joined."""
    registration = get_by_token(token)
    return Response(
        registration_feed_ics(registration, live.my_sessions(registration)), content_type="text/calendar; charset=utf-8"
    )


@bp.get("/manage/<slug>/board")
@login_required
def organiser_board(slug: str):
    event = get_managed_event(slug, current_user)
    key = live.board_of(event).screen_key
    return render_template(
        "board/live.html",
        event=event,
        mode="organiser",
        i18n=board_texts(),
        confirm=ConfirmForm(),
        **_phase(event),
        screen_url=url_for("board.screen", slug=slug, key=key, _external=True),
        stand_screen_url=url_for("resources.screen", slug=slug, key=key),
        people=search(event, {"status": "confirmed"}),
        proceedings_published=live.board_of(event).proceedings_published,
    )


@bp.get("/e/<slug>/screen")
def screen(slug: str):
    """The projector: full screen, no site chrome, in the event's language (unless ?lang= says otherwise)."""
    key = request.args.get("key", "")
    event = live.screen_event(get_public_event(slug), key)
    language = (
        request.args.get("lang") if request.args.get("lang") in current_app.config["LANGUAGES"] else event.language
    )
    join_url = f"{current_app.config['FORUM_BASE_URL']}{url_for('board.join', slug=slug)}"
    with force_locale(language):
        return render_template(
            "board/screen.html",
            event=event,
            screen_key=key,
            i18n=board_texts(),
            lang=language,
            join_url=join_url,
            join_short=join_url.split("://", 1)[-1],
            join_qr=segno.make_qr(join_url, error="m").svg_data_uri(scale=6, border=2, dark="#0b2545"),
        )


@bp.get("/e/<slug>/board")
def join(slug: str):
    """The short address shown on the projector: people open the board from their personal link."""
    get_public_event(slug)
    return redirect(url_for("registration.resend_link", slug=slug, board=1))


@bp.get("/e/<slug>/proceedings")
def proceedings(slug: str):
    event = get_public_event(slug)
    return render_template(
        "board/proceedings.html",
        event=event,
        groups=proceedings_service.readable_proceedings(event, current_user),
        sessions=proceedings_service.readable_plenary(event, current_user),
    )


@bp.post("/manage/<slug>/proceedings/<action>")
@login_required
def publish_proceedings(slug: str, action: str):
    event = get_managed_event(slug, current_user)
    if ConfirmForm().validate_on_submit():
        proceedings_service.publish_proceedings(event, action == "publish", actor=current_user)
        flash(
            _("The proceedings are published.") if action == "publish" else _("The proceedings are hidden."), "success"
        )
    return redirect(url_for("board.organiser_board", slug=slug))


def board_texts() -> dict:
    """The words the board's scripts show, in the page's language."""
    return {
        "connected": _("Connected"),
        "offline": _("Offline: what you write is kept and sent on reconnection"),
        "connecting": _("Connecting…"),
        "propose": _("Propose a topic"),
        "title": _("Topic"),
        "description": _("Details (optional)"),
        "send": _("Send"),
        "vote": _("Vote"),
        "unvote": _("Remove my vote"),
        "for_topic": _("for the topic “%(title)s”"),
        "join": _("Join"),
        "leave": _("Leave"),
        "joined": _("You are here"),
        "the_workshop": _("the workshop “%(title)s”"),
        "full": _("Full"),
        "post": _("Post"),
        "contribution": _("Your contribution"),
        "in_workshop": _("in “%(title)s”"),
        "contributions": _("Contributions"),
        "no_workshop": _("Join a workshop to post contributions."),
        "no_workshop_organiser": _(
            "No workshop yet: schedule topics into the grid, or add a workshop in the open forum setup."
        ),
        "withdraw": _("Withdraw"),
        "merge_into": _("Merge into"),
        "merge": _("Merge"),
        "place": _("Place in the grid"),
        "merge_title": _("Merge “%(title)s” into another topic"),
        "place_title": _("Place “%(title)s” in the grid"),
        "nothing_to_choose": _("Nothing to choose from."),
        "cell": _("Time slot and room"),
        "rapporteur": _("Rapporteur"),
        "nobody": _("Nobody"),
        "name_rapporteur": _("Name the rapporteur"),
        "of_workshop": _("of “%(title)s”"),
        "hide": _("Hide"),
        "reason": _("Why hide it (shown to organisers)"),
        "confirm_hide": _("Hide this contribution"),
        "cancel": _("Cancel"),
        "show": _("Show again"),
        "the_contribution": _("the contribution “%(text)s”"),
        "choose_contribution": _("Choose “%(text)s” for a point"),
        "contribution_hidden": _("Contribution hidden."),
        "undo": _("Undo"),
        "anonymous": _("Anonymous"),
        "feeds_point": _("feeds point %(n)s"),
        "points": _("Synthesis points"),
        "point_n": _("point %(n)s"),
        "new_point": _("New point (empty: the chosen contributions' words)"),
        "make_point": _("Make a point of the chosen contributions"),
        "choose_or_write": _("Choose contributions or write the point."),
        "save": _("Save"),
        "delete": _("Delete"),
        "up": _("Move up"),
        "down": _("Move down"),
        "synthesis": _("Synthesis"),
        "synthesis_text": _("The workshop's synthesis (saved as a draft as you type)"),
        "saved_at": _("Draft saved at %(time)s"),
        "not_saved_yet": _("Changes not saved yet…"),
        "publish": _("Publish the synthesis"),
        "published": _("Published"),
        "empty_cell": _("free"),
        "create_workshop": _("New workshop"),
        "create_in": _("New workshop in %(room)s, %(slot)s"),
        "error": _("Not done:"),
        "phases": [[key, str(label)] for key, label in PHASE_LABELS.items()],
        "phase_now": _("Phase: %(phase)s"),
        "not_open_yet": _(
            "The board opens when the organisers start the marketplace. You can prepare what you "
            "want to write: it is kept on this device."
        ),
        "board_closed": _("The board is closed."),
        "drop_here": _("Drop a topic here"),
        "who_joined": _("Who is in this workshop"),
        "nobody_yet": _("Nobody has joined yet."),
        "delete_workshop": _("Delete"),
        "activity": _("Every workshop at a glance"),
        "workshop": _("Workshop"),
        "people": _("People"),
        "hidden": _("hidden"),
        "draft": _("Draft"),
        "to_name": _("to be named"),
        "last_post": _("Last post"),
        "points_short": _("Points"),
        "no_synthesis_yet": _("The syntheses appear here once the rapporteurs publish them."),
        "no_topic_yet": _("No topic proposed yet: propose yours from your phone."),
        "no_grid_yet": _("The marketplace's rooms and time slots are not set yet."),
        "restitution": _("Restitution"),
        "workshop_of": _("Workshop %(n)s of %(total)s"),
        "page_of": _("page %(n)s of %(total)s"),
        "continued": _("continued"),
        "synthesis_not_published": _("The synthesis of this workshop is not published yet."),
        "on_screen": _("On the screen:"),
        "when_restitution": _("once the phase is Restitution"),
        "play": _("Play"),
        "pause": _("Pause"),
        "in_this_workshop": _("In this workshop"),
        "everyone_else": _("Everyone else"),
        "search_person": _("Search by name or organisation"),
        "nobody_matches": _("Nobody matches."),
        "your_workshops": _("Your workshops"),
        "other_workshops": _("The other workshops"),
        "waiting": _("waiting to be sent"),
        "no_points_yet": _("No synthesis point yet."),
        "kept_offline": _("Kept on this device: sent when the network returns."),
        "draft_on_server": _("Draft saved."),
        "no_workshops_yet": _("No workshop yet: place topics in the marketplace grid or create workshops."),
        "now_rapporteur": _(
            "You are now the rapporteur of the workshop “%(title)s”: your tools are under its contributions."
        ),
        "no_longer_rapporteur": _("You are no longer the rapporteur of the workshop “%(title)s”."),
        "workshop_deleted": _("The workshop “%(title)s” was removed by the organisers."),
        "you_report": _("You are its rapporteur"),
        "you_joined": _("You joined “%(title)s”."),
        "you_left": _("You left “%(title)s”."),
        "sent": _("Sent."),
        "title_too_short": _("Give the topic a title of at least 3 characters."),
        "write_something": _("Write your contribution first."),
        # the plenary: questions from the room and quick polls
        "your_question": _("Your question"),
        "ask": _("Send the question"),
        "to_item": _("to “%(title)s”"),
        "ask_hint": _("Anonymous to the room unless you tick the box below. At most 500 characters."),
        "show_my_name": _("Show my name and organisation with it"),
        "questions_closed_now": _("Questions are closed for now."),
        "room_questions": _("Questions from the room"),
        "no_question_yet": _("No question yet."),
        "moderated_by": _("moderated by %(name)s"),
        "with_speakers": _("with %(names)s"),
        "kinds": {"plenary": _("Plenary"), "round_table": _("Round table"), "talk": _("Talk")},
        "questions_open": _("Questions open"),
        "questions_closed": _("Questions closed"),
        "open_questions": _("Open for questions"),
        "close_questions": _("Close the questions"),
        "order_by_supports": _("Sort by support"),
        "order_by_time": _("Sort by time"),
        "name_moderator": _("Name the moderator"),
        "hidden_questions": _("Hidden questions"),
        "no_hidden_question": _("No hidden question."),
        "on_screen_now": _("On the screen"),
        "answered": _("Answered"),
        "support": _("Support"),
        "supported": _("Supported"),
        "the_question": _("the question “%(text)s”"),
        "put_on_screen": _("Put on the screen"),
        "take_off_screen": _("Take off the screen"),
        "mark_answered": _("Answered"),
        "not_answered": _("Not answered after all"),
        "merge_question": _("Merge…"),
        "merge_question_title": _("Merge “%(text)s” into another question"),
        "hide_question": _("Hide “%(text)s”"),
        "question_hidden": _("Question hidden."),
        "new_question": _("New question for “%(title)s”."),
        "question_too_short": _("Write a question of at least 3 characters."),
        "person": _("Person"),
        "poll_too_few": _("The split shows from %(n)s answers on."),
        "poll_status": {"draft": _("Prepared"), "open": _("Open"), "closed": _("Closed")},
        "open_poll": _("Open the poll"),
        "reopen_poll": _("Open again"),
        "close_poll": _("Close the poll"),
        "answer": _("Answer"),
        "change_answer": _("Change my answer"),
        "your_answer": _("Your answer: %(choices)s (you can change it while the poll is open)."),
        "choose_an_answer": _("Choose an answer first."),
        "answer_sent": _("Answer sent."),
        "new_poll": _("Prepare a quick poll"),
        "poll_item": _("Programme item"),
        "poll_question": _("Question"),
        "poll_kind": _("Kind of answer"),
        "poll_kinds": {"single": _("One choice"), "multiple": _("Several choices"), "scale": _("A scale of 1 to 5")},
        "poll_choices": _("Choices, one per line (not for a scale)"),
        "poll_results_to_phones": _("Show the results on phones once closed"),
        "prepare_poll": _("Prepare the poll"),
        "ask_on_your_phone": _("Ask your questions from your phone"),
        "next_questions": _("Next questions"),
        "question_on_screen": _("Question from the room"),
        "poll_on_screen": _("Quick poll"),
        "plurals": {
            "supports": plural("%(num)d support", "%(num)d supports"),
            "answers": plural("%(num)d answer", "%(num)d answers"),
            "votes": plural("%(num)d vote", "%(num)d votes"),
            "people": plural("%(num)d person", "%(num)d people"),
            "seats_left": plural("%(num)d seat left", "%(num)d seats left"),
            "pending": plural("%(num)d waiting to be sent", "%(num)d waiting to be sent"),
            "from_contributions": plural("From %(num)d chosen contribution", "From %(num)d chosen contributions"),
            "hidden": plural("%(num)d hidden", "%(num)d hidden"),
            "more_topics": plural(
                "and %(num)d more topic: see them all and vote from your phone",
                "and %(num)d more topics: see them all and vote from your phone",
            ),
        },
    }

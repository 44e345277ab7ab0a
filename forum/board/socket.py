"""The /board namespace: thin handlers over forum.board.service (see docs/realtime.md)."""

from __future__ import annotations

from flask import current_app, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room
from flask_socketio import _ManagedSession
from limits import parse

from forum.accounts.models import Account
from forum.accounts.service import organiser_for_token
from forum.board import fanout, packets, plenary, restitution, service, synthesis
from forum.board.broadcast import NAMESPACE, room
from forum.core.errors import DomainError, message_for
from forum.events.models import Event
from forum.extensions import db, limiter, socketio
from forum.registration.models import Registration
from forum.registration.service import get_by_token


def _refuse(code: str):
    """python-socketio sends this as {"message", "data": {"code", "message"}} in connect_error."""
    message = message_for(code)
    raise ConnectionRefusedError(message, {"code": code, "message": message})


@socketio.on("connect", namespace=NAMESPACE)
def connect(auth):
    auth = auth if isinstance(auth, dict) else {}
    event = db.session.scalar(db.select(Event).where(Event.slug == str(auth.get("event", ""))))
    try:
        if event is None:
            raise DomainError("unknown_event")
        service.open_event(event)
        actor = service.identify(event, **_credentials(auth))
    except DomainError as error:
        _refuse(error.code if error.code in ("unknown_event", "closed") else "unauthorized")
    session["board"] = {
        "event_id": event.id,
        "role": actor.role,
        "registration_id": actor.registration.id if actor.registration else None,
        "organiser_id": actor.organiser.id if actor.organiser else None,
    }
    join_room(room(event.id))
    emit("snapshot", service.snapshot(actor))


def install_crowd_path(server) -> None:
    """Participants opening the board (a whole room after a Wi-Fi cut) take a short path: python-socketio
    calls this handler directly, without building a Flask request for the connection; everyone else, and
    any link that does not open the board, goes through ``connect`` above."""
    flask_handler = server.handlers[NAMESPACE]["connect"]

    def crowd_connect(sid, environ, auth=None):
        token, slug = (auth.get("token"), auth.get("event")) if isinstance(auth, dict) else (None, None)
        if isinstance(token, str) and isinstance(slug, str) and len(token) <= 100:
            with environ["flask.app"].app_context():
                opened = service.open_with_token(slug, token)
            if opened is not None:
                who, snapshot_text = opened
                environ["saved_session"] = _ManagedSession(board=who)  # what later requests read as session["board"]
                server.enter_room(sid, room(who["event_id"]), namespace=NAMESPACE)
                fanout.emit_encoded(server, sid, NAMESPACE, "snapshot", snapshot_text)
                return None
        return flask_handler(sid, environ, auth)

    server.on("connect", crowd_connect, namespace=NAMESPACE)


def _credentials(auth: dict) -> dict:
    if auth.get("token"):
        try:
            return {"registration": get_by_token(str(auth["token"]))}
        except DomainError:
            raise DomainError("unauthorized")
    if auth.get("api_key"):
        return {"organiser": organiser_for_token(str(auth["api_key"])) or _refuse("unauthorized")}
    if auth.get("screen"):
        return {"screen_key": str(auth["screen"])}
    if current_user.is_authenticated:
        return {"organiser": current_user._get_current_object()}
    raise DomainError("unauthorized")


def _actor() -> service.Actor:
    """The connection's actor, re-read from the database (a cancelled registration loses its rights)."""
    who = session.get("board") or {}
    event = db.session.get(Event, who.get("event_id") or 0)
    if event is None:
        raise DomainError("forbidden")
    if who.get("role") == "screen":
        return service.Actor(event, "screen")
    organiser = db.session.get(Account, who["organiser_id"]) if who.get("organiser_id") else None
    registration = db.session.get(Registration, who["registration_id"]) if who.get("registration_id") else None
    try:
        return service.identify(event, organiser=organiser, registration=registration)
    except DomainError:
        raise DomainError("forbidden")


#: the board's own refusals, as the protocol's codes (the message stays the board's own)
ACK_CODES = {
    "board_closed": "closed",
    "board_not_open": "closed",
    "workshop_full": "full",
    "cell_taken": "full",
    "already_scheduled": "invalid",
    "questions_closed": "closed",
    "poll_closed": "closed",
    "too_many_questions": "rate_limited",
    "question_not_open": "invalid",
    "poll_answered": "invalid",
    "not_a_record": "invalid",
}


def _fail(error: DomainError) -> dict:
    db.session.rollback()
    code = ACK_CODES.get(error.code, error.code)
    if code not in ("invalid", "forbidden", "not_found", "full", "closed", "rate_limited", "too_old"):
        code = "invalid" if error.fields else "forbidden"
    body = {"code": code, "message": error.message}
    if error.fields or code == "invalid":
        body["fields"] = error.field_messages()
    return {"ok": False, "error": body}


def _within_rate(sid: str) -> bool:
    """BOARD_RATE_LIMIT per connection, and per person across all their connections (tabs, phones)."""
    limit = parse(current_app.config.get("BOARD_RATE_LIMIT", "20 per 10 seconds"))
    if not limiter.limiter.hit(limit, "board-writes", sid):
        return False
    person = _person_key(session.get("board") or {})
    return person is None or limiter.limiter.hit(limit, "board-writes-person", person)


def _person_key(who: dict) -> str | None:
    """Who writes, across their connections: a registration or an organiser of the event (the screen writes nothing)."""
    if who.get("registration_id"):
        return f"{who['event_id']}:r{who['registration_id']}"
    if who.get("organiser_id"):
        return f"{who['event_id']}:o{who['organiser_id']}"
    return None


def request_handler(name: str, *, write: bool = True):
    """Register ``name`` on /board: its function gets (actor, data) and returns the ack's extra fields."""

    def register(fn):
        def handler(data=None):
            from flask import request

            data = data if isinstance(data, dict) else {}
            try:
                if packets.unreadable(data):
                    raise DomainError("invalid", fields={"data": [packets.unreadable(data)]})
                if write and not _within_rate(request.sid):
                    raise DomainError("rate_limited")
                return {"ok": True, **(fn(_actor(), data) or {})}
            except DomainError as error:
                return _fail(error)
            except Exception:  # whatever arrives, the sender gets an answer; the cause goes to the log
                db.session.rollback()
                current_app.logger.exception("board request %s failed", name)
                return {
                    "ok": False,
                    "error": {"code": "invalid", "message": message_for("internal_error"), "fields": {}},
                }

        handler.__name__ = f"on_{name.replace('.', '_')}"
        socketio.on_event(name, handler, namespace=NAMESPACE)
        return fn

    return register


@request_handler("resume", write=False)
def resume(actor, data):
    since = data.get("since")
    if not isinstance(since, int) or isinstance(since, bool):
        raise DomainError("invalid", fields={"since": ["not_a_number"]})
    return {"changes": service.changes_since(actor.event, since)}


@request_handler("snapshot", write=False)
def snapshot(actor, data):
    return {"snapshot": service.snapshot(actor)}


@request_handler("topic.propose")
def topic_propose(actor, data):
    topic = service.propose_topic(actor, data)
    return {"topic": topic}


@request_handler("topic.vote")
def topic_vote(actor, data):
    votes = service.vote_topic(actor, data.get("topic_id"), data.get("vote"))
    return {"votes": votes}


@request_handler("topic.withdraw")
def topic_withdraw(actor, data):
    service.withdraw_topic(actor, data.get("topic_id"))


@request_handler("topic.merge")
def topic_merge(actor, data):
    service.merge_topics(actor, data.get("topic_id"), data.get("into_id"))


@request_handler("topic.schedule")
def topic_schedule(actor, data):
    workshop = service.schedule_topic(actor, data.get("topic_id"), data.get("slot_id"), data.get("space_id"))
    return {"workshop": workshop}


@request_handler("workshop.create")
def workshop_create(actor, data):
    workshop = service.create_workshop(actor, data)
    return {"workshop": workshop}


@request_handler("workshop.update")
def workshop_update(actor, data):
    workshop = service.update_workshop(
        actor,
        data.get("workshop_id"),
        {k: data[k] for k in ("title", "slot_id", "space_id", "question_id", "capacity") if k in data},
    )
    return {"workshop": workshop}


@request_handler("workshop.delete")
def workshop_delete(actor, data):
    service.delete_workshop(actor, data.get("workshop_id"), confirmed=data.get("confirmed") is True)


@request_handler("workshop.join")
def workshop_join(actor, data):
    left = service.join_workshop(actor, data.get("workshop_id"))
    return {"workshop_id": data.get("workshop_id"), "left": left}


@request_handler("workshop.leave")
def workshop_leave(actor, data):
    service.leave_workshop(actor, data.get("workshop_id"))


@request_handler("workshop.rapporteur")
def workshop_rapporteur(actor, data):
    service.name_rapporteur(actor, data.get("workshop_id"), data.get("registration_id"))


@request_handler("workshop.people", write=False)
def workshop_people(actor, data):
    return {"people": service.workshop_people(actor, data.get("workshop_id"))}


@request_handler("contribution.post")
def contribution_post(actor, data):
    contribution, duplicate = synthesis.post_contribution(actor, data)
    return {"contribution": contribution, "duplicate": duplicate}


@request_handler("contribution.hide")
def contribution_hide(actor, data):
    synthesis.hide_contribution(actor, data.get("contribution_id"), data.get("reason"))


@request_handler("contribution.show")
def contribution_show(actor, data):
    synthesis.show_contribution(actor, data.get("contribution_id"))


@request_handler("point.create")
def point_create(actor, data):
    point = synthesis.create_point(actor, data)
    return {"point": point}


@request_handler("point.update")
def point_update(actor, data):
    point = synthesis.update_point(actor, data)
    return {"point": point}


@request_handler("point.delete")
def point_delete(actor, data):
    synthesis.delete_point(actor, data.get("point_id"))


@request_handler("synthesis.update")
def synthesis_update(actor, data):
    synthesis.update_synthesis(actor, data.get("workshop_id"), data.get("text"))


@request_handler("synthesis.publish")
def synthesis_publish(actor, data):
    synthesis.publish_synthesis(actor, data.get("workshop_id"))


@request_handler("restitution.show")
def restitution_show(actor, data):
    restitution.set_show(actor, data)


@request_handler("people.list", write=False)
def people_list(actor, data):
    return {"people": service.people(actor)}


@request_handler("phase.set")
def phase_set(actor, data):
    service.set_phase(actor, data.get("phase"))


# -- the plenary: questions from the room, quick polls, an item's moderator and rapporteur -----------


@request_handler("room_question.ask")
def room_question_ask(actor, data):
    question, duplicate = plenary.ask(actor, data)
    return {"question": question, "duplicate": duplicate}


@request_handler("room_question.support")
def room_question_support(actor, data):
    supports = plenary.support(actor, data.get("question_id"), data.get("support"))
    return {"supports": supports}


@request_handler("room_question.merge")
def room_question_merge(actor, data):
    plenary.merge(actor, data.get("question_id"), data.get("into_id"))


@request_handler("room_question.hide")
def room_question_hide(actor, data):
    plenary.hide(actor, data.get("question_id"), data.get("reason"))


@request_handler("room_question.show")
def room_question_show(actor, data):
    plenary.show(actor, data.get("question_id"))


@request_handler("room_question.answered")
def room_question_answered(actor, data):
    plenary.mark_answered(actor, data.get("question_id"), data.get("answered", True))


@request_handler("room_question.screen")
def room_question_screen(actor, data):
    plenary.put_on_screen(actor, data.get("item_id"), data.get("question_id"))


@request_handler("room_questions.hidden", write=False)
def room_questions_hidden(actor, data):
    return {"questions": plenary.hidden_questions(actor, data.get("item_id"))}


@request_handler("item.questions")
def item_questions(actor, data):
    plenary.open_questions(actor, data.get("item_id"), data.get("open"))


@request_handler("item.moderator")
def item_moderator(actor, data):
    plenary.name_moderator(actor, data.get("item_id"), data.get("registration_id"))


@request_handler("item.rapporteur")
def item_rapporteur(actor, data):
    record = plenary.name_item_rapporteur(actor, data.get("item_id"), data.get("registration_id"))
    return {"workshop": record}


@request_handler("poll.create")
def poll_create(actor, data):
    poll = plenary.create_poll(actor, data)
    return {"poll": poll}


@request_handler("poll.open")
def poll_open(actor, data):
    plenary.set_poll_status(actor, data.get("poll_id"), "open")


@request_handler("poll.close")
def poll_close(actor, data):
    plenary.set_poll_status(actor, data.get("poll_id"), "closed")


@request_handler("poll.delete")
def poll_delete(actor, data):
    plenary.delete_poll(actor, data.get("poll_id"))


@request_handler("poll.answer")
def poll_answer(actor, data):
    choices = plenary.answer_poll(actor, data.get("poll_id"), data.get("choices"))
    return {"choices": choices}

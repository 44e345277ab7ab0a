"""The ``forum`` section of the event setup file: questions, spaces, slots, workshops."""

from __future__ import annotations

from flask_babel import gettext as _

from forum.board import setup as service
from forum.board.models import Question, Slot, Space
from forum.board.setup import MAX_ITEMS
from forum.core import values
from forum.events.models import Event
from forum.events.service import fmt_local
from forum.events.setup_file import Reader, Section, _show, register_section

KEYS = ("questions", "spaces", "slots", "workshops")


def parse(value, r: Reader) -> dict:
    value = r.mapping(value, "forum")
    r.unknown(value, KEYS, "forum.")
    questions = []
    for n, text in enumerate(r.listing(value, "questions", "forum.questions", maximum=MAX_ITEMS[Question])):
        if (
            not isinstance(text, str)
            or not values.visible_length(text)
            or len(text) > 1000
            or values.text_problem(text)
        ):
            r.error("setup_bad_value", key=f"forum.questions[{n}]", value=_show(text), expected=_("a text"))
        else:
            questions.append(text)
    spaces = []
    for n, raw in enumerate(r.listing(value, "spaces", "forum.spaces", maximum=MAX_ITEMS[Space])):
        path = f"forum.spaces[{n}]"
        raw = r.mapping(raw, path)
        r.unknown(raw, ("name", "capacity"), path + ".")
        spaces.append(
            {
                "name": r.text(raw, "name", path + ".name", required=True, limit=120),
                "capacity": r.integer(raw, "capacity", path + ".capacity", default=20),
            }
        )
    slots = []
    for n, raw in enumerate(r.listing(value, "slots", "forum.slots", maximum=MAX_ITEMS[Slot])):
        path = f"forum.slots[{n}]"
        raw = r.mapping(raw, path)
        r.unknown(raw, ("label", "starts_at", "ends_at"), path + ".")
        slot = {
            "label": r.text(raw, "label", path + ".label", required=True, limit=120),
            "starts_at": r.moment(raw, "starts_at", path + ".starts_at", required=True),
            "ends_at": r.moment(raw, "ends_at", path + ".ends_at", required=True),
        }
        r.within_event(slot["starts_at"], slot["ends_at"], path)
        slots.append(slot)
    _unique_names(r, spaces, "name", "forum.spaces")
    _unique_names(r, slots, "label", "forum.slots")
    space_names = {s["name"]: s for s in spaces}
    slot_labels = {s["label"] for s in slots}
    workshops = []
    for n, raw in enumerate(
        r.listing(value, "workshops", "forum.workshops", maximum=MAX_ITEMS[Space] * MAX_ITEMS[Slot])
    ):
        path = f"forum.workshops[{n}]"
        raw = r.mapping(raw, path)
        r.unknown(raw, ("title", "slot", "space", "question", "capacity"), path + ".")
        w = {
            "title": r.text(raw, "title", path + ".title", required=True),
            "slot": r.text(raw, "slot", path + ".slot", required=True, limit=120),
            "space": r.text(raw, "space", path + ".space", required=True, limit=120),
            "question": r.integer(raw, "question", path + ".question", default=None),
            "capacity": r.integer(raw, "capacity", path + ".capacity", default=None),
        }
        if w["slot"] and w["slot"] not in slot_labels:
            r.error("setup_bad_reference", key=path + ".slot", value=_show(w["slot"]), where="forum.slots")
        if w["space"] and w["space"] not in space_names:
            r.error("setup_bad_reference", key=path + ".space", value=_show(w["space"]), where="forum.spaces")
        if w["question"] is not None and w["question"] > len(questions):
            r.error("setup_bad_reference", key=path + ".question", value=_show(w["question"]), where="forum.questions")
        if w["capacity"] is None and w["space"] in space_names:
            w["capacity"] = space_names[w["space"]]["capacity"] or 20
        workshops.append(w)
    return {"questions": questions, "spaces": spaces, "slots": slots, "workshops": workshops}


def _unique_names(r: Reader, items: list[dict], key: str, path: str) -> None:
    seen = set()
    for n, item in enumerate(items):
        if item[key] in seen:
            r.error("setup_rule", key=f"{path}[{n}].{key}", rule=_("%(value)s is used twice", value=_show(item[key])))
        seen.add(item[key])


def dump(event: Event) -> dict:
    return {
        "questions": [q.text for q in service.questions_of(event)],
        "spaces": [{"name": s.name, "capacity": s.capacity} for s in service.spaces_of(event)],
        "slots": [
            {"label": s.label, "starts_at": fmt_local(s.starts_at), "ends_at": fmt_local(s.ends_at)}
            for s in service.slots_of(event)
        ],
        "workshops": service.workshops_for_file(event),
    }


register_section("forum", Section(parse=parse, apply=service.replace_setup, dump=dump))

import json
from datetime import datetime

import pytest

from forum.board import setup as board
from forum.core.errors import DomainError
from forum.events import service, setup_file
from tests.factories import make_event

EXAMPLE = {
    "format": "forum-event/1",
    "slug": "rencontre-lille-2030",
    "title": "Rencontre régionale des médiateurs sociaux",
    "audience": "Médiateurs sociaux",
    "description": "Texte libre (plain text, line breaks kept).\nDeuxième ligne.",
    "timezone": "Europe/Paris",
    "language": "fr",
    "starts_at": "2030-06-13T13:30",
    "ends_at": "2030-06-13T17:00",
    "venue": {
        "name": "Mairie de Lille",
        "room": "Salle Erro (1er étage)",
        "address": "Place Augustin Laurent, 59000 Lille",
    },
    "capacity": 90,
    "waitlist": True,
    "registration_opens_at": "2030-05-01T09:00",
    "registration_closes_at": "2030-06-10T23:59",
    "contact": {"email": "contact@example.org", "phone": "+33 3 20 00 00 00"},
    "status": "published",
    "programme": [
        {
            "starts_at": "2030-06-13T13:30",
            "ends_at": "2030-06-13T14:00",
            "kind": "welcome",
            "title": "Accueil",
            "moderator": None,
            "speakers": [],
        },
        {
            "starts_at": "2030-06-13T14:00",
            "ends_at": "2030-06-13T16:30",
            "kind": "open_forum",
            "title": "Forum ouvert",
            "moderator": "Animateur régional",
            "speakers": ["Laurent Giraud"],
        },
    ],
    "forum": {
        "questions": ["La médiation sociale : un outil pour répondre à quels besoins ?", "Quels moyens ?"],
        "spaces": [{"name": "Salle A", "capacity": 20}, {"name": "Salle B", "capacity": 12}],
        "slots": [{"label": "Session 1", "starts_at": "2030-06-13T14:15", "ends_at": "2030-06-13T15:15"}],
        "workshops": [
            {
                "title": "Accès aux droits et illectronisme",
                "slot": "Session 1",
                "space": "Salle A",
                "question": 1,
                "capacity": 20,
            },
            {"title": "Formation", "slot": "Session 1", "space": "Salle B", "question": None, "capacity": 12},
        ],
    },
}


def errors_of(data) -> str:
    with pytest.raises(DomainError) as exc:
        setup_file.import_event(data, actor=None, update=False)
    return exc.value.message


def test_import_then_export_is_exact(organiser):
    event = setup_file.import_event(json.loads(json.dumps(EXAMPLE)), actor=organiser)
    assert setup_file.export_event(event) == EXAMPLE
    assert event.status == "published" and event.organisers == [organiser]
    assert [w.question.position if w.question else None for w in board.workshops_of(event)] == [1, None]


def test_missing_optional_keys_take_defaults(organiser):
    data = {k: EXAMPLE[k] for k in ("format", "slug", "title", "timezone", "starts_at", "ends_at")}
    event = setup_file.import_event(data, actor=organiser)
    exported = setup_file.export_event(event)
    assert exported["status"] == "draft" and exported["capacity"] == 50 and exported["waitlist"] is True
    assert exported["programme"] == [] and exported["forum"] == {
        "questions": [],
        "spaces": [],
        "slots": [],
        "workshops": [],
    }


def test_language_of_the_day_is_read_and_written(organiser):
    event = setup_file.import_event(dict(EXAMPLE, language="en"), actor=organiser)
    assert event.language == "en" and setup_file.export_event(event)["language"] == "en"


def test_export_of_a_made_event_imports_to_the_same_event(organiser, db):
    event = make_event(organiser)
    board.add_question(event, "Quels besoins ?", actor=organiser)
    data = setup_file.export_event(event)
    data["slug"] = "copie"
    copy = setup_file.import_event(data, actor=organiser)
    again = setup_file.export_event(copy)
    again["slug"] = event.slug
    assert again == setup_file.export_event(event)


def test_existing_slug_is_refused_without_update(organiser):
    setup_file.import_event(dict(EXAMPLE), actor=organiser)
    with pytest.raises(DomainError) as exc:
        setup_file.import_event(dict(EXAMPLE), actor=organiser)
    assert exc.value.code == "setup_slug_exists" and "rencontre-lille-2030" in exc.value.message


def test_update_changes_in_place_and_raises_the_sequence(organiser):
    event = setup_file.import_event(json.loads(json.dumps(EXAMPLE)), actor=organiser)
    data = json.loads(json.dumps(EXAMPLE))
    data["venue"]["room"] = "Salle du Conseil"
    data["programme"] = data["programme"][:1]
    updated = setup_file.import_event(data, actor=organiser, update=True)
    assert updated.id == event.id and updated.venue_room == "Salle du Conseil"
    assert updated.ical_sequence == 1 and len(updated.programme) == 1


def test_update_to_a_new_date_with_its_programme(organiser):
    setup_file.import_event(json.loads(json.dumps(EXAMPLE)), actor=organiser)
    data = json.loads(json.dumps(EXAMPLE).replace("2030-06-13", "2030-09-19"))
    updated = setup_file.import_event(data, actor=organiser, update=True)
    assert updated.starts_at == datetime(2030, 9, 19, 13, 30)
    assert setup_file.export_event(updated) == data


def test_update_by_another_organiser_is_refused(organiser, other_organiser):
    setup_file.import_event(dict(EXAMPLE), actor=organiser)
    with pytest.raises(DomainError) as exc:
        setup_file.import_event(dict(EXAMPLE), actor=other_organiser, update=True)
    assert exc.value.code == "forbidden"


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"colour": "bleu"}, "unknown key “colour”"),
        ({"venue": {"name": "x", "floor": 1}}, "unknown key “venue.floor”"),
        ({"format": "forum-event/2"}, "“format” has a wrong value \"forum-event/2\""),
        ({"timezone": "Europe/Lile"}, "“timezone” has a wrong value \"Europe/Lile\""),
        ({"language": "de"}, "“language” has a wrong value \"de\""),
        ({"starts_at": "13/06/2030 13h30"}, "“starts_at” has a wrong value \"13/06/2030 13h30\""),
        ({"starts_at": "2030-06-13T13:30+02:00"}, "“starts_at” has a wrong value"),
        ({"capacity": "beaucoup"}, "“capacity” has a wrong value \"beaucoup\""),
        ({"status": "archived"}, "“status” has a wrong value \"archived\""),
        ({"ends_at": "2030-06-13T12:00"}, "“ends_at”: The end must come after the start."),
    ],
)
def test_errors_name_the_bad_key_or_value(app, change, expected):
    data = json.loads(json.dumps(EXAMPLE)) | change
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert expected in errors_of(data)


@pytest.mark.parametrize(
    "path, value, expected",
    [
        (("programme", 0, "kind"), "lunch", "“programme[0].kind” has a wrong value \"lunch\""),
        (("programme", 1, "starts_at"), "2030-06-13T12:00", "“programme[1]”: This item must take place within"),
        (("programme", 1, "starts_at"), "2030-06-13T13:45", "overlaps programme[0]"),
        (
            ("forum", "workshops", 0, "space"),
            "Salle Z",
            "“forum.workshops[0].space” names \"Salle Z\", which is not in forum.spaces",
        ),
        (("forum", "workshops", 0, "question"), 7, "“forum.workshops[0].question” names 7"),
        (("forum", "slots", 0, "ends_at"), "2030-06-13T18:00", "“forum.slots[0]”: This item must take place within"),
        (("forum", "spaces", 1, "name"), "Salle A", "“forum.spaces[1].name”: \"Salle A\" is used twice"),
        (("forum", "spaces", 0, "colour"), "bleu", "unknown key “forum.spaces[0].colour”"),
    ],
)
def test_nested_errors_name_their_path(app, path, value, expected):
    data = json.loads(json.dumps(EXAMPLE))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert expected in errors_of(data)


def test_errors_are_translated(app):
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert "clé inconnue «\u00a0colour\u00a0»" in errors_of(dict(EXAMPLE, colour=1))


def test_not_json_is_a_clear_error():
    with pytest.raises(DomainError) as exc:
        setup_file.loads(b"{pas du json")
    assert exc.value.code == "setup_not_json"


# -- through the CLI ------------------------------------------------------


def test_cli_round_trip(runner, organiser, tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(args=["forum", "import-event", str(path), "--organiser", organiser.email])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["forum", "export-event", EXAMPLE["slug"]])
    assert result.exit_code == 0 and json.loads(result.output) == EXAMPLE


def test_cli_import_refuses_existing_slug_then_updates(runner, organiser, tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    runner.invoke(args=["forum", "import-event", str(path), "--organiser", organiser.email])
    result = runner.invoke(args=["forum", "import-event", str(path), "--organiser", organiser.email])
    assert result.exit_code != 0 and "--update" in result.output
    changed = dict(EXAMPLE, capacity=120)
    path.write_text(json.dumps(changed), encoding="utf-8")
    result = runner.invoke(args=["forum", "import-event", str(path), "--organiser", organiser.email, "--update"])
    assert result.exit_code == 0 and service.get_event(EXAMPLE["slug"]).capacity == 120


def test_cli_import_reports_errors_without_traceback(runner, organiser, tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(dict(EXAMPLE, colour=1)), encoding="utf-8")
    result = runner.invoke(args=["forum", "import-event", str(path), "--organiser", organiser.email])
    assert result.exit_code == 1 and "colour" in result.output and "Traceback" not in result.output


def test_cli_export_unknown_slug(runner):
    result = runner.invoke(args=["forum", "export-event", "nulle-part"])
    assert result.exit_code == 1

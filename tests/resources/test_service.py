"""The resource stand and the annexes, through their verbs: real files of each type, disguised ones, limits,
who may add and see what, deleting, the purge."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from forum.core.errors import DomainError
from forum.resources import service
from tests import factories
from tests.factories import DISGUISED, sample_file


@pytest.fixture
def event(organiser):
    """A day whose registrations are open."""
    return factories.make_event(organiser, registration_opens_at=None, registration_closes_at=None)


def upload(name: str, data: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def data(**overrides) -> dict:
    values = {
        "title": "Référentiel des activités",
        "kind": "document",
        "author": "",
        "description": "",
        "visibility": "public",
        "url": "",
    }
    values.update(overrides)
    return values


def stored_files(app) -> list:
    from pathlib import Path

    root = Path(app.config["STORAGE_DIR"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    "kind, mime",
    [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
    ],
)
def test_each_accepted_type_is_stored_as_its_content_says(app, event, organiser, kind, mime):
    raw = sample_file(kind)
    resource = service.add_resource(event, data(), upload(f"../../Fiche d'expérience.{kind}", raw), actor=organiser)
    assert resource.file_type == mime
    assert resource.file_size == len(raw)
    assert resource.file_name.endswith(f".{'jpg' if kind == 'jpg' else kind}")
    assert "/" not in resource.file_name and ".." not in resource.file_name
    assert [p.read_bytes() for p in stored_files(app)] == [raw]


def test_a_file_named_wrongly_is_stored_under_its_real_type(app, event, organiser):
    resource = service.add_resource(event, data(), upload("photo.pdf", sample_file("png")), actor=organiser)
    assert resource.file_type == "image/png" and resource.file_name == "photo.png"


@pytest.mark.parametrize("name", sorted(DISGUISED))
def test_a_disguised_file_is_refused_and_nothing_is_kept(app, event, organiser, name):
    with pytest.raises(DomainError) as refused:
        service.add_resource(event, data(), upload(name, DISGUISED[name]), actor=organiser)
    assert "PDF, DOCX, ODT, XLSX, ODS, PNG, JPEG" in refused.value.field_messages()["file"][0]
    assert service.resources_of(event) == [] and stored_files(app) == []


@pytest.mark.parametrize(
    "name, raw",
    [
        ("page.html", b"<html><body>hi</body></html>"),
        ("dessin.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("notes.md", "# Notes\n".encode()),
    ],
)
def test_markup_and_text_are_not_resources(app, event, organiser, name, raw):
    with pytest.raises(DomainError):
        service.add_resource(event, data(), upload(name, raw), actor=organiser)


def test_a_file_over_20_mb_is_refused_naming_the_limit(app, event, organiser):
    big = sample_file("pdf") + b"0" * (20 * 1024 * 1024)
    with pytest.raises(DomainError) as refused:
        service.add_resource(event, data(), upload("gros.pdf", big), actor=organiser)
    assert "20" in refused.value.field_messages()["file"][0]
    assert stored_files(app) == []


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a", "file:///etc/passwd", "http://"])
def test_a_link_that_is_not_http_is_refused(app, event, organiser, url):
    with pytest.raises(DomainError) as refused:
        service.add_resource(event, data(url=url), actor=organiser)
    assert "url" in refused.value.fields


def test_a_title_of_spaces_is_refused(app, event, organiser):
    with pytest.raises(DomainError) as refused:
        service.add_resource(event, data(title="   ", url="https://www.francemediation.fr"), actor=organiser)
    assert "title" in refused.value.fields


def test_a_link_and_a_file_together_are_refused(app, event, organiser):
    with pytest.raises(DomainError) as refused:
        service.add_resource(
            event, data(url="https://example.org"), upload("a.pdf", sample_file("pdf")), actor=organiser
        )
    assert "url" in refused.value.fields and stored_files(app) == []


def test_deleting_a_resource_removes_its_file(app, event, organiser):
    resource = service.add_resource(event, data(), upload("a.pdf", sample_file("pdf")), actor=organiser)
    service.delete_resource(event, resource.id, actor=organiser)
    assert service.resources_of(event) == [] and stored_files(app) == []


def test_the_rapporteur_adds_to_their_workshop_only(app, event, organiser):
    from forum.board import service as board
    from forum.board import setup

    workshop = factories.make_workshop(event)
    room = setup.add_space(event, "Salle B", 20, actor=organiser)
    other = factories.add_workshop(event, {"title": "Autre", "slot_id": workshop.slot_id, "space_id": room.id})
    person = factories.make_registration(event)
    board.name_rapporteur(board.identify(event, organiser=organiser), workshop.id, person.id)
    added = service.add_resource(
        event, data(workshop_id=workshop.id, url="https://example.org/fiche"), rapporteur=person
    )
    assert added.workshop_id == workshop.id and added.added_by_registration_id == person.id
    with pytest.raises(DomainError, match="forbidden"):
        service.add_resource(event, data(workshop_id=other.id, url="https://example.org"), rapporteur=person)
    with pytest.raises(DomainError, match="forbidden"):
        service.add_resource(event, data(url="https://example.org"), rapporteur=person)  # the whole event


def test_a_participant_who_is_not_rapporteur_adds_nothing(app, event):
    workshop = factories.make_workshop(event)
    person = factories.make_registration(event)
    with pytest.raises(DomainError, match="forbidden"):
        service.add_resource(event, data(workshop_id=workshop.id, url="https://example.org"), rapporteur=person)


def test_a_door_volunteer_adds_nothing(app, event, organiser):
    volunteer = factories.join_team(event, "checkin", "accueil@example.org")
    with pytest.raises(DomainError, match="forbidden"):
        service.add_resource(event, data(url="https://example.org"), actor=volunteer)


def test_registrants_see_what_is_kept_for_them_and_the_public_does_not(app, event, organiser):
    service.add_resource(event, data(title="Public", url="https://example.org/a"), actor=organiser)
    service.add_resource(
        event, data(title="Inscrits", visibility="registrants", url="https://example.org/b"), actor=organiser
    )
    person = factories.make_registration(event)
    assert [r.title for r in service.visible_resources(event)] == ["Public"]
    assert {r.title for r in service.visible_resources(event, registration=person)} == {"Public", "Inscrits"}
    assert service.listing(event)["hidden"] == 1


def test_the_listing_puts_the_persons_workshop_first(app, event, organiser):
    from forum.board import service as board

    workshop = factories.make_workshop(event)
    person = factories.make_registration(event)
    board.set_phase(board.identify(event, organiser=organiser), "workshops")
    board.join_workshop(board.identify(event, registration=person), workshop.id)
    service.add_resource(
        event, data(title="A Bibliographie", kind="bibliography", url="https://example.org/a"), actor=organiser
    )
    service.add_resource(
        event,
        data(title="Z Fiche de l'atelier", kind="experience", workshop_id=workshop.id, url="https://example.org/z"),
        actor=organiser,
    )
    listing = service.listing(event, registration=person)
    assert [r.title for r in listing["mine"]] == ["Z Fiche de l'atelier"]
    assert [(kind, [r.title for r in rows]) for kind, _, rows in listing["kinds"]] == [
        ("bibliography", ["A Bibliographie"])
    ]


def test_annexes_are_numbered_and_close_the_gap_when_one_goes(app, event, organiser):
    first = service.add_annex(
        event, {"title": "Référentiel", "url": ""}, upload("r.md", sample_file("md")), actor=organiser
    )
    second = service.add_annex(
        event, {"title": "Modèle de service", "url": "https://example.org/modele"}, actor=organiser
    )
    third = service.add_annex(
        event, {"title": "Formations", "url": ""}, upload("f.txt", sample_file("txt")), actor=organiser
    )
    assert [a.number for a in (first, second, third)] == [1, 2, 3]
    service.delete_annex(event, second.id, actor=organiser)
    assert [(a.number, a.title) for a in service.annexes_of(event)] == [(1, "Référentiel"), (2, "Formations")]
    assert service.annex_text(service.annexes_of(event)[0]).startswith("# Les neuf activités")


def test_an_html_annex_is_refused(app, event, organiser):
    with pytest.raises(DomainError):
        service.add_annex(
            event, {"title": "Page", "url": ""}, upload("page.md", b"<html><script></script></html>"), actor=organiser
        )


def test_the_purge_keeps_public_resources_and_annexes_whole(app, event, organiser):
    from forum.attendance.privacy import purge_event
    from forum.board import service as board

    workshop = factories.make_workshop(event)
    person = factories.make_registration(event)
    board.name_rapporteur(board.identify(event, organiser=organiser), workshop.id, person.id)
    public = service.add_resource(
        event,
        data(title="Public", author="Pascale Stoven", workshop_id=workshop.id),
        upload("a.pdf", sample_file("pdf")),
        rapporteur=person,
    )
    service.add_resource(
        event, data(title="Inscrits", visibility="registrants"), upload("b.pdf", sample_file("docx")), actor=organiser
    )
    annex = service.add_annex(
        event, {"title": "Référentiel", "url": ""}, upload("r.md", sample_file("md")), actor=organiser
    )
    purge_event(event, actor=organiser)
    kept = service.resources_of(event)
    assert [(r.title, r.author, r.file_name) for r in kept] == [("Public", "Pascale Stoven", "a.pdf")]
    assert kept[0].added_by_registration_id is None
    assert [a.title for a in service.annexes_of(event)] == ["Référentiel"]
    assert sorted(p.name for p in stored_files(app)) == sorted(
        [public.file_key.split("/")[-1], annex.file_key.split("/")[-1]]
    )

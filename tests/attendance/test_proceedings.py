"""The proceedings as Markdown, DOCX (read back with python-docx) and a print page."""

import io
from datetime import datetime

import pytest
from docx import Document

from forum.attendance import proceedings
from forum.board import service as board
from forum.board import setup, synthesis
from forum.registration import service as registration
from tests.factories import make_event, make_item, make_workshop, person


@pytest.fixture
def day(organiser):
    event = make_event(
        organiser,
        slug="forum-2015",
        capacity=10,
        registration_opens_at=None,
        registration_closes_at=None,
        starts_at=datetime(2030, 6, 13, 9, 0),
        ends_at=datetime(2030, 6, 13, 17, 0),
        programme=False,
    )
    make_item(
        event,
        organiser,
        starts_at=datetime(2030, 6, 13, 9, 30),
        ends_at=datetime(2030, 6, 13, 10, 45),
        kind="round_table",
        title="Table ronde 1. Des apports de la médiation sociale à la cohésion des territoires",
        moderator="Pascale Stoven, DRJSCS",
        speakers=["Laurent Giraud, France Médiation", "Candice Vincent"],
    )
    q1 = setup.add_question(event, "La médiation sociale : un outil pour répondre à quels besoins ?", actor=organiser)
    setup.add_question(event, "Quels moyens mettre en place pour encadrer, former, évaluer ?", actor=organiser)
    w = make_workshop(event, organiser, "Accès aux droits", question=q1)
    org = board.identify(event, organiser=organiser)
    board.set_phase(org, "workshops")
    registration.register(event, person(1))
    synthesis.create_point(
        org, {"workshop_id": w.id, "text": "Un accueil numérique de proximité", "contribution_ids": []}
    )
    synthesis.update_synthesis(org, w.id, "L'atelier a montré le besoin d'accompagnement.")
    synthesis.publish_synthesis(org, w.id)
    return event


def test_markdown_follows_the_shape_of_the_2015_synthesis(day):
    text = proceedings.markdown(day)
    order = [
        "# Rencontre régionale",
        "## Contexte et chiffres",
        "## Tables rondes et interventions",
        "Animée par Pascale Stoven",
        "Intervenants\u00a0: Laurent Giraud",
        "## Synthèse du forum ouvert",
        "### Question 1\u00a0: La médiation sociale",
        "#### Accès aux droits",
        "- Un accueil numérique de proximité",
        "### Question 2\u00a0: Quels moyens",
        "_Aucune synthèse publiée._",
        "## Annexes",
        "| médiateur·rice | 1 |",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_docx_reads_back(day):
    doc = Document(io.BytesIO(proceedings.docx(day)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == "Rencontre régionale des médiateurs sociaux"
    assert "Synthèse du forum ouvert" in headings and "Accès aux droits" in headings
    assert any("Pascale Stoven" in p.text for p in doc.paragraphs)
    assert doc.tables[0].rows[1].cells[0].text == "médiateur·rice"


def test_organiser_downloads_and_prints(signed_in, day):
    assert signed_in.get("/manage/forum-2015/proceedings.docx").status_code == 200
    assert "## Annexes" in signed_in.get("/manage/forum-2015/proceedings.md").get_data(as_text=True)
    assert "Accès aux droits" in signed_in.get("/manage/forum-2015/proceedings.html").get_data(as_text=True)
    assert signed_in.get("/manage/forum-2015/proceedings.pdf").status_code == 404


def _round_table_of_the_day(day, organiser):
    """The round table's record, questions from the room and a poll, through the board's verbs."""
    import uuid

    from forum.board import plenary
    from forum.events.models import ProgrammeItem

    item = ProgrammeItem.query.filter_by(event_id=day.id, kind="round_table").one()
    org = board.identify(day, organiser=organiser)
    people = [registration.register(day, person(n)).registration for n in range(2, 8)]
    plenary.open_questions(org, item.id, True)
    asker = board.identify(day, registration=people[0])
    answered, _ = plenary.ask(
        asker, {"item_id": item.id, "text": "Quel financement pérenne ?", "client_id": str(uuid.uuid4())}
    )
    plenary.ask(asker, {"item_id": item.id, "text": "Une question restée sans réponse", "client_id": str(uuid.uuid4())})
    plenary.support(board.identify(day, registration=people[1]), answered["id"], True)
    plenary.mark_answered(org, answered["id"])
    record = plenary.name_item_rapporteur(org, item.id, people[2].id)
    synthesis.update_synthesis(org, record["id"], "Les employeurs demandent un cadre d'emploi stable.")
    synthesis.publish_synthesis(org, record["id"])
    poll = plenary.create_poll(
        org, {"item_id": item.id, "question": "Satisfaction ?", "kind": "scale", "client_id": str(uuid.uuid4())}
    )
    plenary.set_poll_status(org, poll["id"], "open")
    for n, p in enumerate(people[:5]):
        plenary.answer_poll(board.identify(day, registration=p), poll["id"], [4 if n < 3 else 2])
    plenary.set_poll_status(org, poll["id"], "closed")
    small = plenary.create_poll(
        org,
        {
            "item_id": item.id,
            "question": "Trop peu ?",
            "kind": "single",
            "choices": ["Oui", "Non"],
            "client_id": str(uuid.uuid4()),
        },
    )
    plenary.set_poll_status(org, small["id"], "open")
    plenary.answer_poll(asker, small["id"], [0])
    plenary.set_poll_status(org, small["id"], "closed")


def test_markdown_reports_a_round_tables_synthesis_answered_questions_and_polls(day, organiser):
    _round_table_of_the_day(day, organiser)
    text = proceedings.markdown(day)
    order = [
        "## Tables rondes et interventions",
        "### Table ronde 1.",
        "Animée par Pascale Stoven",
        "#### Synthèse",
        "Les employeurs demandent un cadre d'emploi stable.",
        "#### Questions de la salle",
        "- Quel financement pérenne ? (1 soutien)",
        "#### Sondage\u00a0: Satisfaction ?",
        "- 1\u00a0: 0 (0\u00a0%)",
        "- 3\u00a0: 2 (40\u00a0%)",
        "- 5\u00a0: 3 (60\u00a0%)",
        "#### Sondage\u00a0: Trop peu ?",
        "- 1 réponse (répartition non publiée sous 5 réponses)",
        "## Synthèse du forum ouvert",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert "Une question restée sans réponse" not in text
    assert text.count("Table ronde 1.") == 1  # the round table's record is not an open-forum workshop


def test_the_public_proceedings_page_reports_the_round_table(client, day, organiser):
    _round_table_of_the_day(day, organiser)
    board.board_of(day).proceedings_published = True
    from forum.extensions import db

    db.session.commit()
    page = client.get("/e/forum-2015/proceedings").get_data(as_text=True)
    assert "Plénières et tables rondes" in page and "Quel financement pérenne ?" in page
    assert "Les employeurs demandent un cadre d&#39;emploi stable." in page
    assert "5\u00a0: 3" in page

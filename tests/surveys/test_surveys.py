"""Questionnaires: written by the organisers, sent with a personal link, answered on a phone without an
account (once per person, changeable until closed), anonymous on request, counted, exported, purged."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from forum.extensions import db
from forum.mail.models import MailMessage
from forum.registration import service as registration
from forum.surveys import service
from forum.surveys.models import SurveyResponse
from tests.conftest import login
from tests.factories import deliver_mail, join_team, make_event, person


@pytest.fixture
def day(organiser):
    event = make_event(organiser, slug="jour", registration_opens_at=None, registration_closes_at=None)
    people = [registration.register(event, person(n)).registration for n in range(1, 4)]
    return event, people


def survey_with_questions(event, organiser, *, anonymous=False):
    survey = service.create_survey(
        event, {"title": "État des lieux de la médiation sociale", "anonymous": anonymous}, actor=organiser
    )
    service.add_question(
        event,
        survey,
        {
            "label": "Combien de médiateurs dans votre structure ?",
            "kind": "choice",
            "options": "1 à 5\n6 à 20\nPlus de 20",
            "required": True,
        },
        actor=organiser,
    )
    service.add_question(
        event,
        survey,
        {"label": "Financements", "kind": "choices", "options": "État\nRégion\nVille\nBailleurs"},
        actor=organiser,
    )
    service.add_question(event, survey, {"label": "Un projet de développement ?", "kind": "yes_no"}, actor=organiser)
    service.add_question(event, survey, {"label": "Commentaire", "kind": "long_text"}, actor=organiser)
    return survey


def links(event) -> dict[str, str]:
    """The personal link each person received, read from the e-mail as they would."""
    deliver_mail()
    found = {}
    for message in db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "survey_invitation")):
        found[message.to] = re.search(r"/s/([\w-]+)", message.text).group(1)
    return found


def fields(survey) -> list[int]:
    return [q.id for q in survey.questions]


def test_the_questionnaire_reaches_each_person_once_with_a_personal_link(day, organiser):
    event, people = day
    survey = survey_with_questions(event, organiser)
    assert service.send_survey(event, survey, actor=organiser) == 3
    assert service.send_survey(event, survey, actor=organiser) == 0  # again: nobody twice
    registration.register(event, person(9))
    assert service.send_survey(event, survey, actor=organiser) == 1  # someone registered since
    found = links(event)
    assert sorted(found) == sorted([p.email for p in people] + ["personne9@example.org"])
    assert len(set(found.values())) == 4


def test_a_person_answers_on_a_phone_without_an_account_and_changes_it(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    token = links(event)[people[0].email]
    q = fields(survey)
    page = client.get(f"/s/{token}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Combien de médiateurs" in page and "liées à votre inscription" in page
    answer = client.post(
        f"/s/{token}",
        data={
            f"q_{q[0]}": "6 à 20",
            f"q_{q[1]}": ["État", "Ville"],
            f"q_{q[2]}": "yes",
            f"q_{q[3]}": "Nous recrutons.",
        },
    )
    assert answer.status_code == 302
    again = client.post(f"/s/{token}", data={f"q_{q[0]}": "Plus de 20", f"q_{q[2]}": "no"})
    assert again.status_code == 302
    rows = db.session.scalars(db.select(SurveyResponse)).all()
    assert len(rows) == 1 and rows[0].answers[str(q[0])] == "Plus de 20" and rows[0].answers[str(q[2])] is False
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert re.search(r'<input[^>]*checked[^>]*value="Plus de 20"|<input[^>]*value="Plus de 20"[^>]*checked', page)


def test_a_missing_required_answer_is_a_clear_422_that_keeps_the_rest(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    token = links(event)[people[0].email]
    q = fields(survey)
    answer = client.post(f"/s/{token}", data={f"q_{q[3]}": "Un commentaire gardé"}, headers={"Accept-Language": "fr"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "Ce champ est obligatoire" in page and "Un commentaire gardé" in page


def test_an_anonymous_questionnaire_cannot_say_who_answered_what(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser, anonymous=True)
    service.send_survey(event, survey, actor=organiser)
    found = links(event)
    q = fields(survey)
    page = client.get(f"/s/{found[people[0].email]}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "anonymes" in page
    client.post(f"/s/{found[people[0].email]}", data={f"q_{q[0]}": "1 à 5"})
    client.post(f"/s/{found[people[0].email]}", data={f"q_{q[0]}": "6 à 20"})  # changed: still one answer
    client.post(f"/s/{found[people[1].email]}", data={f"q_{q[0]}": "1 à 5"})
    rows = db.session.scalars(db.select(SurveyResponse)).all()
    assert len(rows) == 2 and {r.invitation_id for r in rows} == {None}
    assert sorted(r.answers[str(q[0])] for r in rows) == ["1 à 5", "6 à 20"]


def test_an_anonymous_questionnaire_shows_its_results_from_five_answers(organiser, client):
    event = make_event(organiser, slug="jour", registration_opens_at=None, registration_closes_at=None)
    people = [registration.register(event, person(n)).registration for n in range(1, 7)]
    survey = survey_with_questions(event, organiser, anonymous=True)
    service.send_survey(event, survey, actor=organiser)
    found, q = links(event), fields(survey)
    for p in people[:4]:
        service.answer(found[p.email], {str(q[0]): "1 à 5"})
    assert service.results(survey) == [] and service.progress(survey) == {"sent": 6, "answered": 4}
    login(client)
    page = client.get(f"/manage/jour/surveys/{survey.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "à partir de 5 réponses" in page and "<svg" not in page and "answers.csv" not in page
    refused = client.get(f"/manage/jour/surveys/{survey.id}/answers.csv", headers={"Accept-Language": "fr"})
    assert refused.status_code == 409 and "à partir de 5 réponses" in refused.get_data(as_text=True)
    service.answer(found[people[4].email], {str(q[0]): "6 à 20"})
    assert dict(service.results(survey)[0]["counts"]) == {"1 à 5": 4, "6 à 20": 1, "Plus de 20": 0}
    header, exported = service.export_rows(event, survey, actor=organiser, kind="csv")
    assert (
        "Nom" not in header and all("Nom" not in str(cell) for row in exported for cell in row) and len(exported) == 5
    )


def test_twenty_anonymous_answers_cannot_be_paired_with_their_people(organiser, client):
    from forum.surveys.models import SurveyInvitation

    event = make_event(organiser, slug="jour", capacity=50, registration_opens_at=None, registration_closes_at=None)
    people = [registration.register(event, person(n)).registration for n in range(1, 21)]
    survey = survey_with_questions(event, organiser, anonymous=True)
    service.send_survey(event, survey, actor=organiser)
    found, q = links(event), fields(survey)
    for n, p in enumerate(people):  # in the order of sending
        assert (
            client.post(f"/s/{found[p.email]}", data={f"q_{q[0]}": "1 à 5", f"q_{q[3]}": f"Réponse {n}"}).status_code
            == 302
        )
    # nothing per invitation dates or orders an answer
    assert {i.answered_at for i in db.session.scalars(db.select(SurveyInvitation))} == {None}
    rows = db.session.scalars(db.select(SurveyResponse)).all()
    assert {r.invitation_id for r in rows} == {None} and len(rows) == 20
    assert all(
        (r.created_at.hour, r.created_at.minute, r.created_at.second, r.created_at.microsecond) == (0, 0, 0, 0)
        and r.updated_at == r.created_at
        for r in rows
    )
    in_answer_order = [r.id for r in sorted(rows, key=lambda r: int(r.answers[str(q[3])].split()[1]))]
    assert in_answer_order != sorted(in_answer_order) and in_answer_order != sorted(in_answer_order, reverse=True)
    # the organisers' outbox shows no questionnaire link, in its list, its messages or their HTML
    login(client)
    messages = db.session.scalars(db.select(MailMessage).where(MailMessage.kind == "survey_invitation")).all()
    pages = [client.get("/manage/jour/mail").get_data(as_text=True)]
    for message in messages:
        pages.append(client.get(f"/manage/jour/mail/{message.id}").get_data(as_text=True))
        pages.append(client.get(f"/manage/jour/mail/{message.id}/html").get_data(as_text=True))
    assert not any(token in page for token in found.values() for page in pages)
    assert any("/s/••••••••" in page for page in pages)
    # the export's rows follow neither sending nor answering order
    service.answer(found[people[0].email], {str(q[0]): "1 à 5", str(q[3]): "Réponse 0"})
    _, exported = service.export_rows(event, survey, actor=organiser, kind="csv")
    order = [int(row[3].split()[1]) for row in exported]
    assert sorted(order) == list(range(20)) and order != list(range(20))


def test_results_and_exports_read_back(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    found = links(event)
    q = fields(survey)
    for p, size, funders in ((people[0], "1 à 5", ["État"]), (people[1], "1 à 5", ["État", "Région"])):
        service.answer(found[p.email], {str(q[0]): size, str(q[1]): funders, str(q[2]): True})
    results = {r["question"].id: r for r in service.results(survey)}
    assert results[q[0]]["counts"] == [("1 à 5", 2), ("6 à 20", 0), ("Plus de 20", 0)]
    assert dict(results[q[1]]["counts"])["État"] == 2 and dict(results[q[1]]["counts"])["Région"] == 1
    login(client)
    page = client.get(f"/manage/jour/surveys/{survey.id}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "2 réponses" in page and "<svg" in page
    body = client.get(f"/manage/jour/surveys/{survey.id}/answers.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:4] == ["Nom", "Prénom", "Structure", "Combien de médiateurs dans votre structure ?"]
    assert rows[1][:4] == ["Nom1", "Prénom1", "Association Citéo", "1 à 5"] and rows[2][4] == "État; Région"
    book = load_workbook(io.BytesIO(client.get(f"/manage/jour/surveys/{survey.id}/answers.xlsx").data))
    assert [c.value for c in book.active[2]][:4] == ["Nom1", "Prénom1", "Association Citéo", "1 à 5"]
    from forum.core import audit

    assert {"survey.csv", "survey.xlsx"} <= {line.kind for line in audit.entries(event)}


def test_closed_means_no_more_answers(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    token = links(event)[people[0].email]
    service.close_survey(event, survey, actor=organiser)
    answer = client.post(f"/s/{token}", data={f"q_{fields(survey)[0]}": "1 à 5"}, headers={"Accept-Language": "fr"})
    assert answer.status_code in (409, 422) and "fermé" in answer.get_data(as_text=True)
    assert db.session.query(SurveyResponse).count() == 0


def test_questions_do_not_change_once_sent(day, organiser):
    from forum.core.errors import DomainError

    event, _ = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    with pytest.raises(DomainError) as refused:
        service.add_question(event, survey, {"label": "Encore ?", "kind": "short_text"}, actor=organiser)
    assert refused.value.code == "survey_not_draft"


def test_a_wrong_link_is_a_clear_404(client):
    answer = client.get("/s/pas-un-lien", headers={"Accept-Language": "fr"})
    assert answer.status_code == 404 and "lien" in answer.get_data(as_text=True)


def test_the_purge_forgets_the_answers(day, organiser):
    from forum.attendance.privacy import purge_event

    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    service.answer(links(event)[people[0].email], {str(fields(survey)[0]): "1 à 5"})
    purge_event(event, actor=organiser)
    assert db.session.query(SurveyResponse).count() == 0 and service.progress(survey) == {"sent": 0, "answered": 0}


def test_only_organisers_write_questionnaires(day, client):
    event, _ = day
    join_team(event, "checkin", "accueil@example.org", "Camille")
    login(client, email="accueil@example.org")
    assert client.get("/manage/jour/surveys").status_code == 403


def test_the_closing_time_is_the_events_local_time_and_stops_answers(day, organiser, client):
    from datetime import datetime, timedelta

    from forum.core.models import utcnow

    event, people = day  # Europe/Paris
    survey = survey_with_questions(event, organiser)
    service.update_survey(
        event, survey, {"title": survey.title, "closes_at": datetime(2030, 7, 1, 18, 0)}, actor=organiser
    )
    assert survey.closes_at == datetime(2030, 7, 1, 16, 0)  # 18:00 in Paris in summer is 16:00 UTC
    service.send_survey(event, survey, actor=organiser)
    token = links(event)[people[0].email]
    page = client.get(f"/s/{token}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "1er\u00a0juillet\u00a02030 à 18\u00a0h\u00a000" in page
    survey.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    answer = client.post(f"/s/{token}", data={f"q_{fields(survey)[0]}": "1 à 5"}, headers={"Accept-Language": "fr"})
    assert answer.status_code == 422 and "fermé" in answer.get_data(as_text=True)


def test_a_questionnaire_page_is_kept_by_no_cache(day, organiser, client):
    event, people = day
    survey = survey_with_questions(event, organiser)
    service.send_survey(event, survey, actor=organiser)
    answer = client.get(f"/s/{links(event)[people[0].email]}")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"

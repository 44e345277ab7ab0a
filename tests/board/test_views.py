from forum.board import setup as service
from tests.factories import make_workshop


def test_setup_page_adds_each_kind(signed_in, event):
    slug = event.slug
    assert (
        signed_in.post(f"/manage/{slug}/forum/question", data={"question-new-text": "Quels besoins ?"}).status_code
        == 302
    )
    assert (
        signed_in.post(
            f"/manage/{slug}/forum/space", data={"space-new-name": "Salle A", "space-new-capacity": "20"}
        ).status_code
        == 302
    )
    assert (
        signed_in.post(
            f"/manage/{slug}/forum/slot",
            data={
                "slot-new-label": "Session 1",
                "slot-new-starts_at": "2030-06-13T14:15",
                "slot-new-ends_at": "2030-06-13T15:15",
            },
        ).status_code
        == 302
    )
    q, space, slot = service.questions_of(event)[0], service.spaces_of(event)[0], service.slots_of(event)[0]
    response = signed_in.post(
        f"/manage/{slug}/forum/workshop",
        data={
            "workshop-new-title": "Accès aux droits",
            "workshop-new-slot_id": slot.id,
            "workshop-new-space_id": space.id,
            "workshop-new-question_id": q.id,
            "workshop-new-capacity": "",
        },
    )
    assert response.status_code == 302
    workshop = service.workshops_of(event)[0]
    assert (workshop.title, workshop.question_id, workshop.capacity) == ("Accès aux droits", q.id, 20)
    page = signed_in.get(f"/manage/{slug}/forum").get_data(as_text=True)
    assert "Accès aux droits" in page and "Quels besoins ?" in page


def test_setup_error_is_shown_on_the_right_form_with_what_was_typed(signed_in, event, organiser):
    service.add_space(event, "Salle A", 20, actor=organiser)
    response = signed_in.post(
        f"/manage/{event.slug}/forum/space",
        data={"space-new-name": "Salle A", "space-new-capacity": "12"},
        headers={"Accept-Language": "fr"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce nom est déjà utilisé dans cet évènement." in page
    assert 'id="space-new-capacity"' in page and 'value="12"' in page


def test_edit_and_delete_a_room(signed_in, event, organiser):
    space = service.add_space(event, "Salle A", 20, actor=organiser)
    signed_in.post(
        f"/manage/{event.slug}/forum/space/{space.id}",
        data={f"space-{space.id}-name": "Salle Erro", f"space-{space.id}-capacity": "30"},
    )
    assert (space.name, space.capacity) == ("Salle Erro", 30)
    signed_in.post(f"/manage/{event.slug}/forum/space/{space.id}/delete")
    assert service.spaces_of(event) == []


def test_unknown_kind_is_a_404(signed_in, event):
    assert signed_in.post(f"/manage/{event.slug}/forum/balloon").status_code == 404


def test_deleting_a_used_slot_says_why(signed_in, event, organiser):
    w = make_workshop(event, organiser, "X")
    response = signed_in.post(f"/manage/{event.slug}/forum/slot/{w.slot_id}/delete", headers={"Accept-Language": "en"})
    assert response.status_code == 409 and "move or delete the workshop first" in response.get_data(as_text=True)


def test_proceedings_page_appears_once_published(signed_in, client, event, organiser):
    from forum.board import service as live
    from forum.board import synthesis

    q = service.add_question(event, "Quels besoins ?", actor=organiser)
    w = make_workshop(event, organiser, "Accès aux droits", question=q)
    org = live.identify(event, organiser=organiser)
    live.set_phase(org, "restitution")
    synthesis.update_synthesis(org, w.id, "<b>Synthèse</b> de l'atelier")
    synthesis.publish_synthesis(org, w.id)
    visitor = client.application.test_client()
    assert visitor.get(f"/e/{event.slug}/proceedings").status_code == 404
    assert signed_in.post(f"/manage/{event.slug}/proceedings/publish").status_code == 302
    page = visitor.get(f"/e/{event.slug}/proceedings").get_data(as_text=True)
    assert "Question 1\u00a0: Quels besoins ?" in page and "Accès aux droits" in page
    assert "&lt;b&gt;Synthèse&lt;/b&gt;" in page


def test_screen_key_is_shown_to_organisers_only(signed_in, event):
    page = signed_in.get(f"/manage/{event.slug}/board").get_data(as_text=True)
    assert f"/e/{event.slug}/screen?key=" in page
    assert f"/manage/{event.slug}/proceedings.docx" in page  # beside "Publish the proceedings"


def test_screen_speaks_the_language_of_the_day_not_the_browser(client, event, db):
    from forum.board import service as live

    key = live.board_of(event).screen_key
    event.language = "en"
    db.session.commit()
    page = client.get(f"/e/{event.slug}/screen?key={key}", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<html lang="en">' in page and "Projector screen" in page and "Join from your phone" in page
    page = client.get(f"/e/{event.slug}/screen?key={key}&lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in page and "Rejoignez depuis votre téléphone" in page

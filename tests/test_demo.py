from datetime import date

from forum.board import setup as board
from forum.demo import DEMO_EMAIL, load_demo
from forum.events import service


def test_demo_loads_the_seed_events_once(db):
    _, events = load_demo(date(2026, 11, 22))
    _, again = load_demo(date(2026, 11, 22))
    assert [e.id for e in events] == [e.id for e in again]
    titles = {e.title for e in events}
    assert "Forum sur la médiation sociale" in titles and "Journée régionale de la médiation sociale" in titles
    lille = events[0]
    assert (lille.venue_room, lille.starts_at.strftime("%H:%M"), lille.starts_at.weekday()) == (
        "Salle Erro (1er étage)",
        "13:30",
        3,
    )
    martinique = events[1]
    assert martinique.timezone == "America/Martinique" and len(martinique.programme) == 8
    forum = events[2]
    assert len(board.questions_of(forum)) == 3
    assert len(board.workshops_of(events[3])) == 5
    upcoming = service.listed_events()
    assert len(upcoming) == 4 and len(service.listed_events(past=True)) == 1


def test_demo_command(runner, db):
    result = runner.invoke(args=["forum", "demo"])
    assert result.exit_code == 0 and DEMO_EMAIL in result.output

"""Demo data: the real days of the seed documents, moved to the coming months.

Loaded by ``make run`` and ``flask --app wsgi forum demo``; safe to run again
(an event whose slug exists is left as it is).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import click

from forum.accounts import service as accounts
from forum.core.cli import command
from forum.events import setup_file
from forum.events.models import Event
from forum.extensions import db

DEMO_EMAIL = "organisatrice@example.org"
DEMO_PASSWORD = "mediation2026"
DEMO_NAME = "Mission régionale d'appui (démo)"
#: the rest of the demo team, same password: a volunteer at the door and a funder who reads the statistics
DEMO_TEAM = [
    ("accueil@example.org", "Camille, bénévole à l'accueil (démo)", "checkin"),
    ("financeur@example.org", "Partenaire financeur (démo)", "reader"),
]


def _next(weekday: int, after: date) -> date:
    """The first given weekday (0 = Monday) on or after ``after``, avoiding the year-end holidays."""
    day = after + timedelta(days=(weekday - after.weekday()) % 7)
    while (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 2):
        day += timedelta(days=7)
    return day


def _t(day: date, hhmm: str) -> str:
    h, m = map(int, hhmm.split(":"))
    return datetime.combine(day, time(h, m)).strftime("%Y-%m-%dT%H:%M")


def _item(day, start, end, kind, title, moderator=None, speakers=()):
    return {
        "starts_at": _t(day, start),
        "ends_at": _t(day, end),
        "kind": kind,
        "title": title,
        "moderator": moderator,
        "speakers": list(speakers),
    }


def demo_events(today: date) -> list[dict]:
    lille = _next(3, today + timedelta(days=21))  # a Thursday, as on 13 June 2013
    martinique = _next(4, today + timedelta(days=35))  # a Friday, as on 23 November 2012
    forum_day = _next(2, today + timedelta(days=60))  # a Wednesday, as on 27 May 2015
    lievin = _next(2, today + timedelta(days=90))  # a Wednesday, as on 4 December 2019
    past = _next(3, today - timedelta(days=60))
    mra = {"email": "mra@example.org", "phone": "+33 3 20 00 00 00"}
    return [
        {
            "format": "forum-event/1",
            "slug": f"rencontre-mediateurs-lille-{lille:%Y}",
            "title": "Rencontre régionale des médiateurs sociaux",
            "audience": "Médiateurs sociaux des espaces publics et ouverts au public",
            "description": (
                "Première rencontre territoriale des acteurs de la médiation sociale, à l'initiative de la "
                "Mission régionale d'appui confiée à France Médiation.\n\nThème : la médiation sociale dans "
                "les espaces publics ou ouverts au public. Objectifs : favoriser l'interconnaissance des "
                "dispositifs et collecter vos besoins et propositions. Une seconde rencontre réunira ensuite "
                "les encadrants des dispositifs."
            ),
            "timezone": "Europe/Paris",
            "starts_at": _t(lille, "13:30"),
            "ends_at": _t(lille, "17:00"),
            "venue": {
                "name": "Mairie de Lille",
                "room": "Salle Erro (1er étage)",
                "address": "Place Augustin Laurent, 59000 Lille",
            },
            "capacity": 60,
            "waitlist": True,
            "registration_opens_at": _t(today - timedelta(days=1), "09:00"),
            "registration_closes_at": _t(lille - timedelta(days=3), "23:59"),
            "contact": mra,
            "status": "published",
            "programme": [
                _item(lille, "13:30", "14:00", "welcome", "Accueil des participants"),
                _item(
                    lille,
                    "14:00",
                    "14:30",
                    "plenary",
                    "La médiation sociale dans les espaces publics : présentation de la dynamique régionale",
                    "Laurent Giraud, directeur de France Médiation",
                ),
                _item(
                    lille,
                    "14:30",
                    "16:30",
                    "workshops",
                    "Échanges entre médiateurs : besoins et propositions",
                    "Animateurs territoriaux de la mission régionale",
                ),
                _item(lille, "16:30", "17:00", "closing", "Synthèse et suites de la rencontre"),
            ],
        },
        {
            "format": "forum-event/1",
            "slug": f"forum-mediation-martinique-{martinique:%Y}",
            "title": "Forum sur la médiation sociale",
            "audience": "Adultes relais, structures employeuses, partenaires institutionnels et sociaux",
            "description": (
                "L'Acsé et le Centre de ressources Politique de la ville « Ville Caraïbe » vous convient au "
                "Forum sur la médiation sociale : faire découvrir et valoriser le travail des médiateurs "
                "sociaux et favoriser les échanges entre acteurs de la médiation sociale."
            ),
            "timezone": "America/Martinique",
            "starts_at": _t(martinique, "08:00"),
            "ends_at": _t(martinique, "12:00"),
            "venue": {"name": "Palais des Congrès", "room": "Salon Tainos", "address": "Fort-de-France, Martinique"},
            "capacity": 120,
            "waitlist": True,
            "registration_opens_at": _t(today - timedelta(days=2), "08:00"),
            "registration_closes_at": _t(martinique - timedelta(days=4), "23:59"),
            "contact": {"email": "contact@villecaraibe.example.org", "phone": "0596 68 64 52"},
            "status": "published",
            "programme": [
                _item(
                    martinique,
                    "08:00",
                    "08:15",
                    "welcome",
                    "Introduction du Préfet sur la médiation sociale et les adultes relais",
                    None,
                    ["Le Préfet"],
                ),
                _item(
                    martinique,
                    "08:15",
                    "08:30",
                    "talk",
                    "État des lieux de la médiation sociale et des adultes relais en Martinique",
                    None,
                    ["Directeur du CRPV"],
                ),
                _item(
                    martinique,
                    "08:30",
                    "09:00",
                    "talk",
                    "Intervention de France Médiation sur la médiation sociale",
                    None,
                    ["France Médiation"],
                ),
                _item(
                    martinique,
                    "09:00",
                    "09:40",
                    "plenary",
                    "Présentation d'expériences par des adultes relais : transports, logement social, espaces "
                    "publics, milieu scolaire",
                ),
                _item(martinique, "09:40", "10:10", "plenary", "Échanges avec la salle"),
                _item(
                    martinique,
                    "10:10",
                    "10:30",
                    "break",
                    "Pause : rafraîchissements et exposition sur la médiation sociale",
                ),
                _item(
                    martinique,
                    "10:30",
                    "11:30",
                    "round_table",
                    "Table ronde : structures employeuses, partenaires institutionnels, partenaires sociaux",
                    None,
                    ["Structures employeuses", "Partenaires institutionnels", "Partenaires sociaux"],
                ),
                _item(
                    martinique,
                    "11:30",
                    "12:00",
                    "closing",
                    "Échanges sur les perspectives, clôture et synthèse de la matinée",
                ),
            ],
            "forum": {
                "questions": [
                    "Quel regard portez-vous sur la médiation sociale ?",
                    "Quelle plus-value ?",
                    "Quelles limites ?",
                    "Quelle implication des institutions ?",
                    "Quelles difficultés ?",
                    "Quelles perspectives ?",
                ],
                "spaces": [],
                "slots": [],
                "workshops": [],
            },
        },
        {
            "format": "forum-event/1",
            "slug": f"journee-forum-ouvert-lille-{forum_day:%Y}",
            "title": "La médiation sociale au service des contrats de ville — journée régionale et forum ouvert",
            "audience": "Acteurs de la médiation sociale, de la politique de la ville, de l'éducation, de la jeunesse",
            "description": (
                "Le matin, deux tables rondes ; l'après-midi, un forum ouvert : les participants proposent "
                "eux-mêmes les sujets à partir de trois grandes questions, et la synthèse deviendra une boîte "
                "à outils pour les acteurs régionaux."
            ),
            "timezone": "Europe/Paris",
            "starts_at": _t(forum_day, "09:00"),
            "ends_at": _t(forum_day, "16:30"),
            "venue": {"name": "Lille", "room": "", "address": "Lille"},
            "capacity": 90,
            "waitlist": True,
            "registration_opens_at": _t(today - timedelta(days=1), "09:00"),
            "registration_closes_at": _t(forum_day - timedelta(days=5), "23:59"),
            "contact": mra,
            "status": "published",
            "programme": [
                _item(forum_day, "09:00", "09:30", "welcome", "Accueil"),
                _item(
                    forum_day,
                    "09:30",
                    "10:45",
                    "round_table",
                    "Table ronde 1. Des apports de la médiation sociale à la cohésion des territoires",
                    "Pascale Stoven, DRJSCS",
                    [
                        "Raphaël Le Méhauté, CGET",
                        "Bénédicte Madelin, Fédération des associations de médiation sociale et culturelle",
                        "Candice Vincent, Profession Banlieue",
                        "Laurent Giraud, France Médiation",
                    ],
                ),
                _item(
                    forum_day,
                    "10:45",
                    "12:15",
                    "round_table",
                    "Table ronde 2. Les enjeux de la médiation sociale dans la nouvelle contractualisation",
                    "Guillaume Haelters, MRA – France Médiation",
                    [
                        "Sheerazade Wable et Larbi Ouhamma, Citéo",
                        "Raghnia Chabane, Ville de Mons-en-Barœul",
                        "Christine Decodts, Ville de Saint-Pol-sur-Mer",
                        "Bertrand Dumini et Mohamed Ziani, Ville de Lille",
                    ],
                ),
                _item(forum_day, "12:15", "13:30", "break", "Déjeuner"),
                _item(forum_day, "13:30", "16:00", "open_forum", "Forum ouvert", "Animateur régional"),
                _item(forum_day, "16:00", "16:30", "closing", "Restitution et clôture"),
            ],
            "forum": {
                "questions": [
                    "La médiation sociale : un outil pour répondre à quels besoins ?",
                    "Comment dépasser la géographie prioritaire pour articuler l'ensemble des territoires et "
                    "pérenniser les actions ?",
                    "Quels moyens mettre en place pour encadrer, former, évaluer ?",
                ],
                "spaces": [
                    {"name": "Salle A", "capacity": 20},
                    {"name": "Salle B", "capacity": 20},
                    {"name": "Salle C", "capacity": 15},
                ],
                "slots": [
                    {"label": "Session 1", "starts_at": _t(forum_day, "13:45"), "ends_at": _t(forum_day, "14:45")},
                    {"label": "Session 2", "starts_at": _t(forum_day, "14:55"), "ends_at": _t(forum_day, "15:55")},
                ],
                "workshops": [],
            },
        },
        {
            "format": "forum-event/1",
            "slug": f"journee-regionale-lievin-{lievin:%Y}",
            "title": "Journée régionale de la médiation sociale",
            "audience": "Médiateurs, professionnels, élus et acteurs locaux",
            "description": (
                "Une journée pour donner la parole aux professionnels : le matin, la médiation dans son "
                "environnement et des retours de terrain ; l'après-midi, cinq ateliers thématiques, chacun "
                "avec un rapporteur. Un stand de ressources vous attend à l'accueil."
            ),
            "timezone": "Europe/Paris",
            "starts_at": _t(lievin, "09:00"),
            "ends_at": _t(lievin, "16:30"),
            "venue": {"name": "Arena Stade Couvert", "room": "", "address": "Chemin des Manufactures, 62800 Liévin"},
            "capacity": 250,
            "waitlist": True,
            "registration_opens_at": _t(today - timedelta(days=1), "09:00"),
            "registration_closes_at": _t(lievin - timedelta(days=7), "23:59"),
            "contact": mra,
            "status": "published",
            "programme": [
                _item(lievin, "09:00", "09:30", "welcome", "Accueil et stand de ressources"),
                _item(
                    lievin,
                    "09:30",
                    "10:00",
                    "plenary",
                    "Ouverture de la journée",
                    None,
                    ["Secrétaire général adjoint de la préfecture"],
                ),
                _item(
                    lievin,
                    "10:00",
                    "12:00",
                    "plenary",
                    "Initiatives de territoires et retours de terrain des médiateurs",
                ),
                _item(lievin, "12:00", "13:30", "break", "Déjeuner"),
                _item(lievin, "13:30", "15:45", "workshops", "Ateliers thématiques"),
                _item(lievin, "15:45", "16:30", "closing", "Fin de session et suites"),
            ],
            "forum": {
                "questions": ["Quels enjeux pour la médiation sociale sur le terrain ?"],
                "spaces": [{"name": f"Atelier {n}", "capacity": 50} for n in range(1, 6)],
                "slots": [
                    {
                        "label": "Ateliers de l'après-midi",
                        "starts_at": _t(lievin, "13:30"),
                        "ends_at": _t(lievin, "15:45"),
                    }
                ],
                "workshops": [
                    {
                        "title": title,
                        "slot": "Ateliers de l'après-midi",
                        "space": f"Atelier {n}",
                        "question": 1,
                        "capacity": 50,
                    }
                    for n, title in enumerate(
                        [
                            "L'accès aux droits et l'illectronisme",
                            "La formation au métier de médiateur",
                            "Le réseau de la médiation sociale",
                            "L'innovation au service de l'environnement",
                            "L'intégration de la médiation sociale à son territoire",
                        ],
                        start=1,
                    )
                ],
            },
        },
        {
            "format": "forum-event/1",
            "slug": f"rencontre-encadrants-{past:%Y-%m}",
            "title": "Rencontre régionale des encadrants de la médiation sociale",
            "audience": "Encadrants des dispositifs de médiation sociale",
            "description": "Restitution aux encadrants des éléments de synthèse de la rencontre des "
            "médiateurs, et partage d'outils.",
            "timezone": "Europe/Paris",
            "starts_at": _t(past, "09:30"),
            "ends_at": _t(past, "12:30"),
            "venue": {
                "name": "Mairie de Lille",
                "room": "Salle Erro (1er étage)",
                "address": "Place Augustin Laurent, 59000 Lille",
            },
            "capacity": 40,
            "waitlist": False,
            "registration_opens_at": None,
            "registration_closes_at": _t(past - timedelta(days=2), "23:59"),
            "contact": mra,
            "status": "published",
            "programme": [
                _item(past, "09:30", "10:00", "welcome", "Accueil"),
                _item(past, "10:00", "12:00", "workshops", "Partage d'outils entre encadrants"),
                _item(past, "12:00", "12:30", "closing", "Synthèse"),
            ],
        },
    ]


def load_demo(today: date | None = None) -> tuple[object, list[Event]]:
    """Create the demo organiser (an administrator), its team and the events that are missing; return them."""
    from forum.team import service as team

    organiser = accounts.find_organiser(DEMO_EMAIL) or accounts.create_organiser(
        DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD, is_admin=True
    )
    events = []
    for data in demo_events(today or date.today()):
        existing = db.session.scalar(db.select(Event).where(Event.slug == data["slug"]))
        event = existing or setup_file.import_event(data, actor=organiser)
        events.append(event)
        for email, name, role in DEMO_TEAM:  # through the invitation, as people join
            member = accounts.find_organiser(email)
            if event.role_of(member) is None:
                invitation = team.invite(event, email, role, actor=organiser)
                team.accept(
                    team.invitation_token(invitation), name=name, password=DEMO_PASSWORD, password_again=DEMO_PASSWORD
                )
    return organiser, events


@command("demo")
def demo_command() -> None:
    """Load the demo organiser and the seed events (idempotent)."""
    _, events = load_demo()
    click.echo(f"Demo data ready: {len(events)} events. Organiser: {DEMO_EMAIL} / {DEMO_PASSWORD}")

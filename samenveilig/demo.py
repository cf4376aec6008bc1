"""Demo data: a small team and three realistic families, entered through the services."""

from datetime import date

from sqlalchemy import select

from . import lifecycle
from .cases import services as cases
from .extensions import db
from .meetings import services as meetings
from .models import Child, NetworkMember, Role, User

DEMO_PASSWORD = "samen-veilig-demo"

TEAM = [
    ("els.vermeulen@demo.samenveilig.be", "Els Vermeulen", Role.TEAMLEAD, "02 553 10 01"),
    ("sarah.peeters@demo.samenveilig.be", "Sarah Peeters", Role.CONSULTANT, "02 553 10 02"),
    ("tom.janssens@demo.samenveilig.be", "Tom Janssens", Role.CONSULTANT, "02 553 10 03"),
    ("beheer@demo.samenveilig.be", "Beheer Samenveilig", Role.ADMIN, None),
]

FAMILIES = [
    {
        "family_name": "Maes",
        "service": "OCJ",
        "consultant": 1,
        "children": [("Lotte", date(2018, 3, 14)), ("Finn", date(2021, 9, 2))],
        "network": [
            ("Sofie Maes", "mama", "parent", "0471 12 34 56", False),
            ("Kevin Maes", "papa", "parent", "0472 98 76 54", False),
            ("Rita Claes", "oma (mama's kant)", "network", "0473 11 22 33", True),
            ("Nadia Benali", "buurvrouw", "network", "0474 55 66 77", True),
            ("Ann De Smet", "juf van Lotte", "professional", None, False),
        ],
        # (text, category, speaker's name or None for everyone, visibility, term)
        "mapping": [
            ("Mama drinkt 's avonds en is dan niet meer wakker te krijgen.", "worry", "Rita Claes", "family", None),
            ("Lotte zorgt 's avonds alleen voor Finn.", "worry", "Ann De Smet", "family", None),
            ("Finn viel in september van de trap terwijl mama sliep.", "harm", None, "family", None),
            ("Lotte is moe op school en praat er niet over.", "impact", "Ann De Smet", "family", None),
            ("Als er niets verandert, kan Finn 's avonds opnieuw gewond raken.", "danger", None, "family", "short"),
            ("De buurvrouw hoort 's nachts vaak roepen.", "worry", "Nadia Benali", "confidential", None),
            ("Oma Rita komt elke woensdag en zaterdag.", "strength", "Sofie Maes", "family", None),
            ("Toen mama in de zomer ziek was, sliepen de kinderen bij oma.", "existing_safety", "Sofie Maes", "family", None),
        ],
    },
    {
        "family_name": "El Amrani",
        "service": "SDJ",
        "consultant": 1,
        "children": [("Yasmine", date(2012, 6, 21))],
        "network": [
            ("Fatima El Amrani", "mama", "parent", "0485 20 30 40", False),
            ("Samira El Amrani", "tante", "network", "0486 21 31 41", True),
            ("Pieter Wouters", "CLB-medewerker", "professional", "09 225 44 10", False),
        ],
    },
    {
        "family_name": "Zonnebloem (alias)",
        "service": "OCJ",
        "consultant": 2,
        "children": [("Noah", date(2023, 1, 9)), ("Mila", date(2025, 12, 30))],
        "network": [
            ("Lien", "mama", "parent", "0491 00 11 22", False),
            ("Jens", "papa", "parent", "0492 33 44 55", False),
            ("Marc", "grootvader", "network", None, True),
        ],
    },
]


def demo_users() -> list[User]:
    """The demo team, if it is in the database."""
    emails = [email for email, *_ in TEAM]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    return [users[e] for e in emails if e in users]


def seed() -> list[User]:
    """Create the demo users and families; returns the users."""
    users = []
    for email, name, role, phone in TEAM:
        user = User(email=email, name=name, role=role, work_phone=phone)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        users.append(user)
    db.session.commit()
    for family in FAMILIES:
        consultant = users[family["consultant"]]
        case = cases.create_case(
            consultant, family_name=family["family_name"], service=family["service"]
        )
        for first_name, born in family["children"]:
            cases.add_entry(consultant, case, Child, {"first_name": first_name, "date_of_birth": born})
        for name, relation, role, phone, support in family["network"]:
            values = dict(name=name, relation=relation, role=role, phone=phone, support_figure=support)
            cases.add_entry(consultant, case, NetworkMember, values)
        if family.get("mapping"):
            _first_mapping(consultant, case, family["mapping"])
    return users


def _first_mapping(consultant: User, case, mapping: list[tuple]) -> None:
    """An open first mapping with a few worries, strengths and a danger statement."""
    present = [f"n:{member.id}" for member in case.network]
    meeting = lifecycle.create_meeting(consultant, case, kind="mapping", held_on=date.today(),
                                       present=present, others=[])
    by_name = {p.name: str(p.id) for p in meeting.participants}
    for text, category, speaker, visibility, term in mapping:
        meetings.add_item(consultant, meeting, text=text, category=category,
                          speaker=by_name.get(speaker, ""), visibility=visibility, term=term)

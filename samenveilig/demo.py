"""Demo data: a small team and three realistic families, entered through the services (the
same calls the views make, so everything is audited and consistent).

The El Amrani family is at review stage, so that a newcomer sees the whole product in one
case: a closed first mapping and a closed review, a third meeting open today, the plan with
done and stuck actions, Yasmine's three houses with her drawing and her own scores, the
safety network, a family link with one feedback, and Yasmine's own link. The other families
stay simpler.
Dates count back from today, so the demo never looks old."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select

from . import dates, images, lifecycle, live
from .audience import Audience
from .cases import services as cases
from .children import safety as children_safety
from .children import services as children
from .extensions import db
from .meetings import analysis
from .meetings import services as meetings
from .meetings.sentences import Worried
from .models import (
    Case,
    Child,
    MappingItem,
    Meeting,
    NetworkMember,
    PlanAction,
    PlanContact,
    PlanRule,
    Role,
    User,
    WarningSign,
)
from .plan import services as plan
from .review import services as review
from .share import child_links
from .share import services as share
from .stories import services as stories

DEMO_PASSWORD = "samen-veilig-demo"

TEAM = [
    ("els.vermeulen@demo.samenveilig.be", "Els Vermeulen", Role.TEAMLEAD, "02 553 10 01"),
    ("sarah.peeters@demo.samenveilig.be", "Sarah Peeters", Role.CONSULTANT, "02 553 10 02"),
    ("tom.janssens@demo.samenveilig.be", "Tom Janssens", Role.CONSULTANT, "02 553 10 03"),
    ("beheer@demo.samenveilig.be", "Beheer Samenveilig", Role.ADMIN, None),
]

# A child is (first name, age in years today, days since the last birthday): the children
# never grow older than their story.
FAMILIES = [
    {
        "family_name": "Maes",
        "service": "OCJ",
        "opened": 12,  # days ago; its first mapping is today
        "consultant": 1,
        "children": [("Lotte", 8, 260), ("Finn", 5, 88)],
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
        # "Nee" today: the arrangement for now, to be looked at again within a week.
        "decision": dict(
            answer="no", urgency="today",
            reasoning="Nee: 's avonds is er niemand wakker die voor Lotte en Finn kan zorgen.",
            arrangement_who="Oma Rita", arrangement_until="tot de herbekijking",
            arrangement_what="Lotte en Finn slapen bij oma Rita; mama komt er 's avonds mee eten.",
            review_on=None),
    },
    {
        "family_name": "El Amrani",
        "service": "SDJ",
        "opened": 77,  # a week before its first mapping (FIRST_MAPPING)
        "consultant": 1,
        "review_stage": True,  # the whole story, below
        "children": [("Yasmine", 14, 160)],
        "network": [
            ("Fatima El Amrani", "mama", "parent", "0485 20 30 40", False),
            ("Ruben Goossens", "partner van mama", "parent", "0487 61 72 83", False),
            ("Samira El Amrani", "tante (zus van mama)", "network", "0486 21 31 41", True),
            ("Hanne Verbruggen", "mama van Lise, Yasmines beste vriendin", "network", "0489 14 25 36", True),
            ("Pieter Wouters", "CLB-medewerker", "professional", "09 225 44 10", False),
        ],
    },
    {
        "family_name": "Zonnebloem (alias)",
        "service": "OCJ",
        "opened": 5,
        "consultant": 2,
        "children": [("Noah", 3, 324), ("Mila", 0, 334)],
        "network": [
            ("Lien", "mama", "parent", "0491 00 11 22", False),
            ("Jens", "papa", "parent", "0492 33 44 55", False),
            ("Marc", "grootvader", "network", None, True),
        ],
    },
]

# The El Amrani story ------------------------------------------------------------------------
# Who stands where around Yasmine, and who is in her safety network with what promise.
# Samira knows the danger statement and confirmed lately; Hanne does not know it yet.
SAFETY_NETWORK = {
    "Fatima El Amrani": dict(closeness="very_close"),
    "Ruben Goossens": dict(closeness="close"),
    "Samira El Amrani": dict(
        closeness="very_close", in_safety_network=True, knows_danger=True,
        commitment="Yasmine mag altijd bij tante Samira komen slapen als het thuis onrustig wordt, "
                   "ook 's nachts; Samira belt Fatima dan dezelfde avond."),
    "Hanne Verbruggen": dict(
        closeness="close", in_safety_network=True, knows_danger=False,
        commitment="Yasmine kan na school bij Lise en Hanne huiswerk maken; Hanne belt tante Samira "
                   "als Yasmine 's avonds onverwacht aan de deur staat."),
    "Pieter Wouters": dict(closeness="further"),
}
SAMIRA_CONFIRMED_DAYS_AGO = 6

# Days before today.
FIRST_MAPPING, HOUSES_TALK, REVIEW, THIRD_MEETING = 70, 63, 35, 0

FIRST_PRESENT = ["Fatima El Amrani", "Ruben Goossens", "Samira El Amrani", "Pieter Wouters"]
LATER_PRESENT = [*FIRST_PRESENT, "Hanne Verbruggen"]

# (text, category, speaker's name or None for everyone, visibility, term or urgency)
FIRST_ITEMS = [
    ("Bij ruzie tussen Fatima en Ruben wordt er geroepen en met dingen gegooid, ook als Yasmine thuis is.",
     "worry", "Samira El Amrani", "family", None),
    ("Yasmine komt sinds het begin van het schooljaar vaak te laat of helemaal niet naar school.",
     "worry", "Pieter Wouters", "family", None),
    ("Ruben zegt zelf dat hij in het weekend meer drinkt dan hij wil.", "worry", "Ruben Goossens", "family", None),
    ("Een buurvrouw belde de politie bij het geroep; ze wil niet dat het gezin weet dat zij het was.",
     "worry", None, "confidential", None),
    ("Vlak voor de melding raakte Yasmine gewond aan haar hand door een glas dat Ruben in een ruzie gooide.",
     "harm", None, "family", None),
    ("Yasmine slaapt slecht, schrikt van harde geluiden en blijft na school liever weg van huis.",
     "impact", "Samira El Amrani", "family", None),
    ("Fatima en Ruben werken allebei lang; niemand is thuis als Yasmine uit school komt.",
     "complicating", "Fatima El Amrani", "family", None),
    ("Fatima en Yasmine koken samen op zondag en lachen dan veel.", "strength", "Fatima El Amrani", "family", None),
    ("Ruben heeft zelf gevraagd om hulp voor zijn drinken.", "strength", "Ruben Goossens", "family", None),
    ("Tante Samira woont tien minuten verderop en Yasmine vertrouwt haar.",
     "strength", "Samira El Amrani", "family", None),
    ("Na de ruzie ging Yasmine zelf naar tante Samira en bleef er slapen; Fatima belde haar dezelfde avond.",
     "existing_safety", "Samira El Amrani", "family", None),
    ("Ruben maakt een afspraak bij het CAW over zijn drinken.", "next_step", "Ruben Goossens", "family", "week"),
    ("Sarah spreekt Yasmine alleen, over haar drie huizen.", "next_step", None, "family", "week"),
]
DANGER = dict(
    worried=Worried(typed="het SDJ, tante Samira en de CLB-medewerker", many=True),
    behaviour="Fatima en Ruben opnieuw zo ruzie maken dat er geroepen en met dingen gegooid wordt terwijl "
              "Yasmine thuis is",
    outcome="Yasmine opnieuw gewond raken, of zich tussen hen zetten en zich thuis nergens meer veilig voelen",
    family_view="Fatima en Ruben vinden dat het sinds de melding rustiger is, maar ze begrijpen de zorg.",
    term="short", speaker="", visibility="family")
GOAL = dict(
    behaviour="Fatima en Ruben praten een ruzie uit met een rustige stem; wie boos wordt, gaat eerst buiten "
              "wandelen, en Yasmine weet dat ze altijd naar tante Samira mag",
    duration="zes maanden lang, ook in de weekends", speaker="", visibility="family")
# What the agency requires whatever else is agreed, written by Sarah before the first mapping.
BOTTOM_LINE = dict(
    text="Wordt er thuis geroepen of met dingen gegooid terwijl Yasmine er is, dan slaapt Yasmine die nacht bij "
         "tante Samira, en Fatima belt Sarah de volgende dag.",
    reason="Yasmine raakte al eens gewond toen er met dingen gegooid werd. Ze mag daar nooit meer tussen staan.",
    visibility="family")
FIRST_DECISION = dict(
    answer="yes", urgency="week",
    reasoning="Ja, voorlopig: Ruben slaapt bij zijn broer tot zijn eerste gesprek bij het CAW, en Yasmine "
              "kan altijd bij tante Samira terecht.",
    arrangement_who=None, arrangement_what=None, arrangement_until=None, review_on=None)

# The plan made at the first mapping. (what, how, who, due in days after the meeting or a
# text, visibility, serves the safety goal)
ACTIONS = [
    ("Ruben maakt een eerste afspraak bij het CAW over zijn drinken.", "Hij belt zelf; Sarah geeft het nummer.",
     ["Ruben Goossens"], 14, "family", True),
    ("Yasmine gaat elke ochtend op tijd naar school.",
     "Tante Samira stuurt om 7 uur een berichtje; Pieter spreekt met de leerlingenbegeleiding af wat er "
     "gebeurt als ze te laat is.", ["Yasmine", "Samira El Amrani", "Pieter Wouters"], "elke schooldag", "family", False),
    ("Fatima en Ruben volgen samen gesprekken over ruzie maken zonder geweld.", "Bij het CGG in de stad.",
     ["Fatima El Amrani", "Ruben Goossens"], 28, "family", True),
    ("Tante Samira is het vaste adres als het thuis onrustig wordt.", None,
     ["Samira El Amrani"], "altijd", "family", True),
    ("Pieter en Sarah bespreken elke maand hoe het op school gaat.", None,
     ["Pieter Wouters", "Sarah Peeters"], "elke maand", "professional", False),
]
RULES = [
    "Wie boos wordt, gaat eerst buiten wandelen en komt pas terug als hij of zij rustig is.",
    "Yasmine mag altijd naar tante Samira, ook 's avonds laat; ze stuurt mama dan een berichtje.",
]
SIGNS = [
    ("Ruben drinkt meer dan twee pinten op een avond.",
     "Fatima belt tante Samira; Yasmine gaat bij Samira slapen."),
    ("Yasmine blijft weg van school.", "De school belt Pieter; Pieter belt Sarah dezelfde dag."),
]
CONTACTS = [
    ("Als er thuis weer geroepen of gegooid wordt", "Samira El Amrani"),
    ("Als Yasmine niet op school is", "Pieter Wouters"),
]

# What the consultant heard from Yasmine alone, a week after the first mapping. (house, her
# words, what she agreed to share, with her drawing)
HOUSES = [
    ("worries", "Ik ben bang dat Ruben weer met een glas gooit als hij gedronken heeft.", "professional", False),
    ("worries", "Soms denk ik dat het mijn schuld is dat ze ruzie maken.", "confidential", False),
    ("good", "Zondag koken met mama. Bij tante Samira mag ik altijd komen, ook 's nachts.", "family", False),
    ("dreams", "Dat we thuis allemaal rustig praten en dat ik mijn vriendinnen mag uitnodigen.", "family", True),
]

# Woorden en beelden for Yasmine, written after her three houses and discussed with her mama:
# (heading, words, a built-in figure or None for her own drawing of the dream house).
EXPLANATION_DAY = 60
EXPLANATION = [
    ("Wat zijn de zorgen?", "Thuis was er vaak ruzie tussen mama en Ruben. Er werd geroepen en er vlogen "
     "dingen. Dat is niet oké. Het is nooit jouw schuld.", "huis"),
    ("Wie helpt er?", "Tante Samira, Hanne, Pieter van het CLB en Sarah van de sociale dienst. Ze helpen "
     "jou, mama en Ruben.", "gezin"),
    ("Wat gaat er nu gebeuren?", "Ruben praat met iemand van het CAW. Wie boos wordt, gaat eerst buiten "
     "wandelen. Zo wordt het thuis rustig, zoals jij het tekende.", None),
    ("Met wie kan ik praten?", "Je mag altijd naar tante Samira gaan of haar bellen, ook 's nachts. Op "
     "school kan je bij Pieter terecht.", "telefoon"),
]

# The review meeting, five weeks after the first mapping: what is no longer on the map (a
# worry resolved, the next steps done), what changed and what is new.
RESOLVED = [
    "Yasmine komt sinds het begin van het schooljaar vaak te laat of helemaal niet naar school.",
    "Ruben maakt een afspraak bij het CAW over zijn drinken.",
    "Sarah spreekt Yasmine alleen, over haar drie huizen.",
]
CHANGED_STRENGTH = ("Ruben heeft zelf gevraagd om hulp voor zijn drinken.",
                    "Ruben gaat om de twee weken naar een begeleider van het CAW en drinkt in het weekend minder.")
REVIEW_ITEMS = [
    ("Fatima en Ruben maakten opnieuw ruzie over geld; Yasmine hoorde het vanuit haar kamer.",
     "worry", "Samira El Amrani", "family", None),
    ("Yasmine is al vier weken elke dag op tijd op school.", "strength", "Pieter Wouters", "family", None),
    ("Bij de laatste ruzie ging Ruben buiten wandelen, zoals afgesproken.",
     "existing_safety", "Fatima El Amrani", "family", None),
]
# (action, verdict, comment)
ACTION_REVIEWS = [
    ("Ruben maakt een eerste afspraak bij het CAW over zijn drinken.", "done",
     "Hij ging drie weken na het overleg voor het eerst en gaat nu om de twee weken."),
    ("Yasmine gaat elke ochtend op tijd naar school.", "going_well", "Al vier weken elke dag op tijd."),
    ("Fatima en Ruben volgen samen gesprekken over ruzie maken zonder geweld.", "stuck",
     "Vier maanden wachtlijst bij het CGG."),
    ("Tante Samira is het vaste adres als het thuis onrustig wordt.", "going_well",
     "Yasmine sliep er twee keer, één keer na de ruzie over geld."),
]
STUCK_NOTE = ("Het CGG heeft vier maanden wachtlijst. Sarah vraagt het CAW of Fatima en Ruben intussen bij "
              "de groepsgesprekken daar terechtkunnen.")
# A new action at the review: Hanne must know the danger statement to protect.
NEW_ACTION = ("Sarah vertelt Hanne waar we bang voor zijn, zodat Hanne weet wanneer ze tante Samira belt.",
              None, ["Sarah Peeters", "Hanne Verbruggen"], 42, "family", True)
REVIEW_ANSWERS = dict(
    going_well="Ruben gaat naar het CAW, Yasmine gaat elke dag naar school en de afspraak over wandelen werkt.",
    to_adjust="De gesprekken voor Fatima en Ruben samen zijn niet gestart: wachtlijst.",
    can_stop="not_yet", can_stop_why="Eerst moeten Fatima en Ruben zes maanden ruzies uitpraten zonder gooien.")
REVIEW_DECISION = dict(
    answer="yes", urgency="month",
    reasoning="Ja: het is thuis rustiger. Bij de ene ruzie ging Ruben wandelen en sliep Yasmine bij tante Samira.",
    arrangement_who=None, arrangement_what=None, arrangement_until=None, review_on=None)

# The safety scale, the same question at each meeting: per person (why this high, what would
# make it one higher), and Yasmine's own "hoe veilig voel jij je thuis?" on the same day.
SCALES = {
    FIRST_MAPPING: {
        "Sarah Peeters": (3, "Ruben zoekt zelf hulp.", "Als Ruben naar het CAW gaat."),
        "Fatima El Amrani": (6, "Het is sinds de melding rustig.", None),
        "Ruben Goossens": (7, "Ik wil dit echt veranderen.", None),
        "Samira El Amrani": (3, "Yasmine komt naar mij als het misgaat.", "Als er een week niet geroepen wordt."),
        "Pieter Wouters": (4, None, "Als Yasmine elke dag op school is."),
    },
    REVIEW: {
        "Sarah Peeters": (5, "De afspraak over wandelen werkt.", "Als de gesprekken voor het koppel starten."),
        "Fatima El Amrani": (7, None, None),
        "Ruben Goossens": (8, "Ik ga naar het CAW.", None),
        "Samira El Amrani": (5, None, "Als Yasmine minder bij mij moet slapen."),
        "Hanne Verbruggen": (6, "Yasmine lacht weer meer.", None),
        "Pieter Wouters": (6, "Yasmine is elke dag op school.", None),
    },
    THIRD_MEETING: {
        "Sarah Peeters": (6, "Al drie weken geen ruzie met geroep.", "Als ook Hanne weet waar we bang voor zijn."),
        "Fatima El Amrani": (8, None, None),
        "Ruben Goossens": (8, None, None),
        "Samira El Amrani": (6, "Yasmine sliep deze maand niet bij mij.", None),
        "Hanne Verbruggen": (7, None, None),
        "Pieter Wouters": (7, None, None),
    },
}
# Said so far in today's meeting.
THIRD_ITEMS = [
    ("Fatima en Ruben praten elke zondagavond met Yasmine over hoe de week ging.",
     "strength", "Fatima El Amrani", "family", None),
    ("Sarah zoekt met het CAW een plaats in de groepsgesprekken voor koppels.", "next_step", None, "family", "month"),
]
CHILD_SCORES = {FIRST_MAPPING: 3, REVIEW: 5, THIRD_MEETING: 7}

FEEDBACK = dict(rating=4, text="Fijn dat er ook echt naar Yasmine geluisterd wordt. De gesprekken voor ons "
                               "tweeën mogen wel sneller starten.")
FAMILY_LINK_DAYS = 90


@dataclass
class Story:
    """The case being told, what the stages need of each other."""

    consultant: User
    case: Case
    child: Child
    family_token: str | None = None
    child_token: str | None = None  # Yasmine's own link

    def day(self, days_ago: int) -> date:
        return dates.today() - timedelta(days=days_ago)

    def member(self, name: str) -> NetworkMember:
        return next(m for m in self.case.network if m.name == name)

    def key(self, name: str) -> str:
        """A person as the plan's and the meeting's forms name them."""
        if name == self.child.first_name:
            return f"c:{self.child.id}"
        if name == self.consultant.name:
            return f"u:{self.consultant.id}"
        return f"n:{self.member(name).id}"

    def speaker(self, meeting: Meeting, name: str | None) -> str:
        return next((str(p.id) for p in meeting.participants if p.name == name), "")

    def action(self, what: str) -> PlanAction:
        return next(a for a in plan.entries(self.case.id, PlanAction, audience=Audience.CONSULTANT) if a.what == what)


@dataclass
class Demo:
    """What the seed made: the team, and the family link it can show once."""

    users: list[User]
    family_link: str | None = None
    child_link: str | None = None  # Yasmine's own link, shown once like the family link


# Seeding -------------------------------------------------------------------------------------

def demo_users() -> list[User]:
    """The demo team, if it is in the database."""
    emails = [email for email, *_ in TEAM]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))}
    return [users[e] for e in emails if e in users]


def seed() -> Demo:
    """Create the demo users and families."""
    users = []
    with live.write():
        for email, name, role, phone in TEAM:
            user = User(email=email, name=name, role=role, work_phone=phone)
            user.set_password(DEMO_PASSWORD)
            db.session.add(user)
            users.append(user)
    demo = Demo(users)
    for family in FAMILIES:
        consultant = users[family["consultant"]]
        case = _family(consultant, family)
        if family.get("mapping"):
            _open_first_mapping(consultant, case, family["mapping"], family["decision"])
        if family.get("review_stage"):
            story = _review_stage(consultant, case)
            demo.family_link, demo.child_link = story.family_token, story.child_token
    return demo


def _family(consultant: User, family: dict) -> Case:
    case = cases.create_case(consultant, family_name=family["family_name"], service=family["service"],
                             opened_on=dates.today() - timedelta(days=family["opened"]))
    for first_name, years, days in family["children"]:
        cases.add_entry(consultant, case, Child, {"first_name": first_name, "date_of_birth": _born(years, days)})
    for name, relation, role, phone, support in family["network"]:
        values = dict(name=name, relation=relation, role=role, phone=phone, support_figure=support)
        cases.add_entry(consultant, case, NetworkMember, values | SAFETY_NETWORK.get(name, {}))
    return case


def _born(years: int, days: int) -> date:
    today = dates.today()
    birthday = today.replace(year=today.year - years, day=28) if (today.month, today.day) == (2, 29) \
        else today.replace(year=today.year - years)
    return birthday - timedelta(days=days)


def _open_first_mapping(consultant: User, case: Case, mapping: list[tuple], decision: dict) -> None:
    """An open first mapping today with a few worries, strengths, a danger statement and "nee"."""
    meeting = lifecycle.create_meeting(consultant, case, kind="mapping", held_on=dates.today(),
                                       present=[f"n:{member.id}" for member in case.network], others=[])
    _add_items(consultant, meeting, mapping)
    analysis.decide(consultant, meeting, **decision)


def _add_items(consultant: User, meeting: Meeting, rows: list[tuple]) -> None:
    by_name = {p.name: str(p.id) for p in meeting.participants}
    for text, category, speaker, visibility, term in rows:
        extra = {"urgency": term} if category == "next_step" else {"term": term}
        meetings.add_item(consultant, meeting, text=text, category=category,
                          speaker=by_name.get(speaker, ""), visibility=visibility, **extra)


def _review_stage(consultant: User, case: Case) -> Story:
    """The El Amrani case, told from the first mapping to today, with its family link and
    Yasmine's own link."""
    story = Story(consultant, case, case.children[0])
    for stage in REVIEW_STAGE:
        stage(story)
    return story


def _first_mapping(story: Story) -> None:
    """The first mapping, ten weeks ago: the whole map, the plan made from it, closed."""
    meeting = _meeting(story, FIRST_MAPPING, "mapping", FIRST_PRESENT)
    _add_items(story.consultant, meeting, FIRST_ITEMS)
    danger = analysis.add_danger(story.consultant, meeting, **DANGER)
    analysis.add_goal(story.consultant, meeting, danger_id=danger.id, **GOAL)
    analysis.add_bottom_line(story.consultant, meeting, danger_id=danger.id, **BOTTOM_LINE)
    _plan(story, meeting)
    _scale_round(story, meeting, FIRST_MAPPING)
    _close(story, meeting, FIRST_DECISION)


def _plan(story: Story, meeting: Meeting) -> None:
    """The plan as agreed at the first mapping: actions, agreements, warning signs, contacts."""
    for action in ACTIONS:
        _add_action(story, meeting, action)
    for text in RULES:
        plan.add_entry(story.consultant, story.case, meeting, PlanRule, dict(text=text, visibility="family"))
    for sign, response in SIGNS:
        plan.add_entry(story.consultant, story.case, meeting, WarningSign,
                       dict(sign=sign, response=response, visibility="family"))
    for worry, name in CONTACTS:
        plan.add_entry(story.consultant, story.case, meeting, PlanContact,
                       dict(worry=worry, network_member_id=story.member(name).id, visibility="family"))


def _add_action(story: Story, meeting: Meeting, action: tuple) -> None:
    what, how, who, due, visibility, serves_goal = action
    goal = _goal_of(meeting) if serves_goal else None
    due_on = meeting.held_on + timedelta(days=due) if isinstance(due, int) else None
    values = dict(what=what, how=how, due_on=due_on, due_text=None if due_on else due,
                  visibility=visibility, goal_item_id=goal)
    plan.add_entry(story.consultant, story.case, meeting, PlanAction, values, [story.key(n) for n in who])


def _goal_of(meeting: Meeting) -> int:
    return next(item.id for item in meetings.items(meeting.id, "safety_goal", audience=Audience.CONSULTANT))


def _three_houses(story: Story) -> None:
    """What Yasmine told Sarah alone, a week after the first mapping, with her drawing."""
    talked_on = story.day(HOUSES_TALK)
    for house, text, visibility, with_drawing in HOUSES:
        values = dict(house=house, text=text, talked_on=talked_on, talked_by_id=story.consultant.id,
                      talked_by_name=None, visibility=visibility)
        drawing = images.process(_drawing_png()) if with_drawing else None
        children.add_house_entry(story.consultant, story.case, story.child, values, drawing)


def _words_and_pictures(story: Story) -> None:
    """Yasmine's explanation, with her own drawing of the dream; discussed with mama, shared."""
    drawing = next(entry.drawing.id for entry in stories.child_drawings(story.child))
    panels = [(heading, text, stories.Picture(figure=figure) if figure else stories.Picture(drawing_id=drawing))
              for heading, text, figure in EXPLANATION]
    version = stories.create_story(story.consultant, story.case, story.child, panels)
    on = story.day(EXPLANATION_DAY)
    stories.mark_discussed(story.consultant, story.case, version, on, "mama (Fatima)")
    stories.share(story.consultant, story.case, version, on)


def _drawing_png() -> bytes:
    """A child's drawing of home: a house with a red roof, a sun, and three people in front."""
    image = Image.new("RGB", (640, 480), "white")
    pen = ImageDraw.Draw(image)
    pen.line([(0, 445), (640, 435)], fill=(60, 160, 60), width=8)  # the grass
    pen.ellipse([520, 20, 600, 100], fill=(255, 210, 0), outline=(230, 160, 0), width=4)  # the sun
    for dx, dy in ((-60, 0), (60, 0), (0, -60), (0, 60), (-42, -42), (42, 42), (-42, 42), (42, -42)):
        pen.line([(560 + dx * 0.75, 60 + dy * 0.75), (560 + dx, 60 + dy)], fill=(230, 160, 0), width=4)
    pen.rectangle([60, 230, 300, 440], outline=(40, 40, 40), width=5, fill=(250, 235, 200))  # the house
    pen.polygon([(40, 235), (180, 110), (320, 235)], fill=(200, 40, 40), outline=(40, 40, 40))  # its roof
    pen.rectangle([155, 340, 205, 440], fill=(120, 70, 30))  # the door
    pen.rectangle([85, 260, 135, 305], outline=(40, 80, 200), width=4)  # the windows
    pen.rectangle([225, 260, 275, 305], outline=(40, 80, 200), width=4)
    for x, height, colour in ((405, 200, (200, 40, 120)), (490, 185, (40, 80, 200)), (570, 140, (120, 40, 160))):
        top = 440 - height  # mama, Ruben and Yasmine, in front of the house
        pen.ellipse([x - 22, top - 44, x + 22, top], outline=colour, width=5)
        pen.arc([x - 12, top - 30, x + 12, top - 10], 20, 160, fill=colour, width=3)  # a smile
        pen.line([(x, top), (x, top + height * 0.55)], fill=colour, width=5)
        pen.line([(x - 34, top + 30), (x + 34, top + 20)], fill=colour, width=5)
        pen.line([(x, top + height * 0.55), (x - 24, 440)], fill=colour, width=5)
        pen.line([(x, top + height * 0.55), (x + 24, 440)], fill=colour, width=5)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _review_meeting(story: Story) -> None:
    """The review, five weeks ago: the map carried over and changed, each action reviewed."""
    meeting = _meeting(story, REVIEW, "review", LATER_PRESENT)
    for text in RESOLVED:
        meetings.delete_item(story.consultant, _carried(meeting, text))
    old, new = CHANGED_STRENGTH
    strength = _carried(meeting, old)
    meetings.update_item(story.consultant, strength, version=strength.version, text=new,
                         speaker=story.speaker(meeting, "Ruben Goossens"), visibility=strength.visibility)
    _add_items(story.consultant, meeting, REVIEW_ITEMS)
    for what, verdict, comment in ACTION_REVIEWS:
        review.review_action(story.consultant, meeting, story.action(what), verdict=verdict, comment=comment)
    stuck = story.action(ACTION_REVIEWS[2][0])
    plan.update_entry(story.consultant, stuck, version=stuck.version, values={"note": STUCK_NOTE})
    _add_action(story, meeting, NEW_ACTION)
    review.answer_review(story.consultant, meeting, **REVIEW_ANSWERS)
    _scale_round(story, meeting, REVIEW)
    _close(story, meeting, REVIEW_DECISION)


def _carried(meeting: Meeting, text: str) -> MappingItem:
    return next(item for item in meetings.items(meeting.id, audience=Audience.CONSULTANT) if item.text == text)


def _third_meeting(story: Story) -> None:
    """Today's review, still open: the board is live, the scale round revealed."""
    meeting = _meeting(story, THIRD_MEETING, "review", LATER_PRESENT)
    _add_items(story.consultant, meeting, THIRD_ITEMS)
    _scale_round(story, meeting, THIRD_MEETING)


def _safety_network(story: Story) -> None:
    """Samira confirmed her promise lately; Hanne has not heard the danger statement yet."""
    cases.confirm_member(story.consultant, story.member("Samira El Amrani"), story.day(SAMIRA_CONFIRMED_DAYS_AGO))


def _family_link(story: Story) -> None:
    """A family link for Fatima, and what she wrote back through its form."""
    today = dates.today()
    link, story.family_token = share.create_link(
        story.consultant, story.case, recipient="Fatima El Amrani", expires_on=today + timedelta(days=FAMILY_LINK_DAYS),
        show_phone=True, show_email=False, today=today)
    share.leave_feedback(link, **FEEDBACK)


def _child_link(story: Story) -> None:
    """Yasmine's own link: her explanation, her words, whom she can call, her rights, her score."""
    today = dates.today()
    _link, story.child_token = child_links.create_link(
        story.consultant, story.case, story.child, expires_on=today + timedelta(days=FAMILY_LINK_DAYS),
        younger_chosen=False, today=today)


def _meeting(story: Story, days_ago: int, kind: str, present: list[str]) -> Meeting:
    meeting = lifecycle.create_meeting(story.consultant, story.case, kind=kind, held_on=story.day(days_ago),
                                       present=[story.key(name) for name in present], others=[])
    return meeting


def _scale_round(story: Story, meeting: Meeting, days_ago: int) -> None:
    """A blind round about the whole situation, revealed; Yasmine's own score that day."""
    scale_round = analysis.start_round(story.consultant, meeting, None)
    by_name = {p.name: p for p in meeting.participants}
    for name, (score, why_high, one_higher) in SCALES[days_ago].items():
        analysis.enter_score(story.consultant, scale_round, by_name[name], score=score, why_high=why_high,
                             one_higher=one_higher)
    analysis.reveal(story.consultant, scale_round)
    children.record_score(story.consultant, story.case, story.child, meeting.held_on, CHILD_SCORES[days_ago])


def _close(story: Story, meeting: Meeting, decision: dict) -> None:
    analysis.decide(story.consultant, meeting, **decision)
    lifecycle.close_meeting(story.consultant, meeting, without_plan=True)  # not every step is an action


# Yasmine's own safety plan ("Als het weer gebeurt") and Safety House, made with her after her
# three houses; she shares both with everyone. Her house again at today's meeting: closer to it.
SAFETY_PLAN = dict(
    what_i_do="Als er geroepen of gegooid wordt, ga ik naar mijn kamer en doe ik de deur dicht. Ik zet me er "
              "niet tussen.",
    where_i_go="Naar tante Samira, tien minuten verderop. Ik stuur mama een berichtje dat ik daar ben.",
    signal="Ik stuur mama en tante Samira een berichtje met één woord: ‘paraplu’.",
    figure="telefoon", drawing_id=None, visibility="family")
SAFETY_CALLS = ("Samira El Amrani", "Hanne Verbruggen")
SAFETY_HOUSE = dict(
    inside=[("Tante Samira", "Ik mag altijd bij haar slapen als het thuis onrustig is."),
            ("Mama", "Belt tante Samira als het misloopt."),
            ("Hanne", "Ik maak na school huiswerk bij Lise en Hanne."),
            ("Meneer Pieter", "Belt Sarah als ik niet op school ben.")],
    rules=["Er wordt niet gegooid met dingen.", "Bij ruzie gaat papa wandelen.",
           "Ik mag altijd naar tante Samira, ook 's avonds laat."],
    not_in=[], with_someone=["Papa als hij boos is"], scale=4, visibility="family")


def _her_safety(story: Story) -> None:
    """Yasmine's safety plan and her Safety House, for the first mapping."""
    calls = [story.member(name).id for name in SAFETY_CALLS]
    children_safety.save_plan(story.consultant, story.case, story.child, SAFETY_PLAN | {"members": calls})
    children_safety.save_house(story.consultant, story.case, story.child, SAFETY_HOUSE)


def _her_house_today(story: Story) -> None:
    """Her Safety House at today's meeting: a new version, she feels closer to the house."""
    children_safety.save_house(story.consultant, story.case, story.child, SAFETY_HOUSE | {"scale": 7})


# The story in order. The child's explanation (Woorden en beelden) is told from the three
# houses and the plan, so its stage follows _three_houses.
REVIEW_STAGE = (_first_mapping, _three_houses, _words_and_pictures, _her_safety, _review_meeting, _third_meeting,
                _her_house_today, _safety_network, _family_link, _child_link)

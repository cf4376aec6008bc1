"""Opening questions by age: what a consultant can ask a young child (under 12) or a teenager
(12 and older) to begin the three houses, Woorden en beelden and her own safety plan and house.
From 12 a young person in Flanders has rights of her own (heard by the juvenile judge, a youth
lawyer, access to her file)."""

from dataclasses import dataclass

TEEN_FROM = 12


@dataclass(frozen=True)
class Prompts:
    group: str  # "jong kind" or "tiener"
    houses: dict[str, tuple[str, ...]]  # per House value
    story: tuple[str, ...]
    safety: tuple[str, ...]


YOUNG = Prompts(
    group="jong kind (tot 12 jaar)",
    houses={
        "worries": ("Wat maakt je soms bang of verdrietig thuis?", "Teken eens wat er gebeurt als het thuis niet fijn is.",
                    "Wie maakt zich zorgen, denk je?"),
        "good": ("Wat vind je fijn thuis?", "Wie helpt je als je verdriet hebt?", "Wat doe je graag samen met mama of papa?"),
        "dreams": ("Als je toverstokje alles thuis kon veranderen, hoe zou het dan zijn?",
                   "Teken eens hoe je huis eruitziet als alles goed is."),
    },
    story=("Wat weet je al over waarom ik kom?", "Wie woont er bij jou thuis?", "Wie kan je alles vertellen?"),
    safety=("Wat doe je als je bang wordt?", "Naar wie loop je dan toe?", "Welk woord of teken spreken we af?"),
)

TEEN = Prompts(
    group="tiener (vanaf 12 jaar)",
    houses={
        "worries": ("Waar maak jij je zorgen over thuis?", "Wat gebeurt er als het misloopt, en wat doe jij dan?",
                    "Wat zou je willen dat de volwassenen beter begrijpen?"),
        "good": ("Wat gaat er goed thuis, ook al is het soms moeilijk?", "Bij wie kan je terecht?",
                 "Wat helpt jou om je goed te voelen?"),
        "dreams": ("Hoe ziet thuis eruit als het goed gaat, over een jaar?", "Wat moet er veranderen zodat je je veilig voelt?"),
    },
    story=("Wat heb je al gehoord over waarom de hulpverlening er is?", "Wat wil je zelf weten?",
           "Weet je wat de jeugdrechter doet, en dat je een eigen advocaat kan hebben?"),
    safety=("Wat doe je als het weer gebeurt?", "Waar kan je naartoe, ook 's nachts?",
            "Wie bel je, en welk teken of woord spreken we af?"),
)


def for_age(age: int) -> Prompts:
    """The opening questions that fit this age."""
    return TEEN if age >= TEEN_FROM else YOUNG

"""The sentences a danger statement and a safety goal read as on every screen, made from the
parts the consultant types: Dutch word order, the verb agreeing with who worries.

Who worries is known, never guessed from the words: each person picked from those present or
the network is one person, "ik" and "wij" say it themselves, and for what was typed the form
asks "één persoon of meer?". An outcome already written with its own verb keeps it. When the
composer cannot be sure of a sentence it makes none (None): the form then shows the parts as
typed and asks the consultant to write the sentence once."""

import re
from dataclasses import dataclass

# Words that start a part in lower case inside a sentence ("dat papa 's avonds drinkt").
COMMON_START = re.compile(r"^(Papa|Mama|Oma|Opa|Pa|Ma|Tante|Nonkel|Oom|Moeder|Vader|Broer|Zus|De|Het|Een|Hij|Zij|"
                          r"Ze|Wij|We|Er|Zijn|Haar|Hun|Onze|Mijn|Beide|Alle|Niemand|Iemand|Iedereen|Dan|Geen)\b")
# What a consultant may have typed before a part, that the sentence says itself.
SAID_BEFORE = {"behaviour": re.compile(r"^(dat|omdat)\s+", re.I),
               "outcome": re.compile(r"^(als er niets verandert,?\s*)?(dan\s+)?", re.I)}


@dataclass(frozen=True)
class Worried:
    """Who worries, as the form knows it: the people picked (each one person), what was typed,
    and for the typed part the answer to "één persoon of meer?" (None: not answered)."""

    picked: tuple[str, ...] = ()
    typed: str = ""
    many: bool | None = None

    @property
    def subject(self) -> str:
        """"Samira (tante), de juf en ik": the picked people first, "ik" or "wij" last."""
        typed = _inside(self.typed)
        parts = [*self.picked, typed] if typed else list(self.picked)
        if len(parts) < 2:
            return parts[0] if parts else ""
        if re.search(r"\ben\b", parts[-1]):  # "de juf en oma": already joined with "en"
            return ", ".join(parts)
        return f"{', '.join(parts[:-1])} en {parts[-1]}"

    @property
    def person(self) -> str | None:
        """"ik", "wij", "hij" (one person), "zij" (more than one), or None when unknown."""
        typed = _inside(self.typed).lower()
        words = set(re.findall(r"\w+", typed))
        if "ik" in words:
            return "ik" if not self.picked and typed == "ik" else "wij"
        if words & {"wij", "we"}:
            return "wij"
        count = len(self.picked) + (1 if typed else 0)
        if typed and not self.picked:
            return None if self.many is None else ("zij" if self.many else "hij")
        return None if count == 0 else ("hij" if count == 1 else "zij")


WORRY = {"ik": "maak me zorgen", "wij": "maken ons zorgen", "hij": "maakt zich zorgen", "zij": "maken zich zorgen"}


def _inside(part: str) -> str:
    """A part as it reads inside a sentence: no closing full stop, "Papa" as "papa"."""
    part = re.sub(r"\s+", " ", part or "").strip().rstrip(".").strip()
    return COMMON_START.sub(lambda m: m.group(0).lower(), part)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


# The outcome: what follows "Als er niets verandert," --------------------------------------

MODALS = {"kan": "kunnen", "zal": "zullen", "moet": "moeten", "mag": "mogen", "wil": "willen"}
# Finite verbs an outcome often starts with or puts after its subject.
SINGULAR_VERBS = {*MODALS, "is", "heeft", "gaat", "wordt", "blijft", "raakt", "loopt", "mist", "krijgt", "komt",
                  "valt", "voelt", "durft", "verliest", "belandt", "zit", "staat", "doet", "ziet", "eet"}
PLURAL_VERBS = {*MODALS.values(), "zijn", "hebben", "gaan", "worden", "blijven", "raken", "lopen", "missen",
                "krijgen", "komen", "vallen", "voelen", "durven", "verliezen", "belanden", "zitten", "staan",
                "doen", "zien"}
# Words ending like a verb that are not one after a subject ("Yasmine niet …", "de kinderen alleen …").
NOT_VERBS = {"niet", "nooit", "ooit", "echt", "straks", "vast", "net", "met", "uit", "tot", "dat", "wat", "het",
             "toch", "best", "eerst", "pas", "alleen", "misschien", "binnen", "buiten", "boven", "beneden",
             "tussen", "meteen", "samen", "even", "open", "tegen", "geen", "heen", "eigen", "opnieuw", "weer",
             "slecht", "licht", "dicht", "groot", "kort", "laat", "zacht", "kwijt", "apart", "alert"}
INFINITIVES_IN_N = {"zijn", "gaan", "staan", "slaan", "doen", "zien"}
FAMILY_WORDS = {"mama", "papa", "oma", "opa", "tante", "nonkel", "oom", "moeder", "vader", "broer", "zus",
                "stiefvader", "stiefmoeder", "pleegmoeder", "pleegvader"}
DETERMINERS = {"de", "het", "een", "haar", "zijn", "hun", "mijn", "onze", "ons", "die", "deze", "dit", "beide", "alle"}
SINGULAR_NOUNS = {"kind", "baby", "jongen", "meisje", "zoon", "dochter", "tiener", "peuter", "kleuter", "broer",
                  "zus", "broertje", "zusje", "kleine", "jongste", "oudste"}
PLURAL_NOUNS = {"kinderen", "jongens", "meisjes", "zonen", "dochters", "tieners", "peuters", "kleuters", "broers",
                "zussen", "broertjes", "zusjes", "ouders", "kleintjes"}
NUMBERS = {"twee", "drie", "vier", "vijf", "beide"}


def _word(word: str) -> str:
    return word.strip(",;:").lower()


def _one_subject(words: list[str], names: frozenset | None, start: bool) -> tuple[int, str | None] | None:
    """One person or group at the start of `words`: (how many words, "sg"/"pl"/None if either).
    A capital at the start of the outcome is a name only if it is one of the case's `names`."""
    if not words:
        return None
    first, low = words[0].strip(",;:"), _word(words[0])
    if low == "hij" or low in {"iedereen", "niemand"}:
        return 1, "sg"
    if low in {"zij", "ze"}:
        return 1, None
    if low in FAMILY_WORDS:  # "mama", "oma Rita"
        named = len(words) > 1 and words[1][:1].isupper() and words[1].strip(",;:").isalpha()
        return (2, "sg") if named else (1, "sg")
    if low in DETERMINERS:
        rest = [_word(w) for w in words[1:3]]
        if rest and rest[0] in NUMBERS | {"jongste", "oudste", "kleine", "twee"} and len(rest) > 1 \
                and rest[1] in PLURAL_NOUNS | SINGULAR_NOUNS:
            rest = rest[1:]
            extra = 1
        else:
            extra = 0
        if not rest or not rest[0].isalpha():
            return None
        noun = rest[0]
        number = "pl" if (low in {"beide", "alle"} or noun in PLURAL_NOUNS) else ("sg" if noun in SINGULAR_NOUNS
                                                                                 else None)
        return 2 + extra, number
    if first[:1].isupper() and first.isalpha() and (not start or names is None or first in names):
        return 1, "sg"  # a name: one person
    return None


def _subject(words: list[str], names: frozenset | None) -> tuple[int, str | None] | None:
    """The subject at the start: one person or group, or several joined with "en" or commas."""
    found = _one_subject(words, names, True)
    if found is None:
        return None
    length, number = found
    joined = False
    while True:
        if words[length - 1].endswith(",") and (more := _one_subject(words[length:], names, False)):
            length, joined = length + more[0], True
            continue
        if length < len(words) and _word(words[length]) == "en" \
                and (more := _one_subject(words[length + 1:], names, False)):
            length, joined = length + 1 + more[0], True
            continue
        break
    return length, ("pl" if joined else number)


def _finite(word: str, number: str | None) -> bool:
    word = _word(word)
    if not word.isalpha() or word in NOT_VERBS:
        return False
    singular = word in SINGULAR_VERBS or (word.endswith("t") and len(word) > 3)
    plural = word in PLURAL_VERBS or (word.endswith("en") and len(word) > 4)
    if number == "sg":
        return singular
    if number == "pl":
        return plural
    return singular or word in PLURAL_VERBS


def _has_infinitive(words: list[str]) -> bool:
    return any((w := _word(word)).isalpha() and w not in NOT_VERBS and (w.endswith("en") or w in INFINITIVES_IN_N)
               for word in words)


def after_if_nothing_changes(outcome: str, names=None) -> str | None:
    """What follows "Als er niets verandert,", verb first; None when it cannot be sure.
    "kunnen Lotte en Milan gewond raken" stays; "Milan zal ziek worden" becomes "zal Milan ziek
    worden"; "Finn gewond raken" gets its modal: "kan Finn gewond raken"."""
    outcome = _inside(SAID_BEFORE["outcome"].sub("", _inside(outcome)))
    words = outcome.split()
    if not words:
        return None
    first = _word(words[0])
    if first in SINGULAR_VERBS | PLURAL_VERBS and first not in DETERMINERS or (
            words[0].islower() and first not in DETERMINERS | FAMILY_WORDS | {"hij", "zij", "ze", "iedereen", "niemand"}
            and _finite(first, None) and _subject(words[1:], None)):
        return first + outcome[len(words[0].strip(",;:")):]  # its verb first: "kan Finn …", "loopt Yasmine gevaar"
    found = _subject(words, frozenset(names) if names is not None else None)
    if found is None or found[0] >= len(words):
        return None
    length, number = found
    subject, rest = words[:length], words[length:]
    if _finite(rest[0], number):  # "Milan zal ziek worden": the verb moves before the subject
        return " ".join([_word(rest[0]), *subject, *rest[1:]])
    if number is None or not _has_infinitive(rest):
        return None
    return " ".join(["kan" if number == "sg" else "kunnen", *words])


# The sentences -----------------------------------------------------------------------------

def names_of(meeting) -> frozenset:
    """The first names a meeting's case knows: its children, its network, those present."""
    case = meeting.case
    full = [c.first_name for c in case.children] + [m.name for m in case.network] \
        + [p.name for p in meeting.participants]
    return frozenset(name.split()[0] for name in full if name and name.split())


def danger_text(worried: "Worried | str", behaviour: str, outcome: str, names=None) -> str | None:
    """One readable sentence from the three parts of a danger statement, or None when the
    composer cannot be sure of it. A bare string is what was typed for who worries; `names`
    are the first names of the case (children, network), to tell a name from a capital."""
    if isinstance(worried, str):
        worried = Worried(typed=worried)
    person = worried.person
    behaviour = _inside(SAID_BEFORE["behaviour"].sub("", _inside(behaviour)))
    after = after_if_nothing_changes(outcome, names) if outcome.strip() != "…" else "…"
    if person is None or after is None or not behaviour:
        return None
    sentence = f"{worried.subject} {WORRY[person]} dat {behaviour}. Als er niets verandert, {after}."
    return _capital(sentence.replace("….", "…"))  # a part still to write: no full stop after "…"


# Words a duration starts with in capitals also in a sentence: feasts.
FEASTS = {"Pasen", "Kerstmis", "Kerst", "Pinksteren", "Nieuwjaar", "Sinterklaas", "Hemelvaart", "Allerheiligen"}


def _duration(duration: str) -> str:
    """A duration as it reads inside brackets: "drie maanden lang", "tot Pasen"."""
    duration = re.sub(r"\s+", " ", duration).strip().rstrip(".").strip()
    if len(duration.split()) > 1 and duration.isupper():
        return duration.lower()  # typed with caps lock
    first = duration.split(" ", 1)[0]
    if first in FEASTS or not first[:1].isupper() or any(c.isupper() or c.isdigit() for c in first[1:]):
        return duration
    return first[:1].lower() + duration[1:]


def goal_text(behaviour: str, duration: str) -> str:
    """One readable sentence from a safety goal: what we will see, and for how long."""
    return _capital(f"{_inside(behaviour)} ({_duration(duration)}).").replace("….", "…")

"""The sentences a danger statement and a safety goal read as on every screen, made from the
parts the consultant types: Dutch word order, the verb agreeing with who worries."""

import re

PLURAL = re.compile(r"\b(en|ouders|wij|we|zij|ze|allebei|beiden|kinderen)\b", re.I)
WE = re.compile(r"\b(we|wij|ik)\b", re.I)
MODAL = re.compile(r"\b(kan|kunnen)\b", re.I)
# Words that start a part in lower case inside a sentence ("dat papa 's avonds drinkt").
COMMON_START = re.compile(r"^(Papa|Mama|Oma|Opa|Pa|Ma|De|Het|Een|Hij|Zij|Ze|Wij|We|Er|Zijn|Haar|Hun|Onze|"
                          r"Beide|Alle|Niemand|Iemand)\b")


def _inside(part: str) -> str:
    """A part as it reads inside a sentence: no closing full stop, "Papa" as "papa"."""
    part = part.strip().rstrip(".").strip()
    return COMMON_START.sub(lambda m: m.group(0).lower(), part)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _after_if_nothing_changes(outcome: str) -> str:
    """What follows "Als er niets verandert,": the verb first ("kunnen Lotte en Milan gewond
    raken"), also when it was written "Lotte en Milan kunnen gewond raken" or without one."""
    outcome = _inside(outcome)
    modal = MODAL.search(outcome)
    if modal and modal.start() == 0:
        return outcome
    if modal:
        rest = (outcome[:modal.start()] + outcome[modal.end():]).replace("  ", " ").strip()
        return f"{modal.group(0).lower()} {rest}"
    subject = " ".join(outcome.split()[:3])  # "Lotte en Milan", "de kinderen", "Finn"
    return f"{'kunnen' if PLURAL.search(subject) else 'kan'} {outcome}"


def danger_text(worried: str, behaviour: str, outcome: str) -> str:
    """One readable sentence from the three parts of a danger statement."""
    if worried.strip().lower() == "ik":
        verb = "maak me"
    elif WE.search(worried):
        verb = "maken ons"
    else:
        verb = "maken zich" if PLURAL.search(worried) else "maakt zich"
    sentence = (f"{_inside(worried)} {verb} zorgen dat {_inside(behaviour)}. "
                f"Als er niets verandert, {_after_if_nothing_changes(outcome)}.")
    return _capital(sentence.replace("….", "…"))  # a part still to write: no full stop after "…"


def goal_text(behaviour: str, duration: str) -> str:
    """One readable sentence from a safety goal: what we will see, and for how long."""
    return _capital(f"{_inside(behaviour)} ({_inside(duration)}).")

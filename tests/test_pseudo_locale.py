"""Nothing untranslated slips through: every family-facing screen, rendered in a pseudo
language in which every wrapped message is marked ⟦…⟧, shows no text that is neither
marked nor typed by people.

The pseudo language is built here, in a temporary folder, from the messages extracted from
the source (as `make translations` finds them); the app reads it as one more catalogue
directory. Its code is Esperanto's (`eo`), a locale babel knows (for dates) and we do not
ship. Dates come from babel in the screen's language, and a picker names each language in
its own language: both are left out on purpose. What people typed (every free text in the
database: items, actions, names, the case reference, ...) is left out too; what remains
after digits, punctuation and whitespace is Dutch that nobody wrapped."""

import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from babel.dates import get_day_names, get_month_names
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import current_app, render_template, render_template_string
from sqlalchemy import JSON, String, Text, select

from samenveilig import i18n
from samenveilig.audience import Audience
from samenveilig.children.safety import drawn_lines
from samenveilig.demo import DEMO_PASSWORD
from samenveilig.extensions import db
from samenveilig.follow import services as follow_links
from samenveilig.linktokens import form_token
from samenveilig.live import registry
from samenveilig.meetings import analysis
from samenveilig.models import Case, Meeting, StoryVersion, User
from samenveilig.models.cases import short_relation
from samenveilig.review import exports

from .conftest import save
from .helpers import TRANSLATIONS, source_messages

PSEUDO = "eo"
OPEN, CLOSE = "⟦", "⟧"
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
NAME_COLUMNS = {"name", "first_name", "family_name", "recipient"}
NOT_TYPED = {"visibility", "status", "kind", "category", "urgency", "term", "audience", "due_on"}


def mark(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def pseudo_catalogue(folder, messages) -> None:
    """A compiled catalogue for PSEUDO in which each message is itself, marked."""
    catalog = Catalog(locale=PSEUDO)
    for message in messages:
        string = tuple(mark(form) for form in message) if isinstance(message, tuple) else mark(message)
        catalog.add(message, string)
    target = folder / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)


@pytest.fixture
def pseudo_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("pseudo")


@pytest.fixture
def app_config(pseudo_folder):
    """The app reads the pseudo catalogue beside the shipped ones."""
    return {"BABEL_TRANSLATION_DIRECTORIES": f"{TRANSLATIONS};{pseudo_folder}"}


@pytest.fixture
def pseudo(app, pseudo_folder, monkeypatch):
    """Make the pseudo language one the screens speak; returns a function that (re)builds its catalogue."""
    monkeypatch.setattr(i18n, "FAMILY_LANGUAGES", (*i18n.FAMILY_LANGUAGES, PSEUDO))
    monkeypatch.setattr(i18n, "ENDONYMS", i18n.ENDONYMS | {PSEUDO: "Esperanto"})
    original = i18n.catalogue

    def catalogue(language: str):
        if language != PSEUDO:
            return original(language)
        from babel.support import Translations
        return Translations.load(str(pseudo_folder), [PSEUDO])

    monkeypatch.setattr(i18n, "catalogue", catalogue)

    def build(messages):
        for old in pseudo_folder.iterdir():
            for path in sorted(old.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
            old.rmdir()
        pseudo_catalogue(pseudo_folder, messages)
        forget()

    def forget():
        with app.app_context():  # Flask-Babel keeps each locale's translations once loaded
            i18n.babel.domain_instance.cache.clear()

    yield build
    forget()


class VisibleText(HTMLParser):
    """The text a reader sees: text outside script and style (one string, nodes on their own
    line, so a marked message with markup inside stays whole) and the shown attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes, self.attributes, self._hidden = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attrs = dict(attrs)
        self.attributes += [attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.attributes.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.nodes.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def typed_texts() -> list[str]:
    """Every free text people typed into the database (and each capitalised word of a name),
    longest first; short coded values (a status, a category) are not typed and stay out."""
    texts = set()
    for table in db.metadata.sorted_tables:
        if table.name.startswith("audit") or table.name.endswith("_changes"):
            continue
        for column in table.columns:
            if column.name in NOT_TYPED or not isinstance(column.type, String | Text | JSON):
                continue
            free = isinstance(column.type, Text | JSON) or column.type.length is None or column.type.length >= 60
            if not free and column.name not in NAME_COLUMNS:
                continue
            for (value,) in db.session.execute(select(column)):
                texts |= set(strings_in(value))
                if column.name in NAME_COLUMNS and isinstance(value, str):
                    texts |= {word for word in value.split() if word[:1].isupper()}  # "Fatima"
                if column.name == "relation" and isinstance(value, str):
                    texts.add(short_relation(value))  # "Samira (tante)": a relation shortened
    for line in list(texts):
        texts |= {squash(part) for part in line.splitlines()}
        texts |= drawn_lines(line)  # a child's Safety House draws a long text over several lines
    return sorted((text for text in map(squash, texts) if text), key=len, reverse=True)


def strings_in(value, key: str | None = None):
    if isinstance(value, str) and key not in NOT_TYPED:
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v, key)


def allowed_texts() -> list[str]:
    """Shown on purpose in no catalogue: dates from babel, each language's own name, our name."""
    names = set(i18n.ENDONYMS.values()) | {"Samenveilig"}
    for width in ("wide", "abbreviated"):
        names |= set(get_month_names(width, locale=PSEUDO).values())
        names |= set(get_day_names(width, locale=PSEUDO).values())
    return sorted(names, key=len, reverse=True)


def identifiers() -> list[str]:
    """A case's reference and its service (OCJ, SDJ), the names of the help lines (Awel, CAW):
    the same in every language."""
    lines = [str(line["name"]) for line in current_app.config["HELP_LINES"]]
    return [value for row in db.session.execute(select(Case.reference, Case.service)) for value in row] + lines


def unwrapped(html: str, leave_out: list[str]) -> list[str]:
    """The fragments of visible text that are neither marked, typed nor allowed."""
    page = VisibleText()
    page.feed(html)
    texts = ["\n".join(squash(node) for node in page.nodes), *map(squash, page.attributes)]
    # Whole words only: a name such as "Ali" never eats into "Alleen".
    left_out = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, leave_out)) + r")(?!\w)") if leave_out else None
    fragments = []
    for text in texts:
        while MARKED.search(text):  # inner first: a placeholder may hold a marked message
            text = MARKED.sub("\n", text)
        for fragment in text.split("\n"):
            if left_out:
                fragment = left_out.sub(" ", fragment)
            if re.search(r"[^\W\d_]", fragment):
                fragments.append(squash(fragment))
    return list(dict.fromkeys(fragments))


def report(found: dict[str, list[str]]) -> str:
    lines = [f"{len(found)} screens show text that is not wrapped for translation:"]
    for screen, fragments in found.items():
        lines.append(f"  {screen}")
        lines += [f"      {fragment!r}" for fragment in fragments]
    return "\n".join(lines)


# The sanity of the check itself -------------------------------------------------------------

def test_a_text_nobody_wrapped_is_caught_and_a_wrapped_one_is_not(app, pseudo):
    pseudo(["Jullie plan", "Uitleg voor %(name)s", ("%(num)s actie", "%(num)s acties")])
    template = ('<h1 title="{{ _("Jullie plan") }}">{{ _("Jullie plan") }}</h1>'
                '<p>{{ _("Uitleg voor %(name)s", name="Yasmine") }}</p><p>{{ ngettext("%(num)s actie", '
                '"%(num)s acties", 3) }}</p><p>Vergeten te vertalen</p><img alt="Een tekening">'
                '<script>var dutch = "niet zichtbaar";</script>')
    with app.test_request_context("/gezin/x"):
        i18n.speak(PSEUDO)
        html = render_template_string(template)
    assert "⟦Uitleg voor Yasmine⟧" in html and "⟦3 acties⟧" in html
    assert unwrapped(html, ["Yasmine"]) == ["Vergeten te vertalen", "Een tekening"]
    assert unwrapped(html, ["Yasmine", "Vergeten te vertalen", "Een tekening"]) == []
    assert unwrapped("<p>Yasmine tekende dit</p>", ["Yasmine"]) == ["tekende dit"]


def test_the_pseudo_catalogue_reaches_the_app_and_a_wrapped_page_passes(app, pseudo):
    pseudo(source_messages())
    with app.test_request_context("/gezin/x"):
        i18n.speak(PSEUDO)
        html = render_template("share/gone.html")
        heading = str(i18n.both("Deze link werkt niet"))
    assert '<html lang="eo" dir="ltr">' in html
    assert "<h1>⟦Deze link werkt niet⟧</h1>" in html and heading == "⟦Deze link werkt niet⟧"
    assert unwrapped(html, allowed_texts()) == []


# Every family-facing screen ------------------------------------------------------------------

def demo_world(app, client, runner) -> SimpleNamespace:
    """The demo, seeded once, with a follow link to today's meeting; the consultant logged in."""
    result = runner.invoke(args=["seed-demo", "--if-empty", "--base-url", "http://localhost"])
    assert result.exit_code == 0, result.output
    family_token = re.search(r"http://localhost/gezin/(\S+)", result.output).group(1)
    child_token = re.search(r"http://localhost/kind/(\S+)", result.output).group(1)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.family_name == "El Amrani"))
        meeting = db.session.scalars(select(Meeting).where(
            Meeting.case_id == case.id, Meeting.status == "open")).one()
        consultant = db.session.get(User, case.members[0].user_id)
        follow_token = follow_links.create_follow_link(consultant, meeting)
        closed = db.session.scalars(select(Meeting).where(
            Meeting.case_id == case.id, Meeting.status == "closed").order_by(Meeting.held_on.desc())).first()
        story = next(v for v in db.session.scalars(select(StoryVersion)) if v.is_shared)
        world = SimpleNamespace(family_token=family_token, follow_token=follow_token, child_token=child_token,
                                child_id=story.child_id,
                                story_id=story.id, closed_id=closed.id, case_id=case.id, meeting_id=meeting.id,
                                consultant_id=consultant.id)
        email = consultant.email
    client.post("/aanmelden", data={"email": email, "password": DEMO_PASSWORD})
    return world


def speak_in(app, world, language: str) -> None:
    """The case's family language: screens that follow it speak it too."""
    with app.app_context():
        db.session.get(Case, world.case_id).family_language = language
        save()


def family_pages(app, client, world, language: str, regions: bool = True) -> dict[str, str]:
    """Every family-facing screen and print of the demo, in one language (the case speaks it);
    without `regions`, their live regions only as the whole pages show them."""
    taal = f"taal={language}"
    wall = f"/overleg/{world.meeting_id}/projectie"
    follow = f"/meekijken/{world.follow_token}"
    family = f"/gezin/{world.family_token}"
    family_regions = sorted(name for name, region in registry.REGISTRY.items()
                            if Audience.FAMILY in region.templates) if regions else []
    screens = {f"projector {tab.strip('/') or 'mapping'}": f"{wall}{tab}?{taal}"
               for tab in ("", "/analyse", "/plan", "/netwerk", "/kinderen")}
    screens |= {f"projector region {name}": f"{wall}/regio/{name}?{taal}" for name in family_regions}
    screens |= {"follow page": f"{follow}?{taal}", "follow: my score": f"{follow}/mijn-score?{taal}"}
    screens |= {f"follow region {name}": f"{follow}/regio/{name}?{taal}" for name in family_regions}
    screens |= {"follow link gone": f"/meekijken/bestaat-niet?{taal}",
                "family link": f"{family}?{taal}",
                "family link: the story": f"{family}/uitleg/{world.child_id}?{taal}",
                "family link gone": f"/gezin/bestaat-niet?{taal}",
                "printed plan": f"/dossiers/{world.case_id}/plan/afdrukken?{taal}",
                "printed safety plan": f"/dossiers/{world.case_id}/kinderen/{world.child_id}/veiligheidsplan/afdrukken",
                "printed Safety House": f"/dossiers/{world.case_id}/kinderen/{world.child_id}/veiligheidshuis/afdrukken",
                "child's own link": f"/kind/{world.child_token}?{taal}",
                "child's own link gone": f"/kind/bestaat-niet?{taal}"}
    pages = {}
    for screen, url in screens.items():
        response = client.get(url)
        assert response.status_code in (200, 404), f"{screen}: {url} answered {response.status_code}"
        pages[screen] = response.text
    with app.test_request_context(f"/gezin/x?{taal}"):
        i18n.speak(language)
        pages["family link: slow down"] = render_template("share/slow_down.html")
        pages["family link: too large"] = render_template("share/too_large.html")
        case = db.session.get(Case, world.case_id)
        sarah = db.session.get(User, world.consultant_id)
        for name, kind in (("family PDF (meeting)", dict(meeting=db.session.get(Meeting, world.closed_id))),
                           ("family PDF (story)", dict(story=db.session.get(StoryVersion, world.story_id)))):
            export = exports.start(sarah, case, audience=Audience.FAMILY, **kind)
            pages[name] = exports.document_html(export)  # the HTML the PDF worker renders
    return pages


def test_every_family_facing_screen_is_wrapped_and_speaks_no_method_jargon(app, client, runner, pseudo):
    """One demo for both checks (seeding it is the slow part): every screen in the pseudo
    language, whose marked messages are the Dutch source, then in every family language."""
    pseudo(source_messages())
    world = demo_world(app, client, runner)
    speak_in(app, world, PSEUDO)
    pages = family_pages(app, client, world, PSEUDO)
    # A new scale round: the phones are asked who they are; forms with mistakes show their errors.
    taal = f"taal={PSEUDO}"
    follow, family = f"/meekijken/{world.follow_token}", f"/gezin/{world.family_token}"
    with app.app_context():
        analysis.start_round(db.session.get(User, world.consultant_id), db.session.get(Meeting, world.meeting_id), None)
        tokens = {"family": form_token("family-feedback", world.family_token),
                  "child": form_token("child-link-score", world.child_token),
                  "follow": form_token("follow", world.follow_token)}
    pages["follow: my score, a round open"] = client.get(f"{follow}/mijn-score?{taal}").text
    pages["follow: who am I, with mistakes"] = client.post(
        f"{follow}/ik-ben?{taal}", data={"form_token": tokens["follow"]}).text
    pages["family link: feedback with mistakes"] = client.post(
        f"{family}/feedback?{taal}", data={"form_token": tokens["family"]}).text
    pages["child's own link: score with mistakes"] = client.post(
        f"/kind/{world.child_token}/score?{taal}", data={"form_token": tokens["child"]}).text

    with app.app_context():
        leave_out = sorted(typed_texts() + allowed_texts() + identifiers(), key=len, reverse=True)
    found = {screen: fragments for screen, html in pages.items() if (fragments := unwrapped(html, leave_out))}
    assert not found, report(found)

    jargon = {f"nl: {screen}": words for screen, html in pages.items() if (words := jargon_in(html, "nl"))}
    for language in ("fr", "en", "ar", "tr", "pl", "ro"):
        speak_in(app, world, language)
        for screen, html in family_pages(app, client, world, language, regions=False).items():
            if words := jargon_in(html, language):
                jargon[f"{language}: {screen}"] = words
    assert not jargon, jargon


# No method jargon on the family's screens ---------------------------------------------------
# The desk may speak the method; the family reads plain words (B1). The words here are the
# method's own, as each language had them: "mapping", "gevaarsinschatting", "bijsturen", ...,
# and a relation stored inside a name ("Yasmine (kind)").
JARGON = {
    "nl": ["mapping", "complicerende factoren", "impact op", "gevaarsinschatting", "bijsturen", "(kind)",
           "(tante (zus"],
    "fr": ["cartographie", "évaluation du danger", "(kind)"],
    "en": ["mapping", "danger assessment", "danger statement", "impact on the", "(kind)"],
    "ar": ["الخريطة", "تقدير للخطر", "(kind)"],
    "tr": ["haritalama", "tehlike değerlendirmesi", "(kind)"],
    "pl": ["mapowani", "ocena zagrożenia", "oceny zagrożenia", "(kind)"],
    "ro": ["cartografiere", "evaluare a pericolului", "(kind)"],
}


def jargon_in(html: str, language: str) -> list[str]:
    """The method's words a reader sees on a page (text and shown attributes, any case)."""
    page = VisibleText()
    page.feed(html)
    seen = " ".join(squash(text) for text in [*page.nodes, *page.attributes]).lower()
    return [seen[max(0, at - 40):at + 40] for word in JARGON[language] if (at := seen.find(word.lower())) >= 0]


def test_the_jargon_check_finds_a_method_word():
    assert jargon_in("<h2>Eerste Mapping</h2><p title='Complicerende factoren'>x</p>", "nl") == [
        "eerste mapping x complicerende factoren", "eerste mapping x complicerende factoren"]
    assert jargon_in("<p>Yasmine (kind)</p><script>var mapping;</script>", "nl") == ["yasmine (kind)"]
    assert jargon_in("<h2>Cartographie</h2>", "fr") == ["cartographie"]
    assert jargon_in("<h2>Eerste overleg</h2><p>Wat maakt het moeilijker?</p>", "nl") == []


"""What people type is isolated from the text around it on every screen, print and PDF: a name
with a bidi control turns nothing around after it, and a Dutch sentence on an Arabic page keeps
its order. The templates are read statically: every typed field they show goes through `|bdi`."""

import re
from pathlib import Path

import pytest
from markupsafe import Markup

from samenveilig import dates, i18n
from samenveilig.extensions import db
from samenveilig.inputs import BIDI_CONTROLS
from samenveilig.models import Case, MappingItem, Meeting, Participant, User, utcnow
from samenveilig.review import exports
from samenveilig.templating import bdi

from .conftest import save

TEMPLATES = Path(__file__).parent.parent / "samenveilig" / "templates"

# Fields and properties that hold what someone typed (or a name), as templates reach them.
TYPED = (
    "name first_name family_name spoken_name relation text what how who note due_text sign "
    "response worry comment going_well to_adjust can_stop_why summary body discussed_with talked_by_name "
    "talked_by_label speaker_label worried behaviour outcome family_view duration why_high one_higher "
    "reasoning arrangement_who arrangement_what arrangement_until recipient commitment email phone "
    "work_phone child_says child_words others filename file about danger child"
).split()
# Variables that templates fill with names or typed text.
BARE = "name names recipient present kids_text line old new".split()

# A label that is a person's name ("Sofie Maes (mama)"), not a field's or a choice's label.
LABELS = "participant owner speaker series p".split()

REFERENCE = re.compile(
    r"""(?:\.|attribute=["'])(?P<field>%s)\b["']?|\b(?:%s)\.label\b|^\s*(?P<bare>%s)\s*$"""
    % ("|".join(TYPED), "|".join(LABELS), "|".join(BARE)))
CHAIN = re.compile(r"""(?:\s*\|\s*\w+(?:\((?:[^()]|\([^()]*\))*\))?)*""")
# A form's field renders itself (an input, isolated by the browser); a WTForms label is ours.
NOT_TYPED = re.compile(r"label\.text$|(^|_)form\.")

# What the scan leaves alone, and why.
ALLOWED = {
    # The attributes of a live region (a macro called inside a start tag): a region's name.
    ("_macros/live.html", "name"),
}


def masked(source: str) -> str:
    """The template with every Jinja tag, expression and comment blanked out (same length)."""
    return re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", lambda m: "\x01" * len(m.group()), source, flags=re.S)


def matching_open(expr: str, close: int) -> int:
    depth = 0
    for i in range(close, -1, -1):
        depth += {")": 1, "(": -1}.get(expr[i], 0)
        if depth == 0:
            return i
    return -1


def covered(expr: str, start: int, end: int, tag: str) -> bool:
    """Whether the reference at expr[start:end] goes through the isolation (`|bdi`, or in SVG
    `|bdi(svg=true)`): in its own filter chain, or in a bracketed group `( ... )|bdi`."""
    wanted = (r"\|\s*bdi\(svg=true\)|map\(['\"]bdi['\"],\s*svg=true\)" if tag == "svg"
              else r"\|\s*bdi\b(?!\(svg)|map\(['\"]bdi['\"]\)")
    if re.search(wanted, CHAIN.match(expr, end).group()):
        return True
    for found in re.finditer(wanted, expr):
        close = found.start() - 1
        while close >= 0 and expr[close].isspace():
            close -= 1
        if close >= 0 and expr[close] == ")":
            opening = matching_open(expr, close)
            called = opening > 0 and (expr[opening - 1].isalnum() or expr[opening - 1] == "_")
            if opening >= 0 and not called and opening < start and end <= close:
                return True
    return False


def context(source: str, blank: str, position: int) -> str:
    """Where an expression stands: "title", "attribute", "option", "textarea", "svg", "dir"
    (right inside an element whose `dir` the code chose, not "auto": WeasyPrint ignores that) or
    "text"."""
    for block in re.finditer(r"\{%-?\s*block title\s*-?%\}.*?\{%-?\s*endblock", source, flags=re.S):
        if block.start() < position < block.end():
            return "title"
    before = blank[:position]
    if before.rfind("<") > before.rfind(">"):
        return "attribute"
    for tag in ("option", "textarea", "svg"):
        if before.rfind(f"<{tag}") > before.rfind(f"</{tag}>"):
            return tag
    # The start tags right before the expression (no text in between): one with its own dir.
    rest = before.rstrip("\x01 \n")
    while rest.endswith(">"):
        start = rest.rfind("<")
        tag = rest[start:]
        if tag.startswith("</"):
            break
        if re.search(r"""\bdir=["'](?!auto)""", tag):  # a direction the code chose (a language's name)
            return "dir"
        rest = rest[:start].rstrip("\x01 \n")
    return "text"


def unisolated(name: str, source: str) -> list[str]:
    blank = masked(source)
    found = []
    for expression in re.finditer(r"\{\{-?(.*?)-?\}\}", source, flags=re.S):
        expr = expression.group(1)
        where = context(source, blank, expression.start())
        if where == "title":
            if "bdi" in expr:
                found.append(f"{name}: <bdi> in a <title>: {expr.strip()}")
            continue
        if where in ("attribute", "option", "textarea", "dir") or (name, expr.strip()) in ALLOWED:
            continue
        if expr.lstrip().startswith("post_button("):  # what it is given goes into `confirm=`, an attribute
            continue
        for ref in REFERENCE.finditer(expr):
            owner = re.search(r"[\w.]*$", expr[:ref.start()]).group()
            if NOT_TYPED.search(owner + ref.group()) or re.match(r"\s*[.\[(]", expr[ref.end():]):
                continue  # a form's field or a WTForms label; or not shown itself (`danger.danger.x`)
            if re.search(r"\bif\s+(not\s+)?$", expr[:ref.start() - len(owner)]):
                continue  # a condition (`x|bdi if x else "—"`)
            end = ref.end()
            if expr.startswith("attribute", ref.start()):  # map(attribute="name"): after its ")"
                end = expr.find(")", end) + 1
            if not covered(expr, ref.start(), end, where):
                found.append(f"{name}:{source.count(chr(10), 0, expression.start()) + 1}: {expr.strip()}")
                break
    return found


def every_template():
    return sorted(TEMPLATES.rglob("*.html"))


def test_every_typed_text_in_every_template_is_isolated():
    problems = [p for path in every_template()
                for p in unisolated(str(path.relative_to(TEMPLATES)), path.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("probe, caught", [
    ("<p>{{ item.text }}</p>", True),
    ("<p>{{ _('zegt %(name)s', name=item.child.first_name) }}</p>", True),
    ("<p>{{ action.who or '—' }}</p>", True),
    ("<p>{{ case.consultants|map(attribute='name')|join(', ') }}</p>", True),
    ("<svg><text>{{ p.member.name|bdi }}</text></svg>", True),
    ("{% block title %}{{ case.family_name|bdi }}{% endblock %}", True),
    ("<p>{{ item.text|truncate(60)|bdi }}</p>", False),
    ("<p>{{ _('zegt %(name)s', name=item.child.first_name|bdi) }}</p>", False),
    ("<p>{{ (action.who or '—')|bdi }}</p>", False),
    ("<p>{{ case.consultants|map(attribute='name')|map('bdi')|join(', ') }}</p>", False),
    ("<svg><text>{{ p.member.name|bdi(svg=true) }}</text></svg>", False),
    ("<span dir=\"auto\"><strong>{{ item.text }}</strong></span>", True),
    ("<span lang=\"ar\" dir=\"{{ text_direction(code) }}\">{{ name }}</span>", False),
    ("<img alt=\"{{ child.first_name }}\">", False),
    ("{% block title %}Gezin {{ case.family_name }}{% endblock %}", False),
])
def test_the_scan_finds_a_planted_probe(probe, caught):
    assert bool(unisolated("probe.html", probe)) is caught


def test_the_scan_finds_a_probe_planted_in_a_real_template():
    source = (TEMPLATES / "plan/_shared_plan.html").read_text(encoding="utf-8")
    assert not unisolated("plan/_shared_plan.html", source)
    planted = source.replace("{{ goal.text|bdi }}", "{{ goal.text }}", 1)
    assert planted != source and unisolated("plan/_shared_plan.html", planted)


def test_the_allow_list_holds_only_what_is_there():
    for name, expr in ALLOWED:
        assert "{{ %s }}" % expr in (TEMPLATES / name).read_text(encoding="utf-8"), (name, expr)


def test_the_page_titles_drop_bidi_controls():
    for layout in ("_layout.html", "review/_pdf_base.html"):
        assert re.search(r"<title>\{% filter plain %\}\{% block title %\}",
                         (TEMPLATES / layout).read_text(encoding="utf-8")), layout


def test_bdi_writes_out_the_direction_of_the_first_letter_where_it_differs_from_the_page(app):
    with app.test_request_context():  # a Dutch page
        assert bdi("(zes maanden lang).") == Markup("<bdi>(zes maanden lang).</bdi>")
        assert bdi("«أحمد» Maes") == Markup('<bdi dir="rtl">«أحمد» Maes</bdi>')
        assert bdi("0471 23 45 67") == Markup("<bdi>0471 23 45 67</bdi>") and bdi(None) == Markup("")
        assert bdi("\u202eMaes <b>") == Markup("<bdi>Maes &lt;b&gt;</bdi>")
    with app.test_request_context(), i18n.speaking("ar"):
        assert bdi("(zes maanden lang).") == Markup('<bdi dir="ltr">(zes maanden lang).</bdi>')
        assert bdi("أحمد") == Markup("<bdi>أحمد</bdi>")


def test_a_name_stored_with_an_override_turns_nothing_around(app, logged_in, consultant, make_case):
    """Stored before controls were refused: the board, the projector (also in Arabic) and every
    page title show the name and the text without the control, and the name isolated."""
    case = make_case(consultant, family_name="\u202eHaddad")
    with app.app_context():
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        meeting.participants.append(Participant(name="Layla\u202e", relation="\u2067mama"))
        db.session.add(meeting)
        db.session.flush()
        db.session.add(MappingItem(meeting_id=meeting.id, category="strength", visibility="family",
                                   text="Mama\u202e brengt de kinderen (elke dag)."))
        save()
        meeting_id = meeting.id
    for url in (f"/overleg/{meeting_id}", f"/overleg/{meeting_id}/projectie", f"/overleg/{meeting_id}/projectie?taal=ar",
                f"/dossiers/{case.id}", f"/overleg/{meeting_id}/projectie/analyse?taal=ar"):
        # A select's options are WTForms' (each its own paragraph: nothing outside them turns).
        html = re.sub(r"<select.*?</select>", "", logged_in.get(url).get_data(as_text=True), flags=re.S)
        assert not set(html) & set(BIDI_CONTROLS), (url, [html[max(0, i - 120):i + 20] for i, c in enumerate(html) if c in BIDI_CONTROLS])
        assert re.search(r'<bdi( dir="ltr")?>Haddad</bdi>', html), url
        assert not set(re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)) & set(BIDI_CONTROLS), url
    board = logged_in.get(f"/overleg/{meeting_id}").get_data(as_text=True)
    assert "<bdi>Mama brengt de kinderen (elke dag).</bdi>" in board
    assert "<title>Mapping · Gezin Haddad · Samenveilig</title>" in board.replace("Eerste mapping", "Mapping")


def test_the_family_pdf_in_arabic_lays_a_dutch_goal_out_left_to_right(app, consultant, make_case):
    """WeasyPrint lays out each piece of text in the direction its box has (it ignores
    `dir="auto"`): the Dutch goal's box is "ltr" on the Arabic document, so "." stays at its end."""
    from weasyprint import HTML

    goal = "De kinderen slapen thuis (zes maanden lang, ook in de weekends)."
    case = make_case(consultant, family_name="Haddad")
    with app.app_context(), app.test_request_context():
        db.session.get(Case, case.id).family_language = "ar"
        # The family's PDF is of a closed meeting: what was agreed.
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today(), status="closed", closed_at=utcnow())
        db.session.add(meeting)
        db.session.flush()
        db.session.add(MappingItem(meeting_id=meeting.id, category="safety_goal", visibility="family", text=goal))
        save()
        export = exports.start(db.session.get(User, consultant.id), db.session.get(Case, case.id),
                               audience="family", meeting=meeting)
        document = HTML(string=exports.document_html(export)).render()

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or ():
            yield from boxes(child)

    texts = [box for box in boxes(document.pages[0]._page_box) if getattr(box, "text", "") == goal]
    assert texts and document.pages[0]._page_box.style["direction"] == "rtl"
    assert all(box.style["direction"] == "ltr" for box in texts), [box.style["direction"] for box in texts]

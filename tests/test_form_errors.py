"""Every form, after a refused submit, puts the focus on its first field in error (in the order
the page shows them) and ties each error and each hint to its field; "Sneltoetsen uit" is kept
for the user who chose it."""

from datetime import timedelta
from html.parser import HTMLParser

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import Child, NetworkMember, User

from .conftest import save
from .helpers import multipart


class Page(HTMLParser):
    """The ids on a page and the attributes of its form controls."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.controls: dict[str, dict] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            self.controls[attrs.get("id") or attrs.get("name")] = attrs

    def focused(self) -> list[str]:
        return [name for name, attrs in self.controls.items() if "autofocus" in attrs]

    def described_by(self, name: str) -> list[str]:
        return (self.controls[name].get("aria-describedby") or "").split()

    def missing_descriptions(self) -> list[tuple[str, str]]:
        """(control, id) for every aria-describedby that points at nothing on the page."""
        return [(name, ref) for name in self.controls for ref in self.described_by(name) if ref not in self.ids]


def family(app, consultant, make_case):
    case = make_case(consultant, family_name="Maes")
    with app.app_context():
        child = Child(case_id=case.id, first_name="Yasmine", date_of_birth=dates.today() - timedelta(days=14 * 366))
        rita = NetworkMember(case_id=case.id, name="Rita Claes", relation="oma", role="network")
        db.session.add_all([child, rita])
        save()
        return case.id, child.id, rita.id


def test_the_three_houses_refused_focus_the_first_choice_and_tie_each_error_to_its_field(
        app, logged_in, consultant, make_case):
    case_id, child_id, _ = family(app, consultant, make_case)
    refused = multipart(logged_in, f"/dossiers/{case_id}/kinderen/{child_id}/huizen", {
        "talked_on": dates.today().isoformat(), "talker": str(consultant.id), "visibility": "family"})
    assert refused.status_code == 422
    page = Page(refused.get_data(as_text=True))
    assert page.focused() == ["house-0"]  # the first house, where the first error is
    for radio in ("house-0", "house-1", "house-2"):
        assert page.controls[radio]["aria-invalid"] == "true"
        assert page.described_by(radio) == ["house-error"]
    assert page.described_by("text") == ["text-hint", "text-error"]
    assert page.controls["text"]["aria-invalid"] == "true"
    assert "aria-invalid" not in page.controls["visibility-0"]
    assert {"house-error", "text-error", "text-hint"} <= page.ids
    assert page.missing_descriptions() == []


def test_a_desk_form_focuses_its_first_field_in_error_instead_of_its_own_first_field(
        app, logged_in, consultant, make_case):
    case_id, _, _ = family(app, consultant, make_case)
    url = f"/dossiers/{case_id}/bewerken"
    page = Page(logged_in.get(url).get_data(as_text=True))
    assert page.focused() == ["family_name"]  # the form's own choice, without errors
    refused = logged_in.post(url, data={"family_name": "Maes", "service": "OCJ", "family_language": "nl",
                                        "more_languages": ["fr", "xx"]})
    assert refused.status_code == 422
    page = Page(refused.get_data(as_text=True))
    assert page.focused() == ["more_languages-0"]
    assert page.described_by("more_languages-1") == ["more_languages-hint", "more_languages-error"]
    assert page.controls["more_languages-0"]["aria-invalid"] == "true"
    assert page.missing_descriptions() == []
    page = Page(logged_in.post(url, data={"family_name": "", "service": "OCJ", "family_language": "nl"})
                .get_data(as_text=True))
    assert page.focused() == ["family_name"]
    assert page.described_by("family_name") == ["family_name-hint", "family_name-error"]


def test_every_hint_a_control_points_to_is_on_the_page(app, logged_in, consultant, make_case):
    """The network member's three checkboxes, the family link's phone: a hint is rendered
    wherever a control refers to one."""
    case_id, child_id, rita = family(app, consultant, make_case)
    case_page = Page(logged_in.get(f"/dossiers/{case_id}").get_data(as_text=True))
    for checkbox in ("new-network_member-support_figure", "new-network_member-in_safety_network",
                     "new-network_member-knows_danger"):
        assert page_hint(case_page, checkbox)
    assert case_page.missing_descriptions() == []
    links = Page(logged_in.get(f"/dossiers/{case_id}/gezinslinks").get_data(as_text=True))
    assert page_hint(links, "show_phone")
    assert links.missing_descriptions() == []
    edit = Page(logged_in.get(f"/dossiers/{case_id}/netwerk/{rita}/bewerken").get_data(as_text=True))
    assert edit.missing_descriptions() == []
    houses = Page(logged_in.get(f"/dossiers/{case_id}/kinderen/{child_id}/huizen").get_data(as_text=True))
    assert houses.missing_descriptions() == []


def page_hint(page: Page, control: str) -> bool:
    return f"{control}-hint" in page.described_by(control) and f"{control}-hint" in page.ids


def test_shortcuts_off_is_kept_for_the_user(app, logged_in, consultant):
    answer = logged_in.post("/mijn-account/sneltoetsen", data={"off": "y"}, headers={"HX-Request": "true"})
    assert answer.status_code == 204
    with app.app_context():
        assert db.session.get(User, consultant.id).shortcuts_off is True
    assert "checked" in Page(logged_in.get("/mijn-account").get_data(as_text=True)).controls["off"]
    back_on = logged_in.post("/mijn-account/sneltoetsen", data={})  # Mijn account, without htmx
    assert back_on.status_code == 302 and back_on.location.endswith("/mijn-account")
    with app.app_context():
        assert db.session.get(User, consultant.id).shortcuts_off is False
    assert "checked" not in Page(logged_in.get("/mijn-account").get_data(as_text=True)).controls["off"]

"""Inputs that must never crash a page: ids too large for the database, NUL bytes in text,
and request bodies that are too large; bidi controls that would turn the text around."""

import importlib
import inspect
import pkgutil

import pytest
from flask import Flask
from flask_babel import Babel
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import Form as PlainForm
from wtforms import PasswordField, StringField, TextAreaField

import samenveilig
from samenveilig.extensions import db
from samenveilig.forms import Form
from samenveilig.inputs import BIDI_CONTROLS, BIDI_MARKS, MAX_ID
from samenveilig.models import Case, Child, Feedback, Role, User

from .helpers import family_form_token as form_token
from .helpers import make_family_link as make_link

HUGE = [99999999999999999999999, 9223372036854775808, 18446744073709551616]
TEXT_VALUES = {"collection": "kinderen", "category": "worry", "token": "x", "name": "scale",
               "kind_name": "acties", "kind": "gevaar"}


def int_rules(app):
    rules = [r for r in app.url_map.iter_rules()
             if any(type(c).__name__ == "BoundedIntConverter" for c in r._converters.values())]
    assert len(rules) > 40
    return rules


def request_every(app, client, rule, value):
    adapter = app.url_map.bind("localhost")
    ints = {name for name, c in rule._converters.items() if type(c).__name__ == "BoundedIntConverter"}
    url = adapter.build(rule.endpoint, {k: value if k in ints else TEXT_VALUES[k] for k in rule.arguments})
    for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
        yield url, method, client.open(url, method=method, data={"text": "x"})


@pytest.mark.db
def test_every_int_in_a_url_is_bounded(app, client, auth, make_user):
    """Every `<int:...>` is the bounded converter; ids past the database's range are a 404."""
    auth.login(make_user(Role.TEAMLEAD))
    for rule in int_rules(app):
        for value in HUGE:
            for url, method, response in request_every(app, client, rule, value):
                assert response.status_code in (404, 405), (method, url)
        for url, method, response in request_every(app, client, rule, MAX_ID):
            assert response.status_code < 500, (method, url)


def test_a_huge_page_number_shows_the_first_page(logged_in, consultant, make_case):
    make_case(consultant, family_name="Janssens")
    response = logged_in.get(f"/?pagina={HUGE[0]}")
    assert response.status_code == 200 and "Janssens" in response.text
    assert "Janssens" in logged_in.get(f"/?pagina={-HUGE[0]}").text


def every_form_class(cls=PlainForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from every_form_class(sub)


def every_app_form():
    """Every form class of the app, found by importing every module of the package."""
    for module in pkgutil.walk_packages(samenveilig.__path__, "samenveilig."):
        importlib.import_module(module.name)
    return sorted((c for c in every_form_class() if c.__module__.startswith("samenveilig.")),
                  key=lambda c: (c.__module__, c.__name__))


def test_every_form_filters_nul_bytes(app):
    """All forms of the app share the base Form, whose fields drop NUL bytes."""
    import samenveilig.cases.views  # noqa: E401,F401
    import samenveilig.follow.views  # noqa: E401,F401

    ours = [c for c in every_form_class() if c.__module__.startswith("samenveilig")]
    assert len(ours) > 20
    assert all(issubclass(c, Form) for c in ours), [c for c in ours if not issubclass(c, Form)]


# Between letters, at the edges, and a Dutch goal's full stop after an override.
BIDI_TYPED = "\u202eMa\u2067es\u200f \u202a(zes\u2066 maanden\u202c lang)\u202b.\u2069\u202d\u200e\u061c\u2068"


def typed_fields(form):
    return [f for f in form if isinstance(f, StringField)]


@pytest.fixture(scope="module")
def bare_app():
    """Forms filter their input without the app: a bare Flask app keeps each case quick."""
    bare = Flask(__name__)
    bare.config.update(SECRET_KEY="x", WTF_CSRF_ENABLED=False)
    Babel(bare)
    return bare


@pytest.mark.parametrize("form_class", every_app_form(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_text_field_of_every_form_drops_bidi_controls(bare_app, form_class):
    """Whatever a field's own filters, no bidi control is stored: a one-line field (a name, a
    short text) loses the marks too, a multi-line text keeps them; a password is as typed."""
    extra = {name: 1 for name, p in inspect.signature(form_class.__init__).parameters.items()
             if p.kind is p.POSITIONAL_OR_KEYWORD and p.default is p.empty and name != "self"}
    with bare_app.test_request_context():
        names = [f.name for f in typed_fields(form_class(**extra, formdata=None))]
        form = form_class(**extra, formdata=MultiDict({n: BIDI_TYPED for n in names}))
    for field in typed_fields(form):
        if isinstance(field, PasswordField):
            assert field.data == BIDI_TYPED
        elif isinstance(field, TextAreaField):
            assert not set(field.data) & set(BIDI_CONTROLS), field.name
            assert "(zes maanden lang)." in field.data and "\u200f" in field.data, field.name
        else:
            assert not set(field.data) & set(BIDI_CONTROLS + BIDI_MARKS), field.name
            assert "Maes (zes maanden lang)." in field.data, field.name


def test_every_form_has_text_fields_to_check():
    forms = every_app_form()
    assert len(forms) > 40
    assert sum(1 for c in forms if any(isinstance(f.field_class, type) and issubclass(f.field_class, TextAreaField)
                                       for _, f in inspect.getmembers(c) if hasattr(f, "field_class"))) > 10


@pytest.mark.db
def test_a_name_with_a_bidi_override_is_stored_without_it(app, logged_in, consultant, runner):
    response = logged_in.post("/dossiers/nieuw", data={"family_name": "\u202eMaes\u200f ", "service": "OCJ"})
    assert response.status_code == 302
    result = runner.invoke(args=["create-user", "\u202eels@test.be", "--name", "\u2067Els\u202e Peeters\u200e",
                                 "--password-stdin"], input="een-lang-wachtwoord\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(Case.family_name).where(Case.family_name == "Maes")) == "Maes"
        assert db.session.scalar(select(User.name).where(User.email == "els@test.be")) == "Els Peeters"


@pytest.mark.db
def test_nul_bytes_never_reach_the_database(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    response = logged_in.post("/dossiers/nieuw", data={"family_name": "Ma\x00es", "service": "OCJ"})
    assert response.status_code == 302
    response = logged_in.post(f"/dossiers/{case.id}/kinderen",
                              data={"new-child-first_name": "Li\x00na", "new-child-date_of_birth": "2015-03-01"})
    assert response.status_code in (200, 302)
    assert logged_in.get("/?q=Ma%00es").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Case.family_name).where(Case.family_name == "Maes")) == "Maes"
        assert db.session.scalar(select(Child.first_name).where(Child.case_id == case.id)) == "Lina"


@pytest.mark.db
def test_a_login_with_nul_bytes_is_just_wrong(app, client, make_user):
    user = make_user()
    response = client.post("/aanmelden", data={"email": user.email + "\x00", "password": "fout\x00"})
    assert response.status_code == 401 and "klopt niet" in response.text
    with app.app_context():
        assert db.session.get(User, user.id).active


def test_a_too_large_body_gets_a_dutch_413_before_it_is_read(app, logged_in, consultant, make_case):
    token = make_link(logged_in, make_case(consultant).id)
    big = {"form_token": form_token(app, token), "text": "x" * app.config["MAX_CONTENT_LENGTH"], "rating": "4"}
    family = app.test_client().post(f"/gezin/{token}/feedback", data=big)
    assert family.status_code == 413
    assert "Te lang bericht" in family.text and "<script" not in family.text
    with app.app_context():
        assert db.session.scalar(select(func.count(Feedback.id))) == 0
    staff = logged_in.post("/dossiers/nieuw", data={"family_name": "x" * app.config["MAX_CONTENT_LENGTH"]})
    assert staff.status_code == 413 and "Te groot" in staff.text


def test_a_normal_form_is_well_below_the_limit(app):
    # The longest field (a judge proposal, 20,000 characters of 4 UTF-8 bytes, %-encoded).
    assert 20_000 * 4 * 3 < app.config["MAX_CONTENT_LENGTH"]


@pytest.mark.db
def test_huge_ids_in_forms_are_refused_as_invalid(app, client, auth, make_user, make_case):
    lead, consultant = make_user(Role.TEAMLEAD), make_user()
    case = make_case(consultant)
    auth.login(lead)
    response = client.post(f"/dossiers/{case.id}/consulenten", data={"user_id": str(HUGE[1])})
    assert response.status_code == 422
    response = client.post(f"/dossiers/{case.id}/consulenten", data={"user_id": str(MAX_ID)})
    assert response.status_code == 422

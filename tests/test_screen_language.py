"""A screen's language (`?taal=`): one language or Dutch with a second beside it, the
projector's default for the case, headings in both languages, dates in the screen's
language, and pushed regions rendered once per language."""

import re
from datetime import date, datetime, timezone

import pytest
from flask import render_template_string

from samenveilig import dates, i18n
from samenveilig.audience import Audience
from samenveilig.extensions import db
from samenveilig.models import Case, Meeting

from .conftest import save


@pytest.mark.parametrize("value, expected", [
    ("ar", "ar"), ("nl", "nl"), ("nl+ar", "nl+ar"), ("nl+fr", "nl+fr"),
    ("nl+nl", "x"), ("ar+nl", "x"), ("fr+ar", "x"), ("klingon", "x"), ("", "x"), (None, "x"),
    ("nl+", "x"), ("nl+ar+fr", "x"),
])
def test_only_known_screen_languages_are_taken(value, expected):
    assert i18n.parse(value, default="x") == expected


def test_the_room_shows_the_family_language_beside_dutch():
    assert i18n.room_default("ar") == "nl+ar"
    assert i18n.room_default("nl") == "nl"
    assert i18n.room_default(None) == "nl"
    assert i18n.room_default("xx") == "nl"


def test_a_heading_shows_both_languages_only_on_a_screen_with_two(app):
    heading = "{{ both('Deze link werkt niet') }}|{{ _('Deze link werkt niet') }}"
    with app.test_request_context("/"):
        assert render_template_string(heading) == "Deze link werkt niet|Deze link werkt niet"
    with app.test_request_context("/"):
        i18n.speak("nl+ar")
        shown = render_template_string(heading)
        assert shown == ('Deze link werkt niet<span class="other-language" lang="ar" dir="rtl">'
                         "هذا الرابط لا يعمل</span>|Deze link werkt niet")
        assert i18n.screen_language() == "nl+ar"
    with app.test_request_context("/"):
        i18n.speak("fr")
        assert render_template_string(heading) == "Ce lien ne fonctionne pas|Ce lien ne fonctionne pas"
        assert render_template_string("{{ page_language() }}") == "fr"


def test_dates_speak_the_screen_language_and_stay_dutch_on_the_desk(app):
    day = date(2026, 11, 28)
    moment = datetime(2026, 11, 28, 13, 3, tzinfo=timezone.utc)
    template = "{{ day|date_nl }}|{{ day|weekday_nl }}|{{ moment|datetime_nl }}"
    with app.test_request_context("/"):
        assert render_template_string(template, day=day, moment=moment) == (
            "28 november 2026|zaterdag|28 november 2026 om 14:03")
    with app.test_request_context("/"):
        i18n.speak("fr")
        shown = render_template_string(template, day=day, moment=moment)
        assert shown == "28 novembre 2026|samedi|28 novembre 2026, 14:03"
        # A plan kept at closing holds its dates as text: they read the same.
        assert render_template_string("{{ '2026-12-01'|date_nl }}") == "1 décembre 2026"
    with app.test_request_context("/"):
        assert render_template_string("{{ '2026-12-01'|date_nl }}") == "1 december 2026"


def test_each_region_is_rendered_once_per_language(app, make_user, make_case, monkeypatch):
    case = make_case(make_user(name="Sarah Peeters"))
    with app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        save()
        meeting_id = meeting.id
    renderer = app.extensions["live_render"]
    rendered, real = [], renderer._render

    def counting(meeting_id, name, audience, base_url, language):
        rendered.append(language)
        with app.app_context():
            return real(meeting_id, name, audience, base_url, language)

    monkeypatch.setattr(renderer, "_render", counting)

    for language in ("nl", "nl+ar", "ar", "nl", "ar"):
        renderer.event(meeting_id, "worry", Audience.FAMILY, 1, "http://x/", language)
    assert rendered == ["nl", "nl+ar", "ar"]


def test_the_projector_of_an_arabic_case_shows_both_unless_told_otherwise(app, logged_in, consultant, make_case):
    case = make_case(consultant)
    with app.app_context():
        db.session.get(Case, case.id).family_language = "ar"
        meeting = Meeting(case_id=case.id, kind="mapping", held_on=dates.today())
        db.session.add(meeting)
        save()
        meeting_id = meeting.id
    both_languages = logged_in.get(f"/overleg/{meeting_id}/projectie").text
    assert '<html lang="nl" dir="ltr">' in both_languages
    assert f"/overleg/{meeting_id}/projectie/events?since=0&amp;taal=nl%2Bar" in both_languages
    arabic = logged_in.get(f"/overleg/{meeting_id}/projectie?taal=ar").text
    assert '<html lang="ar" dir="rtl">' in arabic and "taal=ar" in arabic
    unknown = logged_in.get(f"/overleg/{meeting_id}/projectie?taal=xx").text
    assert "taal=nl%2Bar" in unknown
    board = logged_in.get(f"/overleg/{meeting_id}").text
    assert '<html lang="nl" dir="ltr">' in board and "taal=" not in board


def test_the_scale_runs_from_right_to_left_on_an_arabic_screen(app):
    """0 stands where a reader begins: on the left in Dutch, on the right in Arabic (as the
    phone's score buttons, which the browser mirrors)."""
    macro = "{% from '_macros/scale.html' import scale_line %}{{ scale_line([]) }}"
    ticks = {}
    for language in ("nl", "ar"):
        with app.test_request_context("/"):
            i18n.speak(language)
            svg = app.jinja_env.from_string(macro).render()
        ticks[language] = re.findall(r'<text x="(\d+)"[^>]*>(\d+)</text>', svg)
    assert ticks["nl"][0] == ("40", "0") and ticks["nl"][-1] == ("960", "10")
    assert ticks["ar"][0] == ("960", "0") and ticks["ar"][-1] == ("40", "10")

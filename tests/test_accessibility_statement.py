"""The accessibility statement (/toegankelijkheid): open without login, in Dutch, with what
is met, what is not yet, whom to tell (from the config) and its date; every page's footer links
to it, the family link's and the follow link's too."""

import re

import pytest

from .helpers import make_family_link, make_follow_link, meeting_case, start_meeting  # noqa: F401

STATEMENT = 'href="/toegankelijkheid"'


def footer(page: str) -> str:
    return re.search(r'<footer class="site-footer[^"]*">(.*?)</footer>', page, re.S).group(1)


def test_the_statement_needs_no_login_and_says_what_works_what_not_yet_and_whom_to_tell(client):
    page = client.get("/toegankelijkheid")
    assert page.status_code == 200
    text = page.text
    assert '<html lang="nl"' in page.get_data(as_text=True)
    for heading in ("Hoe toegankelijk is Samenveilig?", "Wat werkt", "Wat nog niet werkt",
                    "Werkt iets niet voor jou? Laat het ons weten"):
        assert f">{heading}</h2>" in text
    assert "gedeeltelijk" in text and "WCAG) 2.1" in text
    assert "Opgesteld op 5 december 2026." in text  # ACCESSIBILITY_STATEMENT_DATE
    assert "Vertel het aan je consulent, of aan de dienst die je begeleidt" in text  # no contact set
    assert "Vlaamse Ombudsdienst" in text
    assert STATEMENT in footer(text)  # the login page's footer too


@pytest.mark.parametrize("app_config", [{
    "ACCESSIBILITY_CONTACT": {"name": "OCJ Antwerpen", "email": "toegankelijkheid@ocj.example", "phone": "03 000 00 00"},
    "ACCESSIBILITY_STATEMENT_DATE": "2027-03-01",
}])
def test_whom_to_tell_and_the_date_come_from_the_config(client):
    page = client.get("/toegankelijkheid").text
    contact = re.search(r'<dl class="facts" id="accessibility-contact">(.*?)</dl>', page, re.S).group(1)
    assert "OCJ Antwerpen" in contact
    assert 'href="mailto:toegankelijkheid@ocj.example"' in contact and 'href="tel:030000000"' in contact
    assert "Vertel het aan je consulent" not in page
    assert "Opgesteld op 1 maart 2027." in page


def test_every_page_links_to_the_statement_also_the_family_link_and_the_follow_link(client, auth, consultant,
                                                                                     meeting_case):  # noqa: F811
    assert STATEMENT in footer(client.get("/aanmelden").text)
    auth.login(consultant)
    assert STATEMENT in footer(client.get("/").text)
    assert STATEMENT in footer(client.get(f"/dossiers/{meeting_case.id}").text)
    meeting_id = start_meeting(client, meeting_case.id)
    follow = make_follow_link(client, meeting_id)
    family = make_family_link(client, meeting_case.id)
    auth.logout()
    for language in ("nl", "ar"):
        for url in (f"/gezin/{family}?taal={language}", f"/meekijken/{follow}?taal={language}"):
            page = client.get(url)
            assert page.status_code == 200, url
            assert STATEMENT in footer(page.get_data(as_text=True)), url
            link = footer(page.get_data(as_text=True))
            assert 'hreflang="nl"' in link  # the statement is in Dutch, the link in the page's language
            assert ("إمكانية الوصول" if language == "ar" else "Toegankelijkheid") in link

"""Een eigen link voor het kind: the young person's own link, apart from the family link; only
what is for her on it, nothing of it on the parents' link; her score enters the meeting's
round as "Yasmine (14) zelf"; a young child scores with five faces."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samenveilig import dates
from samenveilig.extensions import db
from samenveilig.models import (
    AuditEvent,
    Child,
    ChildHouseEntry,
    ChildLink,
    ChildLinkView,
    ChildScore,
    Meeting,
    Participant,
    PlanAction,
    ScaleRound,
    ScaleScore,
    StoryPanel,
    StoryVersion,
    utcnow,
)
from samenveilig.plan.services import take_snapshot

from .conftest import save
from .helpers import make_family_link

pytestmark = pytest.mark.db


def born(years: int):
    return dates.today().replace(year=dates.today().year - years) - timedelta(days=30)


@pytest.fixture
def case(app, consultant, make_case, client, auth):
    """Yasmine (14) and Noah (6): her words shared with everyone, with the helpers only and with
    no one, and her shared explanation; Noah's words for everyone; the parents' plan agreed at a
    closed meeting; the next meeting, open, in a week."""
    case = make_case(consultant, family_name="El Amrani")
    with app.app_context():
        yasmine = Child(case_id=case.id, first_name="Yasmine", date_of_birth=born(14))
        noah = Child(case_id=case.id, first_name="Noah", date_of_birth=born(6))
        closed = Meeting(case_id=case.id, kind="mapping", held_on=dates.today() - timedelta(days=21), status="closed")
        following = Meeting(case_id=case.id, kind="review", held_on=dates.today() + timedelta(days=7))
        db.session.add_all([yasmine, noah, closed, following])
        db.session.flush()
        for visibility, marker in [("family", "IEDEREEN-WOORD"), ("professional", "HULPVERLENERS-WOORD"),
                                   ("confidential", "NIEMAND-WOORD")]:
            db.session.add(ChildHouseEntry(case_id=case.id, child=yasmine, house="worries", text=f"{marker} van Yasmine",
                                           talked_on=dates.today() - timedelta(days=3), visibility=visibility))
        db.session.add(ChildHouseEntry(case_id=case.id, child=noah, house="good", text="NOAH-WOORD voor iedereen",
                                       talked_on=dates.today() - timedelta(days=3), visibility="family"))
        db.session.add(PlanAction(case_id=case.id, what="OUDERPLAN-ACTIE", visibility="family"))
        version = StoryVersion(case_id=case.id, child_id=yasmine.id, version_number=1, status="shared",
                               shared_on=dates.today())
        version.panels = [StoryPanel(position=1, heading="Wat is er gebeurd?", text="UITLEG-VOOR-YASMINE")]
        db.session.add(version)
        db.session.flush()
        take_snapshot(closed)
        save()
        ids = dict(case=case.id, yasmine=yasmine.id, noah=noah.id, meeting=following.id)
    auth.login(consultant)
    return ids


def make_link(client, case, child, **data):
    form = {"expires_on": (dates.today() + timedelta(days=90)).isoformat()} | data
    page = client.post(f"/dossiers/{case['case']}/kinderen/{case[child]}/eigen-link", data=form)
    assert page.status_code == 200, page.text
    return re.search(r'id="new-link-url" type="text" readonly value="http://localhost/kind/([^"]+)"', page.text).group(1)


def score_token(app, token):
    from samenveilig.linktokens import form_token
    from samenveilig.share.own_link import PURPOSE

    with app.test_request_context():
        return form_token(PURPOSE, token)


def test_the_link_is_made_shown_once_logged_revoked_and_expires(app, client, case):
    token = make_link(client, case, "yasmine")
    assert len(token) >= 43
    desk = client.get(f"/dossiers/{case['case']}/kinderen/{case['yasmine']}/eigen-link").text
    assert token not in desk and "Nog geen eigen link" not in desk  # shown once, then only listed
    child = app.test_client()
    for _ in range(2):
        page = child.get(f"/kind/{token}", environ_base={"REMOTE_ADDR": "203.0.113.7"})
        assert page.status_code == 200 and "Hoi Yasmine" in page.text
        assert "Set-Cookie" not in page.headers and "<script" not in page.text
        assert page.headers["Cache-Control"] == "no-store" and "noindex" in page.headers["X-Robots-Tag"]
    with app.app_context():
        [link] = db.session.scalars(select(ChildLink)).all()
        assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in str({c.name: getattr(link, c.name) for c in ChildLink.__table__.columns})
        assert link.open_count == 2 and len(db.session.scalars(select(ChildLinkView)).all()) == 2
        assert {c.name for c in ChildLinkView.__table__.columns} == {"id", "link_id", "at"}
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "child_link_created"))
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "child_links_viewed"))
    # Never the family link's: neither opens the other's pages.
    family = make_family_link(client, case["case"])
    assert child.get(f"/gezin/{token}").status_code == 404 and child.get(f"/kind/{family}").status_code == 404
    # Revoked, then an expired one: the same Dutch page as an unknown link.
    with app.app_context():
        link_id = db.session.scalar(select(ChildLink.id))
    revoke = client.post(f"/dossiers/{case['case']}/kinderen/{case['yasmine']}/eigen-link/{link_id}/intrekken")
    assert revoke.status_code == 302
    expired = make_link(client, case, "yasmine")
    with app.app_context():
        db.session.scalars(select(ChildLink).order_by(ChildLink.id.desc())).first().expires_at = \
            utcnow() - timedelta(seconds=1)
        save()
    answers = [child.get(f"/kind/{t}") for t in (token, expired, "x" * 43)]
    assert {a.status_code for a in answers} == {404} and len({a.text for a in answers}) == 1
    assert "Deze link werkt niet" in answers[0].text
    assert "ingetrokken" in client.get(f"/dossiers/{case['case']}/kinderen/{case['yasmine']}/eigen-link").text


def test_a_child_under_twelve_gets_a_link_only_by_the_consultants_choice(client, case):
    url = f"/dossiers/{case['case']}/kinderen/{case['noah']}/eigen-link"
    page = client.get(url).text
    assert "Ik kies bewust voor een eigen link" in page
    refused = client.post(url, data={"expires_on": (dates.today() + timedelta(days=30)).isoformat()})
    assert refused.status_code == 422 and "Noah is jonger dan 12 jaar" in refused.text
    make_link(client, case, "noah", younger_chosen="y")
    assert "Ik kies bewust" not in client.get(f"/dossiers/{case['case']}/kinderen/{case['yasmine']}/eigen-link").text


def test_only_what_is_for_her_on_her_link_and_nothing_of_hers_on_the_parents_link(app, client, case):
    token, family = make_link(client, case, "yasmine"), make_family_link(client, case["case"])
    mine = app.test_client().get(f"/kind/{token}").text
    for part in ("UITLEG-VOOR-YASMINE", "IEDEREEN-WOORD", "HULPVERLENERS-WOORD", "NIEMAND-WOORD",
                 "Iedereen in het overleg mag dit horen.", "Alleen de hulpverleners mogen dit horen.",
                 "Niemand. Het staat alleen in je dossier.", "Awel", "102", "Jouw rechten", "jeugdadvocaat",
                 "Het volgende overleg is op"):
        assert part in mine, part
    for part in ("NOAH-WOORD", "OUDERPLAN-ACTIE", "Hoe vind je onze samenwerking?", "Jullie plan"):
        assert part not in mine, part
    # She gives her score for the helpers only: the parents' link never shows it, nor her words for no one.
    app.test_client().post(f"/kind/{token}/score", data={"form_token": score_token(app, token), "score": "2",
                                                         "shared_with": "professional"})
    parents = app.test_client().get(f"/gezin/{family}").text
    assert "IEDEREEN-WOORD" in parents and "OUDERPLAN-ACTIE" in parents
    for part in ("HULPVERLENERS-WOORD", "NIEMAND-WOORD", "Yasmine (14) zelf", "Jouw rechten"):
        assert part not in parents, part
    # Noah's link: his words, not his sister's; no rights at six.
    noah = app.test_client().get(f"/kind/{make_link(client, case, 'noah', younger_chosen='y')}").text
    assert "NOAH-WOORD" in noah and "WOORD van Yasmine" not in noah and "UITLEG-VOOR-YASMINE" not in noah
    assert "Jouw rechten" not in noah


def test_her_score_enters_the_meetings_round_as_herself(app, client, case):
    token = make_link(client, case, "yasmine")
    child = app.test_client()
    answer = child.post(f"/kind/{token}/score?taal=ar", data={"form_token": score_token(app, token), "score": "6",
                                                               "shared_with": "family"})
    assert answer.status_code == 303 and answer.headers["Location"].startswith(f"/kind/{token}?bedankt=1&taal=ar")
    assert 'lang="ar"' in child.get(answer.headers["Location"]).text
    forged = child.post(f"/kind/{token}/score", data={"form_token": "0" * 64, "score": "6", "shared_with": "family"})
    assert forged.status_code == 404
    empty = child.post(f"/kind/{token}/score", data={"form_token": score_token(app, token), "shared_with": "family"})
    assert empty.status_code == 422 and "Kies een antwoord." in empty.text
    with app.app_context():
        [score] = db.session.scalars(select(ChildScore)).all()
        assert (score.meeting_id, score.score, score.as_face, score.recorded_by_id) == (case["meeting"], 6, False, None)
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "child_score_given_on_link"))
        meeting = db.session.get(Meeting, case["meeting"])
        mama = Participant(meeting_id=meeting.id, name="Fatima", relation="mama")
        scale_round = ScaleRound(meeting_id=meeting.id)
        db.session.add_all([mama, scale_round])
        db.session.flush()
        db.session.add(ScaleScore(round_id=scale_round.id, participant_id=mama.id, score=5))
        save()
        round_id = scale_round.id
    region = f"/overleg/{case['meeting']}/regio/scale"
    blind = client.get(region).text
    assert "Yasmine (14) zelf" in blind and "gegeven, te zien als de scores getoond worden" in blind
    assert 'data-own-score="Yasmine">Yasmine (14) zelf:\n      ✓' in blind.replace("<bdi>", "").replace("</bdi>", "")
    with app.app_context():
        db.session.get(ScaleRound, round_id).status = "revealed"
        save()
    shown = client.get(region).text
    assert "Yasmine (14) zelf" in shown and "<strong>6</strong>" in shown
    # The family's phones show it too: she shared it with everyone.
    from samenveilig.follow.services import create_follow_link
    from samenveilig.models import User
    with app.app_context():
        follow = create_follow_link(db.session.scalar(select(User)), db.session.get(Meeting, case["meeting"]))
    assert "Yasmine (14) zelf" in app.test_client().get(f"/meekijken/{follow}").text
    # On the progress chart at that meeting.
    progress = client.get(f"/dossiers/{case['case']}/voortgang").text
    assert f'data-person="Yasmine (14) zelf" data-meeting="{(dates.today() + timedelta(days=7)).isoformat()}" ' \
           'data-score="6"' in progress


def test_a_young_child_scores_with_five_faces(app, client, case):
    token = make_link(client, case, "noah", younger_chosen="y")
    child = app.test_client()
    page = child.get(f"/kind/{token}").text
    for words in ("Helemaal niet veilig", "Niet zo veilig", "Een beetje veilig", "Best veilig", "Helemaal veilig"):
        assert words in page, words
    assert re.findall(r'name="score"[^>]*value="(\d+)"', page) == ["0", "3", "5", "7", "10"]
    not_a_face = child.post(f"/kind/{token}/score", data={"form_token": score_token(app, token), "score": "6",
                                                           "shared_with": "professional"})
    assert not_a_face.status_code == 422
    child.post(f"/kind/{token}/score", data={"form_token": score_token(app, token), "score": "7",
                                             "shared_with": "professional"})
    with app.app_context():
        [score] = db.session.scalars(select(ChildScore)).all()
        assert (score.score, score.as_face) == (7, True)
    again = child.get(f"/kind/{token}").text
    assert 'data-face="7"' in again and "Jouw score voor het overleg:" in again
    assert 'data-face="7"' in client.get(f"/overleg/{case['meeting']}/regio/scale").text
    assert 'data-face="7"' in client.get(f"/dossiers/{case['case']}/voortgang").text
    # Shared with the helpers only: not on the family's phones.
    from samenveilig.follow.services import create_follow_link
    from samenveilig.models import User
    with app.app_context():
        follow = create_follow_link(db.session.scalar(select(User)), db.session.get(Meeting, case["meeting"]))
    assert "Noah (6) zelf" not in app.test_client().get(f"/meekijken/{follow}").text


def test_her_safety_plan_and_house_are_on_her_link_and_on_no_one_elses(app, client, case):
    """Her plan and her Safety House are hers: on her link whoever else may see them; never on her
    brother's link, nor on the parents' link when she shares them with no one or the helpers."""
    base = f"/dossiers/{case['case']}/kinderen/{case['yasmine']}"
    saved = client.post(f"{base}/veiligheidsplan", data={
        "what_i_do": "EIGENPLAN-MARKER", "where_i_go": "Naar oma", "signal": "paraplu", "picture": "figuur:telefoon",
        "visibility": "confidential"})
    assert saved.status_code in (302, 303), saved.text
    saved = client.post(f"{base}/veiligheidshuis", data={
        "inside": "Oma: EIGENHUIS-MARKER", "rules": "Er wordt niet geroepen.", "not_in": "", "with_someone": "",
        "scale": "6", "visibility": "professional"})
    assert saved.status_code in (302, 303), saved.text
    mine = app.test_client().get(f"/kind/{make_link(client, case, 'yasmine')}").text
    assert "EIGENPLAN-MARKER" in mine and "EIGENHUIS-MARKER" in mine and "<svg" in mine
    assert "/static/figures/telefoon" in mine
    noah = app.test_client().get(f"/kind/{make_link(client, case, 'noah', younger_chosen='y')}").text
    parents = app.test_client().get(f"/gezin/{make_family_link(client, case['case'])}").text
    for page in (noah, parents):
        assert "EIGENPLAN-MARKER" not in page and "EIGENHUIS-MARKER" not in page

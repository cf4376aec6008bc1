"""Destruction: purge-expired destroys every row of a case past its retention period and
leaves one content-free line; the team lead sees what is coming 90 days ahead."""

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from samenveilig.dates import date_nl, today
from samenveilig.extensions import db
from samenveilig.models import (
    ActionPerson,
    ActionReview,
    AuditEvent,
    BottomLine,
    Case,
    CaseMember,
    Child,
    ChildHouseEntry,
    ChildLink,
    ChildLinkView,
    ChildScore,
    ClosingSummary,
    DangerStatement,
    Drawing,
    Export,
    FamilyLink,
    FamilyLinkView,
    Feedback,
    FollowLink,
    JudgeProposal,
    LiveChange,
    MappingItem,
    Meeting,
    NetworkMember,
    Participant,
    PlanAction,
    PlanContact,
    PlanRule,
    PlanSnapshot,
    ReviewAnswers,
    SafetyDecision,
    SafetyGoal,
    SafetyHouse,
    SafetyPlan,
    ScaleRound,
    ScaleScore,
    StoryImage,
    StoryPanel,
    StoryVersion,
    UndoStep,
    WarningSign,
)

from .conftest import save

pytestmark = pytest.mark.db
NOT_OF_A_CASE = {"user", "login_throttle", "account_change", "heartbeat"}


def fill(user_id: int, reference: str, born: date, tag: str) -> int:
    """A closed case with a row in every table a case can have; every text carries `tag`."""
    now = datetime.now(timezone.utc)
    case = Case(reference=reference, family_name=f"Gezin {tag}", service="SDJ", status="closed",
                closed_on=today())
    db.session.add(case)
    db.session.flush()
    member = NetworkMember(case_id=case.id, name=f"Oma {tag}", relation="oma")
    meeting = Meeting(case_id=case.id, kind="mapping", held_on=today())
    child = Child(case_id=case.id, first_name=f"Kind {tag}", date_of_birth=born)
    db.session.add_all([CaseMember(case_id=case.id, user_id=user_id), member, meeting, child])
    db.session.flush()
    participant = Participant(meeting_id=meeting.id, name=f"Oma {tag}", network_member_id=member.id)
    danger = MappingItem(meeting_id=meeting.id, category="danger", text=f"Gevaar {tag}")
    goal = MappingItem(meeting_id=meeting.id, category="safety_goal", text=f"Doel {tag}")
    link = FamilyLink(case_id=case.id, token_hash=f"{tag:0>64}"[:64], expires_at=now)
    action = PlanAction(case_id=case.id, meeting_id=meeting.id, what=f"Actie {tag}")
    scale = ScaleRound(meeting_id=meeting.id)
    db.session.add_all([participant, danger, goal, link, action, scale])
    db.session.flush()
    carried = MappingItem(meeting_id=meeting.id, category="worry", text=f"Zorg {tag}", carried_from_id=danger.id)
    db.session.add_all([
        carried,
        DangerStatement(item_id=danger.id, worried="wij", behaviour=f"gedrag {tag}", outcome="letsel"),
        SafetyGoal(item_id=goal.id, danger_item_id=danger.id, behaviour=f"veilig {tag}", duration="3 maanden"),
        BottomLine(item=carried, reason=f"Waarom niet onderhandelbaar {tag}", danger_item=danger),
        ScaleScore(round_id=scale.id, participant_id=participant.id, score=4),
        SafetyDecision(meeting_id=meeting.id, answer="yes", reasoning=f"Waarom {tag}", urgency="week"),
        UndoStep(meeting_id=meeting.id, user_id=user_id, item_id=danger.id, action="update", item_version=1),
        LiveChange(meeting_id=meeting.id, version=1, regions="worry"),
        FollowLink(meeting_id=meeting.id, token_hash=f"f{tag:0>63}"[:64]),
        ActionPerson(action_id=action.id, name=f"Oma {tag}", network_member_id=member.id),
        ActionReview(meeting_id=meeting.id, action_id=action.id, verdict="done", comment=f"Goed {tag}"),
        PlanRule(case_id=case.id, text=f"Afspraak {tag}"),
        WarningSign(case_id=case.id, sign=f"Signaal {tag}", response="bellen"),
        PlanContact(case_id=case.id, worry=f"Zorg {tag}", network_member_id=member.id),
        PlanSnapshot(meeting_id=meeting.id, content={"actions": [f"Actie {tag}"]}),
        ReviewAnswers(meeting_id=meeting.id, going_well=f"Ja {tag}"),
        ClosingSummary(meeting_id=meeting.id, summary=f"Samenvatting {tag}"),
        JudgeProposal(case_id=case.id, number=1, body=f"Voorstel {tag}"),
        Export(case_id=case.id, audience="file", filename=f"{tag}.pdf", pdf=tag.encode()),
        FamilyLinkView(link_id=link.id),
        Feedback(case_id=case.id, link_id=link.id, rating=5, text=f"Dank {tag}"),
        ChildHouseEntry(case_id=case.id, child_id=child.id, house="worries", text=f"Woorden {tag}",
                        talked_on=today(), talked_by_id=user_id,
                        drawing=Drawing(mimetype="image/png", width=1, height=1, image=tag.encode(), thumbnail=tag.encode())),
        ChildScore(case_id=case.id, child_id=child.id, scored_on=today(), score=3, recorded_by_id=user_id),
        StoryVersion(case_id=case.id, child_id=child.id, version_number=1, meeting_id=meeting.id, panels=[
            StoryPanel(position=1, text=f"Uitleg {tag}", image=StoryImage(
                mimetype="image/png", width=1, height=1, image=tag.encode(), thumbnail=tag.encode()))]),
        SafetyPlan(case_id=case.id, child_id=child.id, version_number=1, meeting_id=meeting.id,
                   what_i_do=f"Plan {tag}", where_i_go="", signal="", calls=[{"name": f"Oma {tag}", "phone": "1"}]),
        SafetyHouse(case_id=case.id, child_id=child.id, version_number=1, meeting_id=meeting.id,
                    inside=[{"name": f"Oma {tag}", "does": ""}], rules=[f"Regel {tag}"], not_in=[], with_someone=[]),
        ChildLink(case_id=case.id, child_id=child.id, token_hash=f"{tag:0<64}"[:64], expires_at=datetime.now(timezone.utc),
                  views=[ChildLinkView()]),
        AuditEvent(case_id=case.id, actor_id=user_id, action="case_updated", entity_type="Case",
                   entity_id=case.id, after={"family_name": f"Gezin {tag}"}),
    ])
    save()
    return case.id


def counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def test_purge_destroys_every_row_of_the_case_and_keeps_one_line(app, runner, consultant):
    long_ago = date(today().year - 40, 1, 1)
    with app.app_context():
        base = counts()
        expired = fill(consultant.id, "SDJ-1986-0001", long_ago, "WEG")
        fill(consultant.id, "SDJ-1986-0002", long_ago.replace(year=today().year - 30), "BLIJFT")
        before = counts()
    tables = set(before) - NOT_OF_A_CASE
    assert {t for t in tables if before[t] - base[t] < 2} == set(), "every table holds rows of both cases"

    dry = runner.invoke(args=["purge-expired", "--dry-run"])
    assert "SDJ-1986-0001" in dry.output and "SDJ-1986-0002" not in dry.output
    with app.app_context():
        assert counts() == before

    result = runner.invoke(args=["purge-expired"])
    assert result.exit_code == 0, result.output
    assert f"dossier SDJ-1986-0001 vernietigd op {date_nl(today())}, bewaartermijn verstreken" in result.output
    with app.app_context():
        after = counts()
        kept = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case_destroyed")).one()
        assert db.session.get(Case, expired) is None
    after["audit_event"] -= 1  # the accountability line
    for table in tables:
        # The case that stays holds exactly what the destroyed one held: nothing of it remains.
        assert before[table] - after[table] == after[table] - base[table], table
    assert kept.case_id is None and kept.after == {"reference": "SDJ-1986-0001", "destroyed_on": today().isoformat()}
    assert "WEG" not in repr(kept.after)
    with app.app_context():  # the children's words and drawings went with the case
        assert db.session.scalars(select(Drawing.image)).all() == [b"BLIJFT"]
        assert db.session.scalars(select(ChildHouseEntry.text)).all() == ["Woorden BLIJFT"]
        assert db.session.scalars(select(StoryPanel.text)).all() == ["Uitleg BLIJFT"]
        assert db.session.scalars(select(StoryImage.image)).all() == [b"BLIJFT"]
    assert "Geen dossiers" in runner.invoke(args=["purge-expired"]).output


def test_the_team_lead_sees_cases_nearing_destruction(app, client, auth, consultant, make_user):
    soon = today() + timedelta(days=60)
    later = today() + timedelta(days=120)
    with app.app_context():
        fill(consultant.id, "OCJ-1991-0007", soon.replace(year=soon.year - 35), "BINNENKORT")
        fill(consultant.id, "OCJ-1991-0008", later.replace(year=later.year - 35), "LATER")
    auth.login(make_user("teamlead"))
    page = client.get("/dossiers/vernietiging").text
    assert "OCJ-1991-0007" in page and "Gezin BINNENKORT" in page and "OCJ-1991-0008" not in page
    auth.logout()
    auth.login(consultant)
    assert client.get("/dossiers/vernietiging").status_code == 403

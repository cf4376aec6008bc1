"""Every page and live region of a meeting runs the same number of queries at 20 items as
at 200: related rows are loaded with the items, never one by one while rendering. The
consultant's board loads its meeting with what it needs and its items once: 5 queries."""

import hashlib
from datetime import date

import pytest
from sqlalchemy import event

from samenveilig.extensions import db
from samenveilig.models import CaseMember, Child, DangerStatement, FollowLink, MappingItem, SafetyGoal

from .conftest import save
from .helpers import meeting_case as case  # noqa: F401 (a fixture)
from .helpers import start_meeting

pytestmark = pytest.mark.db

CATEGORIES = ["worry", "harm", "impact", "complicating", "strength", "existing_safety", "next_step"]


def fill(app, meeting_id: int, count: int, token: str) -> None:
    """`count` board items, a tenth of them danger statements each with its safety goal."""
    with app.app_context():
        db.session.add_all(MappingItem(meeting_id=meeting_id, category=CATEGORIES[n % len(CATEGORIES)],
                                       text=f"punt {n}", visibility="family", position=n) for n in range(count))
        for n in range(count // 10):
            danger = MappingItem(meeting_id=meeting_id, category="danger", text=f"gevaar {n}",
                                 visibility="family", position=count + n)
            goal = MappingItem(meeting_id=meeting_id, category="safety_goal", text=f"doel {n}",
                               visibility="family", position=count + n)
            db.session.add_all([danger, goal])
            db.session.flush()
            db.session.add_all([
                DangerStatement(item_id=danger.id, worried="de juf", behaviour="papa drinkt", outcome="pijn"),
                SafetyGoal(item_id=goal.id, danger_item_id=danger.id, behaviour="papa drinkt niet",
                           duration="drie maanden"),
            ])
        db.session.add(FollowLink(meeting_id=meeting_id, token_hash=hashlib.sha256(token.encode()).hexdigest()))
        save()


def urls(meeting_id: int, token: str) -> list[str]:
    board, follow = f"/overleg/{meeting_id}", f"/meekijken/{token}"
    regions = ["pairs", "scale", "decision"]
    return [
        board, f"{board}/projectie", f"{board}/projectie/analyse", f"{board}/projectie/plan",
        f"{board}/plan", f"{board}/regio/worry", f"{board}/projectie/regio/worry",
        *(f"{board}/regio/{name}" for name in regions),
        *(f"{board}/projectie/regio/{name}" for name in regions),
        *(f"{board}/regio/{name}" for name in ("plan_actions", "plan_contacts", "participants", "review")),
        f"{board}/projectie/regio/plan",
        follow, f"{follow}/regio/worry", f"{follow}/regio/plan",
        *(f"{follow}/regio/{name}" for name in regions),
    ]


def queries_per_url(app, client, case_id: int, count: int) -> dict[str, int]:
    meeting_id, token = start_meeting(client, case_id), f"{count:0>43}"
    fill(app, meeting_id, count, token)
    with app.app_context():
        engine = db.engine
    counted: dict[str, int] = {}
    for url in urls(meeting_id, token):
        statements = []

        def count_statement(*_args, statements=statements):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", count_statement)
        try:
            response = client.get(url)
        finally:
            event.remove(engine, "before_cursor_execute", count_statement)
        assert response.status_code == 200, url
        counted[url.replace(token, "<token>").replace(str(meeting_id), "<id>")] = len(statements)
    return counted


BOARD_QUERIES = 5  # the user, the meeting, its participants, the read audit, the items


def test_queries_do_not_grow_with_the_items(app, logged_in, case):  # noqa: F811
    few = queries_per_url(app, logged_in, case.id, 20)
    many = queries_per_url(app, logged_in, case.id, 200)
    print("\n".join(f"{url}: {count}" for url, count in many.items()))
    assert few == many
    assert many["/overleg/<id>"] <= BOARD_QUERIES


def statements_of(app, client, url: str) -> list[str]:
    with app.app_context():
        engine = db.engine
    statements: list[str] = []

    def count_statement(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count_statement)
    try:
        assert client.get(url).status_code == 200, url
    finally:
        event.remove(engine, "before_cursor_execute", count_statement)
    return statements


# The user, the case, its consultants with their names, children, network, the read audit; and for
# the children's cards, one query each for all of them: their words, stories, safety plans and houses.
CASE_QUERIES = 10


def test_the_case_page_loads_its_consultants_at_once(app, logged_in, case, make_user):  # noqa: F811
    """Five colleagues on the case cost the page one query, not one each; the users a team
    lead could assign are only asked when a team lead looks."""
    with app.app_context():
        db.session.add_all(CaseMember(case_id=case.id, user_id=make_user().id) for _ in range(5))
        db.session.add(Child(case_id=case.id, first_name="Lotte", date_of_birth=date(2017, 3, 1)))
        save()
    statements = statements_of(app, logged_in, f"/dossiers/{case.id}")
    assert len(statements) <= CASE_QUERIES, "\n".join(statements)


HOME_QUERIES = 7  # the user; the cases with their consultants (2) and their count; closed, acute, my actions


def test_mijn_dossiers_loads_each_list_with_its_consultants_in_one_query(app, logged_in, consultant, make_case,
                                                                         make_user):
    colleagues = [make_user() for _ in range(3)]
    for n in range(3):
        make_case(consultant, *colleagues[n:])
    statements = statements_of(app, logged_in, "/")
    assert len(statements) <= HOME_QUERIES, "\n".join(statements)

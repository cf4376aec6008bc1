"""Mijn dossiers, the case page with its children and network, and the case history."""

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..audience import Audience
from ..auth import changes as account_changes
from ..dates import today
from ..extensions import db, htmx
from ..forms import Form, choices, form_values
from ..inputs import page_number
from ..models import Case, CaseMember, Child, NetworkMember, SafetyHouse, SafetyPlan, StoryVersion, User
from ..plan.services import my_actions
from ..responses import page_or_fragment
from . import network, retention, services
from .access import case_or_404, owned_or_404, require_teamlead
from .forms import AssignForm, CaseEditForm, CaseForm, ChildForm, NetworkMemberForm, SearchForm

bp = Blueprint("cases", __name__)


@dataclass(frozen=True)
class Collection:
    """Children and network members are edited inline the same way."""

    model: type
    form: type[Form]
    section: str  # fragment cases/_<section>.html renders id="<section>"
    row: str  # fragments cases/_<row>.html and cases/_<row>_form.html, id="<row>-<id>"

    def add_form(self, **kwargs) -> Form:
        return self.form(prefix=f"new-{self.row}", **kwargs)

    def edit_form(self, entry_id: int, **kwargs) -> Form:
        """Prefixed per row, so every field id on the page is unique."""
        return self.form(prefix=f"{self.row}-{entry_id}", **kwargs)


COLLECTIONS = {
    "kinderen": Collection(Child, ChildForm, "children", "child"),
    "netwerk": Collection(NetworkMember, NetworkMemberForm, "network", "network_member"),
}


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in staff; each view checks access to its case."""


@bp.get("/")
def home():
    """Mijn dossiers: my open cases, searchable and paginated."""
    form = SearchForm(request.args)
    cases = services.list_cases(
        current_user,
        query=form.q.data if form.validate() and form.q.data else "",
        page=request.args.get("pagina", 1, type=page_number),
        everyone=request.args.get("alle") == "1",
        closed=request.args.get("afgesloten") == "1",
    )
    lead = current_user.is_teamlead
    # A team lead sees the team's acute cases and what is overdue in the team, ticked or not.
    return page_or_fragment("cases/home.html", "cases/_case_list.html", form=form, cases=cases,
                            closed_count=services.closed_count(current_user),
                            acute=services.acute_cases(current_user, team=lead),
                            my_actions=my_actions(current_user, today()),
                            team_overdue=my_actions(current_user, today(), team=True)["overdue"] if lead else [],
                            account_changes=account_changes.recent(current_user) if lead else [])


@bp.get("/dossiers/vernietiging")
def retention_list():
    """For the team lead: closed cases whose destruction date is within 90 days, or past."""
    require_teamlead()
    return render_template("cases/retention.html", due=retention.nearing(today()), days=retention.WARN_DAYS)


@bp.route("/dossiers/nieuw", methods=["GET", "POST"])
def new_case():
    """Open a new case."""
    if not current_user.works_cases:
        abort(403)
    form = CaseForm()
    if form.validate_on_submit():
        case = services.create_case(current_user, **form_values(form))
        flash(f"Dossier {case.reference} is aangemaakt.", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/case_form.html", form=form), 422 if form.errors else 200


@bp.get("/dossiers/<int:case_id>")
def show(case_id: int):
    """The case: its children and network, its consultants."""
    children = selectinload(Case.children)  # each child's card: her words, story, plan and house, at once
    case = case_or_404(case_id, selectinload(Case.members).joinedload(CaseMember.user),  # the consultants at once
                       children.selectinload(Child.house_entries),
                       children.selectinload(Child.story_versions).joinedload(StoryVersion.meeting),
                       children.selectinload(Child.safety_plans).joinedload(SafetyPlan.meeting),
                       children.selectinload(Child.safety_houses).joinedload(SafetyHouse.meeting))
    return render_case(case)


def render_case(case, status: int = 200, **forms):
    blank = {c.section: c.add_form(formdata=None) for c in COLLECTIONS.values()}
    assign_form = AssignForm(formdata=None)
    assign_form.user_id.choices = _assign_choices(case) if current_user.is_teamlead else []  # only they assign
    context = dict(case=case, forms=blank | forms, assign_form=assign_form)
    return render_template("cases/case.html", **context), status


def _assign_choices(case) -> list[SelectChoice]:
    assigned = {m.user_id for m in case.members}
    return choices((u.id, u.name) for u in services.assignable_users() if u.id not in assigned)


@bp.route("/dossiers/<int:case_id>/bewerken", methods=["GET", "POST"])
def edit_case(case_id: int):
    """Change the family name, the service or the family's language of a case."""
    case = case_or_404(case_id)
    form = CaseEditForm(obj=case, more_languages=case.other_languages.split())
    if form.validate_on_submit():
        services.update_case(current_user, case, **form_values(form))
        flash("Het dossier is bijgewerkt.", "success")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/case_form.html", form=form, case=case), 422 if form.errors else 200


@bp.post("/dossiers/<int:case_id>/afsluiten")
def close_case(case_id: int):
    """Close the case; it becomes read-only."""
    case = case_or_404(case_id)
    services.close_case(current_user, case)
    flash(f"Dossier {case.reference} is afgesloten.", "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/heropenen")
def reopen_case(case_id: int):
    """Reopen a closed case."""
    case = case_or_404(case_id)
    services.reopen_case(current_user, case)
    flash(f"Dossier {case.reference} is heropend.", "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/consulenten")
def assign_consultant(case_id: int):
    """A team lead assigns a consultant to the case."""
    case = case_or_404(case_id)
    require_teamlead()
    form = AssignForm()
    form.user_id.choices = _assign_choices(case)
    if not form.validate_on_submit():
        return render_case(case, 422, assign=form)
    services.assign(current_user, case, db.get_or_404(User, form.user_id.data))
    flash("De consulent is toegewezen.", "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/consulenten/<int:user_id>/verwijderen")
def unassign_consultant(case_id: int, user_id: int):
    """A team lead takes a consultant off the case."""
    case = case_or_404(case_id)
    require_teamlead()
    services.unassign(current_user, case, db.get_or_404(User, user_id))
    flash("De consulent is niet langer aan dit dossier toegewezen.", "success")
    return redirect(url_for("cases.show", case_id=case.id))


@bp.post("/dossiers/<int:case_id>/<any(kinderen, netwerk):collection>")
def add_entry(case_id: int, collection: str):
    """Add a child or a network member inline."""
    case, spec = case_or_404(case_id), COLLECTIONS[collection]
    form = spec.add_form()
    if not form.validate_on_submit():
        return render_section(case, spec, form, 422)
    services.add_entry(current_user, case, spec.model, form_values(form))
    return render_section(case, spec)


def render_section(case, spec: Collection, form: Form | None = None, status: int = 200):
    """The whole list with a blank add form, or the add form with its errors."""
    if not htmx:
        if status < 400:
            return redirect(url_for("cases.show", case_id=case.id, _anchor=spec.section))
        return render_case(case, status, **{spec.section: form})
    form = form or spec.add_form(formdata=None)
    return render_template(f"cases/_{spec.section}.html", case=case, form=form), status


@bp.get("/dossiers/<int:case_id>/<any(kinderen, netwerk):collection>/<int:entry_id>")
def show_entry(case_id: int, collection: str, entry_id: int):
    """One row, as shown in the list (used to cancel an edit)."""
    case, spec = case_or_404(case_id), COLLECTIONS[collection]
    entry = owned_or_404(spec.model, entry_id, case)
    return render_template(f"cases/_{spec.row}.html", case=case, entry=entry)


@bp.get("/dossiers/<int:case_id>/<any(kinderen, netwerk):collection>/<int:entry_id>/bewerken")
def edit_entry(case_id: int, collection: str, entry_id: int):
    """One row as an edit form."""
    case, spec = case_or_404(case_id), COLLECTIONS[collection]
    entry = owned_or_404(spec.model, entry_id, case)
    form = spec.edit_form(entry.id, obj=entry)
    return render_template(f"cases/_{spec.row}_form.html", case=case, entry=entry, form=form)


@bp.post("/dossiers/<int:case_id>/<any(kinderen, netwerk):collection>/<int:entry_id>")
def update_entry(case_id: int, collection: str, entry_id: int):
    """Save an edited row; invalid input comes back with its errors and what was typed."""
    case, spec = case_or_404(case_id), COLLECTIONS[collection]
    entry = owned_or_404(spec.model, entry_id, case)
    form = spec.edit_form(entry.id)
    if not form.validate_on_submit():
        context = dict(case=case, entry=entry, form=form)
        return render_template(f"cases/_{spec.row}_form.html", **context), 422
    services.update_entry(current_user, entry, form_values(form))
    if not htmx:
        return redirect(url_for("cases.show", case_id=case.id, _anchor=spec.section))
    return render_template(f"cases/_{spec.row}.html", case=case, entry=entry)


@bp.post("/dossiers/<int:case_id>/<any(kinderen, netwerk):collection>/<int:entry_id>/verwijderen")
def remove_entry(case_id: int, collection: str, entry_id: int):
    """Remove a child or network member."""
    case, spec = case_or_404(case_id), COLLECTIONS[collection]
    services.remove_entry(current_user, owned_or_404(spec.model, entry_id, case))
    return render_section(case, spec)


@bp.get("/dossiers/<int:case_id>/veiligheidsnetwerk")
def safety_network(case_id: int):
    """Het veiligheidsnetwerk: who protects the child, their promises and actions, the map."""
    case = case_or_404(case_id)
    return render_template("cases/safety_network.html", case=case,
                           network_map=network.network_map(case, audience=Audience.CONSULTANT))


@bp.post("/dossiers/<int:case_id>/netwerk/<int:member_id>/bevestigd")
def confirm_member(case_id: int, member_id: int):
    """A safety-network member confirmed today that they still do what they promised."""
    case = case_or_404(case_id)
    member = owned_or_404(NetworkMember, member_id, case)
    services.confirm_member(current_user, member, today())
    if not htmx:
        flash(f"De bevestiging van {member.name} is bewaard.", "success")
        return redirect(url_for("cases.safety_network", case_id=case.id, _anchor=f"safety_member-{member.id}"))
    actions = network.actions_by_member(case, audience=Audience.CONSULTANT).get(member.id, [])
    return render_template("cases/_safety_member.html", case=case, member=member, actions=actions)


@bp.get("/dossiers/<int:case_id>/geschiedenis")
def history(case_id: int):
    """Geschiedenis: who changed what in this case, newest first."""
    case = case_or_404(case_id)
    events = services.history(case, page=request.args.get("pagina", 1, type=page_number))
    return render_template("cases/history.html", case=case, events=events, views=services.views(case))


@bp.get("/dossiers/<int:case_id>/geschiedenis/toegang.csv")
def access_log(case_id: int):
    """The case's access log as CSV, for a data-subject request: for the team lead, who handles
    those; it names colleagues and what they read (the consultant keeps "Bekeken door")."""
    case = case_or_404(case_id)
    require_teamlead()
    headers = {"Content-Disposition": f'attachment; filename="toegang-{case.reference}.csv"',
               "Cache-Control": "no-store"}
    return Response(services.access_log_csv(current_user, case), mimetype="text/csv", headers=headers)

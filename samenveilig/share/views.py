"""De gezinslink on the case: make a link for the family, revoke it, see when it was used and
what the parents said about the collaboration."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..cases.access import case_or_404, child_or_404, child_row_or_404, owned_or_404
from ..dates import age, today
from ..models import ChildLink, FamilyLink, utcnow
from ..services import Refused
from . import child_links, services
from .forms import ChildLinkForm, LinkForm

bp = Blueprint("share", __name__)


@bp.before_request
@login_required
def require_login():
    """Every page here is for logged-in staff; each view checks access to its case."""


def page(case, form: LinkForm, new_url: str | None = None, status: int = 200):
    context = dict(case=case, form=form, links=services.links(case), feedback=services.feedback_of(case),
                   new_url=new_url, now=utcnow())
    return render_template("share/links.html", **context), status


@bp.get("/dossiers/<int:case_id>/gezinslinks")
def links(case_id: int):
    """Gezinslink: the links of this case and the parents' feedback."""
    return page(case_or_404(case_id), LinkForm(formdata=None))


@bp.post("/dossiers/<int:case_id>/gezinslinks")
def create(case_id: int):
    """Make a link; it is shown this once, only its hash is kept."""
    case, form = case_or_404(case_id), LinkForm(work_phone=current_user.work_phone)
    if not form.validate_on_submit():
        return page(case, form, status=422)
    _link, token = services.create_link(current_user, case, recipient=form.recipient.data,
                                        expires_on=form.expires_on.data, show_phone=form.show_phone.data,
                                        show_email=form.show_email.data, today=today())
    return page(case, LinkForm(formdata=None), new_url=url_for("family.page", token=token, _external=True))


@bp.post("/dossiers/<int:case_id>/gezinslinks/<int:link_id>/intrekken")
def revoke(case_id: int, link_id: int):
    """The link stops working at once."""
    case = case_or_404(case_id)
    link = owned_or_404(FamilyLink, link_id, case)
    services.revoke(current_user, link)
    flash("De link werkt niet meer.", "success")
    return redirect(url_for("share.links", case_id=case.id))


# Een eigen link voor het kind ----------------------------------------------------------------

def child_page(case, child, form: ChildLinkForm, new_url: str | None = None, status: int = 200):
    context = dict(case=case, child=child, form=form, links=child_links.links(child), new_url=new_url,
                   now=utcnow(), link_age=child_links.link_age(), years=age(child.date_of_birth, today()))
    return render_template("share/child_links.html", **context), status


@bp.get("/dossiers/<int:case_id>/kinderen/<int:child_id>/eigen-link")
def child_link_page(case_id: int, child_id: int):
    """The child's own links: made, used, revoked."""
    case, child = child_or_404(case_id, child_id)
    return child_page(case, child, ChildLinkForm(formdata=None))


@bp.post("/dossiers/<int:case_id>/kinderen/<int:child_id>/eigen-link")
def create_child_link(case_id: int, child_id: int):
    """Make the child's own link; it is shown this once, only its hash is kept."""
    case, child = child_or_404(case_id, child_id)
    form = ChildLinkForm()
    if not form.validate_on_submit():
        return child_page(case, child, form, status=422)
    try:
        _link, token = child_links.create_link(current_user, case, child, expires_on=form.expires_on.data,
                                               younger_chosen=form.younger_chosen.data, today=today())
    except Refused as refusal:
        form.younger_chosen.errors = [refusal.message]
        return child_page(case, child, form, status=refusal.status)
    return child_page(case, child, ChildLinkForm(formdata=None),
                      new_url=url_for("child_link.page", token=token, _external=True))


@bp.post("/dossiers/<int:case_id>/kinderen/<int:child_id>/eigen-link/<int:link_id>/intrekken")
def revoke_child_link(case_id: int, child_id: int, link_id: int):
    """The child's link stops working at once."""
    case, child, link = child_row_or_404(case_id, child_id, ChildLink, link_id)
    services.revoke(current_user, link)
    flash("De link werkt niet meer.", "success")
    return redirect(url_for("share.child_link_page", case_id=case.id, child_id=child.id))

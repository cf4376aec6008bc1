"""De gezinslink on the case: make a link for the family, revoke it, see when it was used and
what the parents said about the collaboration."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..cases.access import case_or_404, owned_or_404
from ..dates import today
from ..models import FamilyLink, utcnow
from . import services
from .forms import LinkForm

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

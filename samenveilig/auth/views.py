"""Logging in and out, changing my password, and the user administration page."""

from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import (
    current_user,
    login_fresh,
    login_required,
    login_user,
    logout_user,
)

from ..extensions import db, htmx, login_manager
from ..models import User
from ..services import Refused
from . import changes, services
from .forms import (
    ChangePasswordForm,
    LoginForm,
    RoleForm,
    ShortcutsForm,
    TemporaryPasswordForm,
    UserForm,
    WorkPhoneForm,
)

bp = Blueprint("auth", __name__)


def staff_required(allowed):
    """A decorator: only users for whom allowed(user) holds, with a fresh login."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed(current_user):
                abort(403)
            if not login_fresh():
                return login_manager.needs_refresh()
            return view(*args, **kwargs)

        return wrapped

    return decorator


# Administrators manage accounts; team leads and administrators confirm account changes.
admin_required = staff_required(lambda user: user.is_admin)
second_person_required = staff_required(lambda user: user.is_admin or user.is_teamlead)


def safe_next(target: str | None) -> str | None:
    """A local path to return to after login, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.before_app_request
def require_own_password():
    """Someone with a temporary password chooses their own before anything else."""
    if (
        current_user.is_authenticated
        and current_user.must_change_password
        and request.endpoint not in ("auth.change_password", "auth.logout", "static")
    ):
        flash("Kies eerst een eigen wachtwoord.", "info")
        return redirect(url_for("auth.change_password"))


@bp.route("/aanmelden", methods=["GET", "POST"])
def login():
    """Log in with email and password."""
    if current_user.is_authenticated and login_fresh():
        return redirect(url_for("cases.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr)
        except Refused as refused:
            form.form_errors.append(refused.message)
            retry = {"Retry-After": "5"} if refused.status == 429 else {}
            return render_template("auth/login.html", form=form), refused.status, retry
        login_user(user)
        session.permanent = True
        return redirect(safe_next(request.args.get("next")) or url_for("cases.home"))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/afmelden")
def logout():
    """Log out (a POST, so no link or image can log someone out). The session ends on the
    server too: a copy of the cookie no longer opens anything."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
    logout_user()
    session.clear()
    flash("Je bent afgemeld.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    """Change my own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_own_password(current_user, form.current.data, form.new.data)
        except Refused as refused:
            form.current.errors.append(refused.message)
        else:
            login_user(current_user)  # this session carries on with the new session version
            flash("Je wachtwoord is gewijzigd.", "success")
            return redirect(url_for("cases.home"))
    return render_template("auth/password.html", form=form), 422 if form.errors else 200


@bp.route("/mijn-account", methods=["GET", "POST"])
@login_required
def account():
    """My own account: the work number a family link can show, and the board's shortcuts on or
    off. Only ever my own: no id."""
    form = WorkPhoneForm(obj=current_user)
    if form.validate_on_submit():
        services.change_own_work_phone(current_user, form.work_phone.data)
        flash("Je werknummer is bewaard." if current_user.work_phone else "Je werknummer is gewist.", "success")
        return redirect(url_for("auth.account"))
    shortcuts = ShortcutsForm(formdata=None, off=current_user.shortcuts_off)
    return render_template("auth/account.html", form=form, shortcuts=shortcuts), 422 if form.errors else 200


@bp.post("/mijn-account/sneltoetsen")
@login_required
def shortcuts():
    """"Sneltoetsen uit" (WCAG 2.1.4): from the board's key help (htmx, no answer needed) or Mijn account."""
    form = ShortcutsForm()
    if not form.validate_on_submit():
        abort(400)
    services.set_own_shortcuts_off(current_user, form.off.data)
    if htmx:
        return "", 204
    flash("Sneltoetsen staan uit op de mapping." if form.off.data else "Sneltoetsen staan aan op de mapping.", "success")
    return redirect(url_for("auth.account"))


@bp.get("/beheer/gebruikers")
@admin_required
def users():
    """The list of staff accounts, with a form to add one."""
    return render_template("auth/users.html", users=services.users(), form=UserForm(),
                           account_changes=changes.recent(current_user))


@bp.post("/beheer/gebruikers")
@admin_required
def add_user():
    """Add a staff account."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(current_user, **_user_values(form))
        except Refused as refused:
            form.email.errors.append(refused.message)
        else:
            flash(f"{user.name} is toegevoegd.", "success")
            flash_waiting(user.role != form.role.data)
            return redirect(url_for("auth.users"))
    return render_template("auth/users.html", users=services.users(), form=form,
                           account_changes=changes.recent(current_user)), 422


def _user_values(form: UserForm) -> dict:
    return {k: form.data[k] for k in ("name", "email", "role", "password", "work_phone")}


@bp.post("/beheer/gebruikers/<int:user_id>/rol")
@admin_required
def change_role(user_id: int):
    """Give a user another role."""
    user, form = db.get_or_404(User, user_id), RoleForm()
    if form.validate_on_submit():
        if not flash_waiting(services.change_role(current_user, user, form.role.data)):
            flash(f"De rol van {user.name} is gewijzigd.", "success")
    return redirect(url_for("auth.users"))


@bp.post("/beheer/gebruikers/<int:user_id>/actief")
@admin_required
def toggle_active(user_id: int):
    """Deactivate an account (its sessions end at once) or activate it again."""
    user = db.get_or_404(User, user_id)
    change = services.set_active(current_user, user, not user.active)
    if change is not None and change.is_pending:
        flash(f"{user.name} wordt weer actief zodra een andere teamverantwoordelijke of beheerder het bevestigt.", "success")
    else:
        flash(f"{user.name} is {'geactiveerd' if user.active else 'gedeactiveerd'}.", "success")
    return redirect(url_for("auth.users"))


@bp.post("/beheer/gebruikers/<int:user_id>/wachtwoord")
@admin_required
def reset_password(user_id: int):
    """Set a temporary password that the user must change at the next login."""
    user, form = db.get_or_404(User, user_id), TemporaryPasswordForm()
    if form.validate_on_submit():
        if not flash_waiting(services.set_temporary_password(current_user, user, form.password.data).is_pending):
            flash(f"{user.name} heeft een tijdelijk wachtwoord.", "success")
        return redirect(url_for("auth.users"))
    for error in form.password.errors:
        flash(f"{user.name}: {error}", "error")
    return redirect(url_for("auth.users"))


def flash_waiting(waiting: bool) -> bool:
    if waiting:
        flash("Deze wijziging gaat pas in als een andere teamverantwoordelijke of beheerder ze "
              "bevestigt: iemand wiens account er al was en dat jij niet hebt aangemaakt of een "
              "tijdelijk wachtwoord gegeven. Alle teamverantwoordelijken zien ze op hun startpagina.", "info")
    return waiting


@bp.post("/accountwijzigingen/<int:change_id>/bevestigen")
@second_person_required
def confirm_change(change_id: int):
    """Confirm a change to an account as the second person: it takes effect now."""
    changes.confirm(current_user, changes.change_or_404(change_id))
    flash("De wijziging is bevestigd en gaat nu in.", "success")
    return redirect(url_for("auth.users" if current_user.is_admin else "cases.home"))


@bp.post("/accountwijzigingen/<int:change_id>/weigeren")
@second_person_required
def refuse_change(change_id: int):
    """Refuse a change to an account: it never takes effect."""
    changes.refuse(current_user, changes.change_or_404(change_id))
    flash("De wijziging is geweigerd.", "success")
    return redirect(url_for("auth.users" if current_user.is_admin else "cases.home"))

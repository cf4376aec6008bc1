"""Error pages, as a page or as a short message for htmx requests: Dutch at the desk, in the
family's language on the family link (/gezin/...). While the database cannot be reached,
every request gets a 503 that is made without it."""

import logging

from flask import Flask, g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException, InternalServerError

from . import database, i18n
from .extensions import htmx, login_manager
from .i18n import N_
from .services import Refused

MESSAGES = {
    400: (N_("Verzoek niet begrepen"), N_("Dit verzoek konden we niet verwerken.")),
    403: (N_("Geen toegang"), N_("Je hebt geen toegang tot deze pagina.")),
    404: (N_("Niet gevonden"), N_("Deze pagina bestaat niet of je hebt er geen toegang toe.")),
    405: (N_("Niet toegestaan"), N_("Deze actie kan niet op deze manier.")),
    409: (N_("Intussen gewijzigd"), N_("Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw.")),
    413: (N_("Te groot"), N_("Wat je doorstuurde is te groot.")),
    429: (N_("Even geduld"), N_("Te veel verzoeken na elkaar. Probeer het over enkele minuten opnieuw.")),
    500: (N_("Er ging iets mis"),
          N_("Er ging iets mis bij ons. Probeer het opnieuw; blijft het misgaan, meld het dan aan je beheerder.")),
}
UNAVAILABLE = (
    N_("Even niet bereikbaar"),
    N_("Samenveilig is even niet bereikbaar. Wat je al bewaarde, is niet verloren. "
       "Probeer het over enkele seconden opnieuw."),
)
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)
FAMILY_PAGES = "/gezin/"  # the family link (share/family.py): its errors speak the family's language
CSRF_MESSAGE = (
    "Formulier verlopen",
    "Dit formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.",
)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, lambda e: render_error(400, CSRF_MESSAGE))
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    for error in (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, sa_exc.DisconnectionError):
        app.register_error_handler(error, handle_database_error)
    app.register_error_handler(Refused, lambda e: render_error(e.status, ("Niet mogelijk", e.message)))


def handle_http_error(error: HTTPException):
    if error.code not in MESSAGES or error.code < 400:
        return error
    return render_error(error.code)


def handle_database_error(error: sa_exc.SQLAlchemyError):
    if not database.unreachable(error):
        raise error  # a mistake, not an outage: the 500 page (and the log) as for any other
    return render_unavailable(error)


def handle_server_error(error: InternalServerError):
    if database.unreachable(error.original_exception):  # e.g. raised after the view, in a hook
        return render_unavailable(error.original_exception)
    return render_error(500)


def render_unavailable(error: BaseException):
    """503 with Retry-After, rendered without the database: no user is loaded (the page has no
    menu) and nothing in the templates asks it. A page asked for with GET loads itself again
    after the wait; for htmx, a notice in the page's notice area."""
    log.warning("database unreachable (%s): %s answered 503", type(error).__name__, request.path)
    g._login_user = login_manager.anonymous_user()  # Flask-Login's template context would load the user
    title, text = UNAVAILABLE
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    family = request.path.startswith(FAMILY_PAGES)
    if family:  # in the language picked with ?taal= (the case's own language is in the database)
        if "screen_language" not in g:
            i18n.speak_to_family(request.args.get("taal"))
        title, text = gettext(title), gettext(text)
    if htmx:
        notice = render_template("errors/_error.html", code=503, title=title, text=text)
        return notice, 503, headers | {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
    if family:
        return render_template("errors/error.html", code=503, title=title, text=text, family=True), 503, headers
    page = render_template("errors/unavailable.html", title=title, text=text,
                           reload=RETRY_AFTER_SECONDS if request.method == "GET" else None)
    return page, 503, headers


def render_error(code: int, message: tuple[str, str] | None = None):
    """A full page, or for htmx a notice swapped into the page's notice area."""
    title, text = message or MESSAGES.get(code, MESSAGES[400])
    if htmx:
        notice = render_template("errors/_error.html", code=code, title=title, text=text)
        return notice, code, {"HX-Retarget": "#notices", "HX-Reswap": "innerHTML"}
    family = request.path.startswith(FAMILY_PAGES)
    if family and "screen_language" not in g:  # no route of the family link answered: no case
        i18n.speak_to_family(request.args.get("taal"))
    if family:
        title, text = gettext(title), gettext(text)
    return render_template("errors/error.html", code=code, title=title, text=text, family=family), code

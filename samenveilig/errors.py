"""Error pages, as a page or as a short message for htmx requests: Dutch at the desk, in the
family's language on the family link (/gezin/...)."""

from flask import Flask, g, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import i18n
from .extensions import htmx
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
FAMILY_PAGES = "/gezin/"  # the family link (share/family.py): its errors speak the family's language
CSRF_MESSAGE = (
    "Formulier verlopen",
    "Dit formulier is verlopen of ongeldig. Laad de pagina opnieuw en probeer het nog eens.",
)


def register(app: Flask) -> None:
    app.register_error_handler(CSRFError, lambda e: render_error(400, CSRF_MESSAGE))
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, lambda e: render_error(500))
    app.register_error_handler(Refused, lambda e: render_error(e.status, ("Niet mogelijk", e.message)))


def handle_http_error(error: HTTPException):
    if error.code not in MESSAGES or error.code < 400:
        return error
    return render_error(error.code)


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

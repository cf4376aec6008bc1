"""Dutch error pages, as a page or as a short message for htmx requests."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import htmx
from .services import Refused

MESSAGES = {
    400: ("Verzoek niet begrepen", "Dit verzoek konden we niet verwerken."),
    403: ("Geen toegang", "Je hebt geen toegang tot deze pagina."),
    404: ("Niet gevonden", "Deze pagina bestaat niet of je hebt er geen toegang toe."),
    405: ("Niet toegestaan", "Deze actie kan niet op deze manier."),
    409: ("Intussen gewijzigd", "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw."),
    413: ("Te groot", "Wat je doorstuurde is te groot."),
    429: ("Even geduld", "Te veel verzoeken na elkaar. Probeer het over enkele minuten opnieuw."),
    500: ("Er ging iets mis", "Er ging iets mis bij ons. Probeer het opnieuw; blijft het misgaan, meld het dan aan je beheerder."),
}
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
    return render_template("errors/error.html", code=code, title=title, text=text), code

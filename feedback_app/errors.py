"""Error pages: real pages in the person's language, never a stack trace.

Browsers get a page that extends the layout; API clients (paths under /api/, or a request that
accepts JSON but not HTML) get ``{"error": "..."}``. Unhandled exceptions are logged by Flask
with their traceback before the 500 handler runs; the person sees only the calm page. While
testing (PROPAGATE_EXCEPTIONS) Flask re-raises them instead, so a failing test shows the cause.
"""
from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)

TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/405.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}
GENERIC_TEMPLATE = "errors/generic.html"
CSRF_TEMPLATE = "errors/csrf.html"

MESSAGES = {
    400: _l("We could not understand what was sent."),
    401: _l("You need to sign in."),
    403: _l("You do not have permission to do this."),
    404: _l("Page not found."),
    405: _l("This address does not accept that method."),
    413: _l("What you sent was too big."),
    429: _l("Too many attempts. Wait a minute and try again."),
    500: _l("Sorry, there is a problem with the service. Please try again later."),
}
GENERIC_MESSAGE = _l("Sorry, something went wrong.")
CSRF_MESSAGE = _l("This form was out of date. Your answers have not been lost; please try again.")

# An exception's own headers are kept (Allow on 405, Retry-After on 429) except these, which
# describe the body it would have sent.
DROPPED_HEADERS = {"content-type", "content-length"}


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    accepted = request.accept_mimetypes
    return accepted.accept_json and not accepted.accept_html


def _exception_headers(error: HTTPException | None) -> list[tuple[str, str]]:
    if error is None:
        return []
    return [
        (name, value)
        for name, value in error.get_headers(request.environ)
        if name.lower() not in DROPPED_HEADERS
    ]


def _fallback_page() -> str:
    """A page built without templates, for when the layout itself cannot be rendered."""
    try:
        from .i18n import current_language, text_direction

        language, direction = current_language(), text_direction()
        heading = gettext("Sorry, there is a problem with the service")
        advice = gettext("Please try again later.")
    except Exception:
        language, direction = "en", "ltr"
        heading = "Sorry, there is a problem with the service"
        advice = "Please try again later."
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}" dir="{escape(direction)}">\n'
        f'<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading)}</title></head>\n"
        f'<body style="font-family: arial, sans-serif; font-size: 19px; margin: 15px;">'
        f"<h1>{escape(heading)}</h1><p>{escape(advice)}</p></body>\n</html>\n"
    )


def error_response(status: int, template: str, message, error: HTTPException | None = None, **context):
    """The response for an error: a page or JSON, with the headers the error carries."""
    if wants_json():
        response = jsonify(error=str(message))
        response.status_code = status
    else:
        try:
            body = render_template(template, status=status, **context)
        except Exception:
            # The layout failed too (a broken template, a database that has gone away); a plain
            # page is better than the server's own English one.
            logger.exception("Could not render the error page %s for status %s", template, status)
            body = _fallback_page()
        response = make_response(body, status)
    for name, value in _exception_headers(error):
        response.headers[name] = value
    return response


def handle_http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if error.code >= 500:
        return handle_server_error(error)
    template = TEMPLATES.get(error.code, GENERIC_TEMPLATE)
    message = MESSAGES.get(error.code, GENERIC_MESSAGE)
    return error_response(error.code, template, message, error)


def handle_csrf_error(error: CSRFError):
    # Usually an old tab or a session that ended; worth knowing about if it happens often.
    logger.info("CSRF check failed for %s %s: %s", request.method, request.path, error.description)
    return error_response(400, CSRF_TEMPLATE, CSRF_MESSAGE, error, back_url=_same_page_url())


def handle_server_error(error: HTTPException):
    original = getattr(error, "original_exception", None)
    if original is None:
        # Unhandled exceptions were logged by Flask already; an explicit abort(5xx) was not.
        logger.error("%s on %s %s: %s", error.code, request.method, request.path, error.description)
    _rollback_database()
    return error_response(error.code or 500, TEMPLATES[500], MESSAGES[500], error)


def _rollback_database() -> None:
    # A failed statement leaves the transaction unusable, and the layout may still need the
    # database (the signed-in user's organisation).
    database = current_app.extensions.get("database")
    if database is None:
        return
    try:
        database.session.rollback()
    except Exception:
        logger.exception("Could not roll back the database session after an error")


def _same_page_url() -> str | None:
    """This request's own path and query, to offer as a link back to the form."""
    path = request.full_path.rstrip("?")
    # Only a path on this site: "//host" or "/\\host" would be read as another site.
    if not path.startswith("/") or path.startswith("//") or path.startswith("/\\"):
        return None
    return path


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)

    # The layout asks this before linking to a page another part of the service provides, so
    # that an error page still renders when that part is missing or failed to load.
    @app.template_global()
    def has_endpoint(endpoint: str) -> bool:
        return endpoint in current_app.view_functions

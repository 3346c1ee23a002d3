"""Languages: choosing, remembering and describing them."""
from __future__ import annotations

import unicodedata

from flask import Flask, has_request_context, request, session
from flask_babel import Babel, get_locale

# Language code -> the language's own name, as shown in the language switcher.
LANGUAGES = {
    "en": "English",
    "cy": "Cymraeg",
    "ur": "اردو",
    "pl": "Polski",
    "ar": "العربية",
}
RIGHT_TO_LEFT = {"ur", "ar"}
SESSION_KEY = "lang"

babel = Babel()


def select_locale() -> str:
    if not has_request_context():
        # The dispatcher and the command line: whatever they write for a person says its
        # language itself (force_locale); anything else is in English.
        return "en"
    requested = request.args.get("lang")
    if requested in LANGUAGES:
        session[SESSION_KEY] = requested
        return requested
    remembered = session.get(SESSION_KEY)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(list(LANGUAGES)) or "en"


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale else "en"


def text_direction(language: str | None = None) -> str:
    return "rtl" if (language or current_language()) in RIGHT_TO_LEFT else "ltr"


def direction_of(text: str | None) -> str | None:
    """The direction of a text people typed, from its first letter that has one (as ``dir="auto"``
    works it out): "rtl" for Arabic or Hebrew script, "ltr" for Latin and the like, None when it
    has no such letter. For the PDFs: the PDF maker does not work ``dir="auto"`` out by itself."""
    for character in text or "":
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)

    @app.before_request
    def remember_requested_language():
        # Flask-Babel selects the locale lazily, and a redirect may never ask for it, so a
        # language chosen on a link is remembered here, before anything else runs.
        requested = request.args.get("lang")
        if requested in LANGUAGES:
            session[SESSION_KEY] = requested

    @app.context_processor
    def language_context():
        language = current_language()
        return {
            "current_language": language,
            "text_direction": text_direction(language),
            "languages": LANGUAGES,
        }

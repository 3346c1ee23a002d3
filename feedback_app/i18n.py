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
# While someone answers on the web: the languages their council offers people (and their own),
# set when their link is opened. Their pages offer only these; staff pages offer every language.
PEOPLE_LANGUAGES_KEY = "people_languages"
PEOPLE_BLUEPRINTS = ("respond",)

babel = Babel()


def allowed_languages() -> dict[str, str]:
    """The languages this page may be shown in and offers in its language switcher."""
    if has_request_context() and request.blueprint in PEOPLE_BLUEPRINTS:
        limited = session.get(PEOPLE_LANGUAGES_KEY)
        if limited:
            return {code: name for code, name in LANGUAGES.items() if code in limited or code == "en"}
    return LANGUAGES


def select_locale() -> str:
    if not has_request_context():
        # The dispatcher and the command line: whatever they write for a person says its
        # language itself (force_locale); anything else is in English.
        return "en"
    allowed = allowed_languages()
    requested = request.args.get("lang")
    if requested in allowed:
        session[SESSION_KEY] = requested
        return requested
    remembered = session.get(SESSION_KEY)
    if remembered in allowed:
        return remembered
    return request.accept_languages.best_match(list(allowed)) or "en"


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
        if requested in allowed_languages():
            session[SESSION_KEY] = requested

    @app.context_processor
    def language_context():
        language = current_language()
        return {
            "current_language": language,
            "text_direction": text_direction(language),
            "languages": allowed_languages(),
        }

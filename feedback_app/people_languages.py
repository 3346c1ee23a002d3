"""The languages a council offers the people it asks for feedback.

English always; another language only when the council has chosen it and either a native speaker
has reviewed its translation (``translations/reviews.yaml``) or the council's administrator has
accepted, with a warning, that nobody who speaks it has checked it. A language offered this way
is what staff can record as a person's language, by hand, by import or through the API, and what
the person's own pages let them switch to. Someone already recorded with a language keeps it.
"""
from __future__ import annotations

from .i18n import LANGUAGES
from .translation_status import SOURCE_LANGUAGE, ReviewState, language_status

# In Organisation.settings: the languages chosen, and the unreviewed ones accepted as they are
# ({code: {"by": user id, "at": ISO time}}).
CHOSEN = "languages"
ACCEPTED = "languages_accepted"
TRANSLATED = tuple(code for code in LANGUAGES if code != SOURCE_LANGUAGE)
# Reviewed once: messages added since then do not take the language away from people.
REVIEWED_STATES = (ReviewState.REVIEWED, ReviewState.NEW_MESSAGES)


def needs_acceptance(code: str) -> bool:
    """Whether offering this language needs the council to accept that it is unchecked."""
    status = language_status(code)
    return status is None or status.state not in REVIEWED_STATES


def can_be_offered(code: str) -> bool:
    status = language_status(code)
    return status is not None and status.state != ReviewState.INCOMPLETE


def offered_languages(settings: dict | None) -> list[str]:
    """The council's languages for people, English first, in the service's own order."""
    settings = settings or {}
    chosen = settings.get(CHOSEN) or []
    accepted = settings.get(ACCEPTED) or {}
    offered = [SOURCE_LANGUAGE]
    for code in TRANSLATED:
        if code in chosen and can_be_offered(code) and (code in accepted or not needs_acceptance(code)):
            offered.append(code)
    return offered


def languages_for(settings: dict | None, current: str | None = None) -> list[str]:
    """What may be recorded for someone: the council's languages, and the one they already have."""
    offered = offered_languages(settings)
    if current in LANGUAGES and current not in offered:
        offered.append(current)
    return offered

"""How comment pages show dates, questions and languages."""
from __future__ import annotations

from datetime import datetime

from babel.dates import format_date
from flask_babel import get_locale

from ..i18n import text_direction
from ..labels import language_name
from ..questionnaire import all_surveys
from ..reports.periods import local_date
from . import redaction
from .labels import PLACEHOLDER_LABELS, STATUS_CLASSES, STATUS_LABELS, comment_html


def sent_on(moment: datetime) -> str:
    """The day in England the comment was sent: the day that places it in a quarter."""
    return format_date(local_date(moment), "d MMMM yyyy", locale=get_locale())


def question_text(question_key: str) -> str:
    """The question as the person read it (adult wording), in the reader's language."""
    for survey in all_surveys().values():
        if survey.has_question(question_key):
            return survey.question(question_key).text_translated()
    return question_key


def template_helpers() -> dict:
    return {
        "sent_on": sent_on, "question_text": question_text, "language_name": language_name,
        "comment_html": comment_html, "status_labels": STATUS_LABELS, "status_classes": STATUS_CLASSES,
        "placeholder_labels": PLACEHOLDER_LABELS, "redaction_kinds": redaction.KINDS,
        "direction_of": text_direction,
    }

""""My outcomes": the person's desired outcomes in their own words, as an easy-read page to
print and keep in view, in the language they chose.

Made with WeasyPrint as tagged PDF (PDF/UA-1) with a title and a language, from its own print
stylesheet and the fonts installed on the machine: nothing is fetched from anywhere.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from sqlalchemy.orm import Session

from .. import audit
from ..i18n import LANGUAGES, direction_of, text_direction
from ..models import Organisation, OutcomesAsked, Participant
from .display import long_date
from .records import today


def N_(message: str) -> str:
    """Marks a message for the catalogue; it is translated when the page is made."""
    return message


TEXT = {
    "title": N_("What I want to happen"),
    "intro": N_("You told us what you want to happen."),
    "written": N_("We wrote it down in your own words."),
    "own_words": N_("In your own words"),
    "next": N_("What happens next"),
    "in_view": N_("We will keep this page with us when we meet."),
    "check": N_("We will check with you that we are doing what matters to you."),
    "change": N_("You can change your mind. Tell us if you want something different."),
    "made_on": N_("Written on %(date)s"),
}


class NoOutcomesRecorded(LookupError):
    """The enquiry holds no desired outcomes in the person's words."""


def _texts(language: str) -> dict | None:
    """The page's words in ``language``; None when any is untranslated, so that the page never
    claims a language it is not written in."""
    with force_locale(language):
        texts = {key: gettext(message, date="%(date)s") for key, message in TEXT.items()}
    if language != "en" and any(texts[key] == TEXT[key] for key in TEXT if key != "made_on"):
        return None
    return texts


def outcomes_pdf(participant: Participant, council_name: str) -> tuple[bytes, str]:
    """The PDF, and the language it is written in."""
    enquiry = participant.enquiry
    language = participant.language if participant.language in LANGUAGES else "en"
    texts = _texts(language)
    if texts is None:
        language, texts = "en", _texts("en")
    with force_locale(language):
        html = render_template(
            "casework/my_outcomes_pdf.html", texts=texts, language=language,
            direction=text_direction(language), direction_of=direction_of, council_name=council_name,
            outcomes=enquiry.desired_outcomes_text, made_on=texts["made_on"] % {"date": long_date(today())},
        )
    # Imported here: WeasyPrint takes a moment to load, and only this download needs it.
    from weasyprint import HTML

    symbols = Path(current_app.config.get("SURVEYS_DIR", "surveys")).resolve() / "symbols"
    pdf = HTML(string=html, base_url=symbols.as_uri() + "/").write_pdf(pdf_variant="pdf/ua-1")
    return pdf, language


def download_outcomes_pdf(session: Session, participant: Participant, actor) -> bytes:
    """Make the PDF for ``participant`` and record that it was downloaded."""
    enquiry = participant.enquiry
    if enquiry.outcomes_asked != OutcomesAsked.EXPRESSED or not (enquiry.desired_outcomes_text or "").strip():
        raise NoOutcomesRecorded(enquiry.id)
    council = session.get(Organisation, enquiry.organisation_id)
    pdf, language = outcomes_pdf(participant, council.name)
    audit.record(session, "outcomes_pdf_downloaded", participant, user=actor, language=language)
    session.commit()
    return pdf

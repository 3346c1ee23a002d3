"""The printed questionnaire as a tagged PDF (PDF/UA-1), made with WeasyPrint.

Every page is a sheet that carries the form's reference code, in text and as a QR code with an
accessible name. The QR code holds only the address of the page where a code is typed, never a
survey link, so a form found in the street opens nothing by itself. The words are prepared in the
person's language before the template sees them, so one document can hold forms in several
languages (the post room's batches). Fonts are the system's Noto fonts; the only files WeasyPrint
may read are the questionnaire's symbols and the QR images made here (``printing.AssetFetcher``).
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale, format_date, gettext
from markupsafe import Markup, escape

from ..answers import outcomes_recorded
from ..i18n import LANGUAGES, direction_of, text_direction
from ..models import Invitation, Organisation, Participant, ParticipantRole
from ..questionnaire import get_survey
from ..questionnaire.model import N_  # marks a message for the catalogue; translated when the form is made
from . import printing
from .printed import EASY_READ, FORMATS, LARGE_PRINT, printed_questions

# Easy read: two questions to a page, each in its half. Large print: one to a page, so that the
# bigger words in the longest languages never spill onto a page without the form code.
QUESTIONS_PER_SHEET = {EASY_READ: 2, LARGE_PRINT: 1}


def words(message: str, **values) -> str:
    """``message`` (marked with ``N_``) in the current language, with its values put in. Not
    named gettext, so that the catalogue takes the message where it is marked, not here."""
    return gettext(message, **values)


TEXT = {
    "code": N_("Form code"),
    "page": N_("Page %(number)s of %(count)s"),
    "from": N_("This form is from %(council)s."),
    "why": N_("We want to know what you think about the help you got to stay safe."),
    "optional": N_("You do not have to answer. Your support will not change, whatever you decide."),
    "time": N_("It takes about 10 minutes."),
    "how": N_("Tick one box for each question. You can leave a question blank."),
    "consent_first": N_("Tick Yes at question 1 if you want us to use your answers."),
    "return": N_("When you have finished, put the form in the envelope. You do not need a stamp. "
                 "Or give it to your advocate."),
    "return_by": N_("Please send it back by %(date)s."),
    "phone": N_("Call %(phone)s if you have a question, or to get this form in another language, in large print "
                "or in easy read."),
    "other_format": N_("Ask us if you want this form in another language, in large print or in easy read."),
    "online": N_("You can answer online instead. Scan the QR code, or go to %(address)s and type the form code."),
    "qr_alt": N_("QR code. It opens the page where you type the form code: %(address)s"),
    "question": N_("Question %(number)s"),
    "tick_one": N_("Tick one box."),
    "write_here": N_("Write here if you want to."),
    "thanks": N_("Thank you for your answers."),
    "post_it": N_("Please put the form in the envelope and post it."),
}

# The picture beside each part of the front page (decoration: the words say it all).
FRONT_SYMBOLS = {"why": "questions.svg", "optional": "skip.svg", "time": "time.svg", "how": "tick-box.svg",
                 "return": "envelope.svg", "phone": "phone.svg"}


@dataclass
class Sheet:
    number: int
    questions: list = field(default_factory=list)
    front: bool = False
    last: bool = False


@dataclass
class PrintedForm:
    """One form, ready for the template: every word already in its language."""

    code: str
    language: str
    direction: str
    format: str
    title: str
    texts: dict
    front: list
    sheets: list
    qr_uri: str
    qr_alt: str
    letter: object = None  # the covering letter, when the form goes out in the post room's batch

    @property
    def page_count(self) -> int:
        return len(self.sheets)


def form_language(participant: Participant) -> str:
    return participant.language if participant.language in LANGUAGES else "en"


def preferred_format(participant: Participant) -> str:
    return LARGE_PRINT if "large_print" in (participant.format_needs or []) else EASY_READ


# The page a form's QR code opens (``online.code_page``): short, as people may type it.
CODE_PAGE_PATH = "/p"


def code_page_address() -> str:
    return current_app.config["PUBLIC_BASE_URL"] + CODE_PAGE_PATH


@lru_cache(maxsize=4)
def qr_data_uri(address: str) -> str:
    """The QR code as a small PNG: a picture is drawn once per page, where an SVG's hundreds of
    squares would be drawn one by one (a batch has hundreds of pages)."""
    import segno

    buffer = io.BytesIO()
    segno.make(address, error="m").save(buffer, kind="png", scale=8, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _filled(message: str, **values) -> Markup:
    """A translated sentence with its values put in, each isolated (``<bdi>``) so a number or a
    code keeps its own direction inside right-to-left text."""
    template = escape(gettext(message))
    return template % {key: _isolated(value) for key, value in values.items()}


def _isolated(value) -> Markup:
    # The PDF maker does not work out dir="auto" for itself: the direction is given where the
    # value has letters that say it (a council's name, a date written out), and left to the
    # surrounding text for bare numbers.
    direction = direction_of(str(value))
    if direction is None:
        return Markup("<bdi>{}</bdi>").format(value)
    return Markup('<bdi dir="{}">{}</bdi>').format(direction, value)


def build_form(invitation: Invitation, participant: Participant, council: Organisation, *,
               format: str | None = None, language: str | None = None) -> PrintedForm:
    """The words and layout of ``invitation``'s form, in the participant's language and format
    unless told otherwise."""
    language = language if language in LANGUAGES else form_language(participant)
    format = format if format in FORMATS else preferred_format(participant)
    survey = get_survey(invitation.survey_id)
    phone = (council.settings or {}).get("help_phone")
    address = code_page_address()
    with force_locale(language):
        questions = printed_questions(survey, for_representative=participant.role == ParticipantRole.REPRESENTATIVE,
                                      outcomes_recorded=outcomes_recorded(participant.enquiry))
        texts = {key: words(message) for key, message in TEXT.items()}
        return_by = format_date(invitation.expires_at.date(), "d MMMM yyyy")
        front = [
            ("council", _filled(TEXT["from"], council=council.name), None),
            ("why", texts["why"], FRONT_SYMBOLS["why"]),
            ("optional", texts["optional"], FRONT_SYMBOLS["optional"]),
            ("time", texts["time"], FRONT_SYMBOLS["time"]),
            ("how", Markup("{} {}").format(texts["how"], texts["consent_first"]), FRONT_SYMBOLS["how"]),
            ("return", Markup("{} {}").format(texts["return"], _filled(TEXT["return_by"], date=return_by)),
             FRONT_SYMBOLS["return"]),
            ("phone", _filled(TEXT["phone"], phone=phone) if phone else texts["other_format"],
             FRONT_SYMBOLS["phone"]),
            ("online", _filled(TEXT["online"], address=address), None),
        ]
        sheets = [Sheet(number=1, front=True)]
        for question in questions:
            current = sheets[-1]
            if current.front or question.free_text or len(current.questions) == QUESTIONS_PER_SHEET[format] \
                    or any(q.free_text for q in current.questions):
                current = Sheet(number=len(sheets) + 1)
                sheets.append(current)
            current.questions.append(question)
        sheets[-1].last = True
        texts["pages"] = {sheet.number: words(TEXT["page"], number=sheet.number, count=len(sheets))
                          for sheet in sheets}
        texts["questions"] = {q.number: words(TEXT["question"], number=q.number) for q in questions}
        qr_alt = words(TEXT["qr_alt"], address=address)
        title = survey.title_translated()
    return PrintedForm(code=invitation.reference_code, language=language, direction=text_direction(language),
                       format=format, title=title, texts=texts, front=front, sheets=sheets,
                       qr_uri=qr_data_uri(address), qr_alt=qr_alt)


def symbols_dir() -> Path:
    return Path(current_app.config.get("SURVEYS_DIR", "surveys")).resolve() / "symbols"


def write_pdf(html: str) -> bytes:
    return printing.write_pdf(html, symbols_dir())


def form_html(form: PrintedForm) -> str:
    return render_template("paper/form.html", forms=[form], language=form.language, direction=form.direction,
                           title=form.title)


def form_pdf(invitation: Invitation, participant: Participant, council: Organisation, *,
             format: str | None = None, language: str | None = None) -> tuple[bytes, PrintedForm]:
    form = build_form(invitation, participant, council, format=format, language=language)
    return write_pdf(form_html(form)), form

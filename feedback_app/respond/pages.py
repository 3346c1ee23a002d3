"""What a question page and the check-your-answers page show, worked out from the survey."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..answers import CONSENT_QUESTION, StoredAnswer
from ..dispatch.checks import safe_contact
from ..i18n import current_language
from ..models import Channel, ContactKind, Enquiry, Participant, User
from ..questionnaire import PREFER_NOT_SAY, SKIP, Context, Question, Survey, get_survey

UNIVERSAL_SUMMARY = {SKIP: _l("You skipped this question"), PREFER_NOT_SAY: _l("You would rather not say")}


@dataclass
class Choice:
    key: str
    number: int
    label: str
    symbol_url: str
    checked: bool


@dataclass
class QuestionView:
    question: Question
    text: str
    hint: str | None
    symbol_url: str
    number: int
    total: int
    back_url: str
    choices: list[Choice] = field(default_factory=list)
    universal: list[Choice] = field(default_factory=list)
    stored_text: str = ""
    outcomes_text: str | None = None
    errors: list[dict] = field(default_factory=list)
    change: bool = False

    @property
    def field_id(self) -> str:
        if self.question.is_free_text:
            return "text"
        return f"answer-{self.choices[0].key}" if self.choices else "answer-skip"


def _stored(respondent, key) -> StoredAnswer | None:
    return respondent.response.answer(key) if respondent.response is not None else None


@dataclass(frozen=True)
class _Wording:
    """What a question says in one language and version, with its pictures' addresses: the same
    for everyone, so worked out once per application rather than on every page."""

    text: str
    hint: str | None
    symbol_url: str
    options: tuple[tuple[str, int, str, str, bool], ...]  # key, number, label, picture, universal


def question_wording(survey: Survey, question: Question, representative: bool) -> _Wording:
    cache = current_app.extensions.setdefault("question_wording", {})
    key = (survey.id, survey.version, question.key, representative, current_language())
    wording = cache.get(key)
    if wording is None:
        wording = cache[key] = _Wording(
            question.text_translated(representative), question.hint_translated(representative),
            url_for("respond.symbol", name=question.symbol),
            tuple((o.key, o.number, o.label_translated(representative), url_for("respond.symbol", name=o.symbol),
                   o.universal) for o in question.offered_choices))
    return wording


def question_view(respondent, survey: Survey, key: str, context: Context, form, errors: list[str]) -> QuestionView:
    question = survey.question(key)
    visible = survey.visible_questions(context)
    keys = [q.key for q in visible]
    representative = respondent.uses_representative_wording
    stored = _stored(respondent, key)
    posted = form.answer.data if errors else None
    chosen = posted if posted is not None else (stored.choice_key if stored else None)
    wording = question_wording(survey, question, representative)
    choices = [Choice(option_key, number, label, picture, option_key == chosen)
               for option_key, number, label, picture, _universal in wording.options]

    position = keys.index(key)
    previous = visible[position - 1] if position else None
    view = QuestionView(
        question=question,
        text=wording.text,
        hint=wording.hint,
        symbol_url=wording.symbol_url,
        number=position + 1,
        total=len(keys),
        back_url=url_for("respond.question", key=previous.key) if previous else url_for("respond.start"),
        choices=[c for c, option in zip(choices, wording.options) if not option[4]],
        universal=[c for c, option in zip(choices, wording.options) if option[4]],
        stored_text=(form.text.data if errors and form.text.data is not None
                     else (stored.free_text if stored and stored.free_text else "")),
        change=bool(form.change.data or _wants_change()),
    )
    if question.kind == "outcomes_review":
        view.outcomes_text = respondent.enquiry.desired_outcomes_text
    view.errors = [{"text": message, "href": f"#{view.field_id}"} for message in errors]
    return view


def _wants_change() -> bool:
    from flask import request

    return request.args.get("change") == "1"


@dataclass
class SummaryRow:
    question: str
    answer: str
    change_url: str
    key: str
    symbol_url: str | None = None  # the chosen answer's picture; none for words typed in


def answer_summary(respondent, survey: Survey, context: Context) -> list[SummaryRow]:
    representative = respondent.uses_representative_wording
    rows = []
    for question in survey.visible_questions(context):
        stored = _stored(respondent, question.key)
        if question.key == CONSENT_QUESTION or stored is None:
            continue
        symbol_url = None
        if stored.choice_key:
            symbol_url = url_for("respond.symbol", name=question.choice(stored.choice_key).symbol)
        if stored.choice_key in UNIVERSAL_SUMMARY:
            answer = str(UNIVERSAL_SUMMARY[stored.choice_key])
        elif stored.choice_key:
            answer = question.choice(stored.choice_key).label_translated(representative)
        else:
            answer = stored.free_text or ""
        rows.append(SummaryRow(question.text_translated(representative), answer,
                               url_for("respond.question", key=question.key, change=1), question.key,
                               symbol_url))
    return rows


def first_unanswered(respondent) -> str | None:
    """The first question on the person's route, as their answers now stand, with no answer yet."""
    if respondent is None:
        return None
    survey = get_survey(respondent.invitation.survey_id) if respondent.response is None else \
        get_survey(respondent.response.survey_id, respondent.response.survey_version)
    answered = respondent.answers
    for question in survey.visible_questions(respondent.routing):
        if question.key not in answered:
            return question.key
    return None


def orientation_for(db_session, respondent) -> dict | None:
    """When the enquiry ended and the worker's first name, for the first page, if the council
    chose to show them and the safe-contact check of the route the person was asked by says a
    message may name the council. None otherwise."""
    if not (respondent.council.settings or {}).get("orientation"):
        return None
    kind = {Channel.SMS: ContactKind.PHONE, Channel.PAPER: ContactKind.POSTAL}.get(respondent.invitation.channel)
    kinds = [kind] if kind else [ContactKind.PHONE, ContactKind.POSTAL]
    routes = [safe_contact(db_session, respondent.participant.id, k) for k in kinds]
    if not any(route is not None and route.may_name_council for route in routes):
        return None
    row = db_session.execute(
        select(Enquiry.closed_on, User.name).select_from(Participant)
        .join(Enquiry, Enquiry.id == Participant.enquiry_id).outerjoin(User, User.id == Enquiry.lead_user_id)
        .where(Participant.id == respondent.participant.id)).one_or_none()
    if row is None:
        return None
    worker = (row.name or "").split()[0] if row.name else None
    return {"closed_on": row.closed_on, "worker": worker}

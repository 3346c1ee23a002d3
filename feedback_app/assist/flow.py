"""The pages of an assisted response, for whoever types the answers in: an advocate on a visit
(``assist/answer_views``), or council helpline staff taking answers by telephone
(``casework/telephone_views``). Each passes a ``Work``: the invitation being answered, how the
pages are addressed, and what follows from starting, sending or declining.

First how the answers are being given (``answering.Setup``), kept in the browser's session
until the first answer stores it with the response; then the questions as the person sees
them (in the person's language, with the pictures), each with a box for the person's own words
where they differ from the tick; then a check before sending."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField

from ..answers import CONSENT_QUESTION, Given, ResponseClosed, alerts_raised, load_state
from ..answers.state import WHO_QUESTION
from ..casework.forms import DateBoxesField, choices, radios, show_errors
from ..casework.records.checks import today
from ..db import db
from ..labels import ANSWER_MODE_LABELS, ASKED_BY_LABELS, SUPPORT_LABELS
from ..models import AnswerMode
from ..questionnaire import PREFER_NOT_SAY, SKIP
from ..respond.forms import ERROR_MESSAGES, error_for
from ..respond.pages import question_wording
from . import answering
from .answering import OWN_WORDS_MAX, Setup

SESSION_KEY = "assisted"
MODE_HINTS = {  # by stored value, as the template looks them up
    AnswerMode.SUPPORTED.value: _l("You help them understand and choose. They answer."),
    AnswerMode.OWN_WORDS_WRITTEN.value: _l("They say what they think and you write it down."),
    AnswerMode.REPRESENTATIVE_VIEW.value: _l("Someone who represents them gives their own view about the person."),
    AnswerMode.TELEPHONE.value: _l("You ask the questions and note the answers on a phone call."),
}
OWN_WORDS_TOO_LONG = _l("The person’s own words must be %(max)s characters or fewer", max="2,000")


class Work:
    """One person's assisted response, as the pages need it. Subclasses say where the pages are
    and what starting, sending and declining mean for the work they come from."""

    modes: tuple[AnswerMode, ...] = answering.ASSISTED_MODES
    invitation_id: int | None = None
    earliest = None  # the first day answers can have been given, if there is one
    label: str = ""
    back_url: str = ""
    done_url: str = ""

    def url(self, page: str, **values) -> str:
        raise NotImplementedError

    @property
    def ended(self) -> bool:
        return False

    def begin(self, setup: Setup, user) -> int:
        """Answering starts: returns the invitation answered (commits)."""
        raise NotImplementedError

    def sent(self, user) -> None:
        """The answers were sent (in the caller's transaction)."""

    def declined(self, user) -> None:
        """The person said no at the first question (the consent ledger already has it; commits)."""


def setup_form_class(modes):
    class SetupForm(FlaskForm):
        mode = radios(_l("How are the answers being given?"), {mode: ANSWER_MODE_LABELS[mode] for mode in modes})
        asked_by = radios(_l("Who is asking?"), ASKED_BY_LABELS, description=_l(
            "An independent person, or the enquiry lead at the end of the enquiry."))
        present = radios(_l("Is the person there while the questions are answered?"),
                         {"yes": _l("Yes"), "no": _l("No")})
        support = SelectMultipleField(_l("How is the person being supported? (optional)"),
                                      widget=GovCheckboxesInput(), validate_choice=False,
                                      choices=choices(SUPPORT_LABELS), description=_l("Select all that apply."))
        on = DateBoxesField(_l("Date the answers are given"), description=_l("For example, 27 3 2026"))

    return SetupForm


class AnswerForm(FlaskForm):
    question = HiddenField()
    answer = StringField()
    words = TextAreaField()


def _setups() -> dict:
    return session.get(SESSION_KEY) or {}


def _setup(invitation_id: int, state) -> Setup | None:
    if state.response is not None:
        stored = Setup.from_response(db.session, state.response.id)
        if stored is not None:
            return stored
    return Setup.from_session(_setups().get(str(invitation_id)))


def _keep(invitation_id: int, setup: Setup) -> None:
    setups = _setups()
    setups[str(invitation_id)] = setup.as_session()
    session[SESSION_KEY] = setups


def _forget(invitation_id: int) -> None:
    setups = _setups()
    if setups.pop(str(invitation_id), None) is not None:
        session[SESSION_KEY] = setups


def _open(work: Work):
    """The questionnaire's state and setup; (None, None) when it can no longer be answered."""
    if work.invitation_id is None:
        return None, None
    state = load_state(db.session, work.invitation_id, in_transaction=request.method == "POST")
    if state is None or work.ended or not state.answerable:
        return None, None
    return state, _setup(work.invitation_id, state)


def _closed(work: Work):
    flash(_("These answers can no longer be changed."), "important")
    return redirect(work.back_url)


def actor():
    return current_user._get_current_object()


def start_page(work: Work):
    state, setup = _open(work)
    if work.invitation_id is not None and state is None:
        return _closed(work)
    if state is not None and state.response is not None and setup is not None:
        return _go_on(work, state, setup)
    modes = work.modes
    form = setup_form_class(modes)(data={"on": today(), **({"mode": modes[0].value} if len(modes) == 1 else {})})
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        clean, errors = answering.validate_setup(data, modes=modes, earliest=work.earliest)
        if not errors:
            setup = answering.setup_of(clean)
            invitation_id = work.begin(setup, actor())
            _keep(invitation_id, setup)
            return _go_on(work, load_state(db.session, invitation_id), setup)
        show_errors(form, errors)
    return render_template("assist/start.html", work=work, form=form, mode_hints=MODE_HINTS,
                           one_mode=modes[0] if len(modes) == 1 else None)


def _go_on(work: Work, state, setup: Setup):
    following = answering.next_to_ask(state, setup)
    if following is None:
        return redirect(work.url("check"))
    return redirect(work.url("question", key=following))


def _view(state, setup: Setup, key: str, form: AnswerForm, error: str | None) -> dict:
    survey = answering.survey_of(state)
    question = survey.question(key)
    representative = answering.uses_representative_wording(state, setup)
    language = state.participant.language
    with force_locale(language):
        wording = question_wording(survey, question, representative)
    stored = state.response.answer(key) if state.response is not None else None
    chosen = form.answer.data if error else (stored.choice_key if stored else None)
    words = form.words.data if error else (stored.free_text if stored else "")
    # "Who is answering?", when the mode answers it, is not one of the questions asked.
    keys = [q.key for q in answering.route(state)
            if not (q.key == WHO_QUESTION and setup.mode in answering.WHO_BY_MODE)]
    return {"question": question, "wording": wording, "language": language, "chosen": chosen, "words": words or "",
            "error": error, "number": keys.index(key) + 1, "total": len(keys), "representative": representative,
            "outcomes_text": state.enquiry.desired_outcomes_text if question.kind == "outcomes_review" else None}


def question_page(work: Work, key: str):
    state, setup = _open(work)
    if state is None:
        return _closed(work)
    if setup is None:
        return redirect(work.url("start"))
    if key not in [q.key for q in answering.route(state)]:
        abort(404)
    if key == WHO_QUESTION and setup.mode in answering.WHO_BY_MODE:
        return _go_on(work, state, setup)  # the mode already says who is answering
    form = AnswerForm()
    error = None
    if request.method == "POST":
        outcome = _save(work, state, setup, key, form)
        if not isinstance(outcome, str):
            return outcome
        error = outcome
    return render_template("assist/question.html", work=work, form=form,
                           view=_view(state, setup, key, form, error), has_errors=bool(error))


def _save(work: Work, state, setup: Setup, key: str, form: AnswerForm):
    """Record the posted answer and return where to go, or the message to show."""
    if not form.validate_on_submit() or form.question.data != key:
        return str(ERROR_MESSAGES["stale"])
    survey = answering.survey_of(state)
    choice = request.form.get("answer") or None
    words = (form.words.data or "").strip() or None
    if words is not None and len(words) > OWN_WORDS_MAX:
        return str(OWN_WORDS_TOO_LONG)
    if survey.question(key).is_free_text:
        if choice in (SKIP, PREFER_NOT_SAY):
            words = None
        elif words is None:
            choice = SKIP  # writing nothing skips the question, as on the person's own pages
        else:
            choice = None
    elif choice is None:
        return error_for(None, survey.question(key))
    try:
        outcome, state = answering.record(db.session, work.invitation_id, setup, Given(key, choice, words), actor())
    except ResponseClosed:
        db.session.rollback()
        return _closed(work)
    if not outcome.recorded:
        return error_for(outcome.reask, survey.question(key))
    if key == CONSENT_QUESTION and choice != "yes":
        _forget(work.invitation_id)
        if choice == "no":
            work.declined(actor())
            flash(_("Recorded that they do not want to take part. Nothing more will be sent to them."), "success")
            return redirect(work.done_url)
        flash(_("Recorded that they would like to be asked another time. Their answers so far are kept."), "success")
        return redirect(work.back_url)
    return _go_on(work, load_state(db.session, work.invitation_id), setup)


def check_page(work: Work):
    state, setup = _open(work)
    if state is None:
        return _closed(work)
    if setup is None:
        return redirect(work.url("start"))
    if not answering.ready_to_send(state, setup):
        return _go_on(work, state, setup)
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            answering.send(db.session, work.invitation_id, actor())
        except ResponseClosed:
            db.session.rollback()
            return _closed(work)
        work.sent(actor())
        alerted = alerts_raised(db.session, state.response.id)
        db.session.commit()
        _forget(work.invitation_id)
        message = _("The answers were sent to the council.")
        if alerted:
            message += " " + _("Something they said has gone to the council’s duty desk, who will follow it up.")
        flash(message, "success")
        return redirect(work.done_url)
    return render_template("assist/check.html", work=work, form=form, setup=setup, rows=_summary(state, setup),
                           language=state.participant.language)


def _summary(state, setup: Setup) -> list[dict]:
    representative = answering.uses_representative_wording(state, setup)
    rows = []
    with force_locale(state.participant.language):
        for question in answering.route(state):
            stored = state.response.answer(question.key) if state.response is not None else None
            if stored is None or question.key == CONSENT_QUESTION:
                continue
            answer = question.choice(stored.choice_key).label_translated(representative) \
                if stored.choice_key else ""
            rows.append({"key": question.key, "question": question.text_translated(representative),
                         "answer": answer, "words": stored.free_text or "",
                         "fixed": question.key == WHO_QUESTION and setup.mode in answering.WHO_BY_MODE})
    return rows

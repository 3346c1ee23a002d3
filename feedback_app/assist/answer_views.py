"""Answering with an advocate: how the answers are being given, then the questions as the
person sees them (in the person's language, with the pictures), each with a box for the
person's own words where they differ from the tick, then a check before sending."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import HiddenField, SelectMultipleField, StringField, TextAreaField

from ..answers import CONSENT_QUESTION, Given, ResponseClosed, alerts_raised, load_state
from ..answers.state import WHO_QUESTION
from ..auth.permissions import requires
from ..casework.forms import DateBoxesField, choices, radios, show_errors
from ..casework.records.checks import today
from ..db import db
from ..labels import ANSWER_MODE_LABELS, ASKED_BY_LABELS, SUPPORT_LABELS
from ..models import AnswerMode, Role
from ..questionnaire import PREFER_NOT_SAY, SKIP
from ..respond.forms import ERROR_MESSAGES
from ..respond.pages import question_wording
from . import answering
from .answering import ASSISTED_MODES, OWN_WORDS_MAX, Setup
from .blueprint import bp
from .views import actor, assignment_or_404
from .work import mark_contacted, record_answered, record_refusal

SESSION_KEY = "assisted"
MODE_HINTS = {  # by stored value, as the template looks them up
    AnswerMode.SUPPORTED.value: _l("You help them understand and choose. They answer."),
    AnswerMode.OWN_WORDS_WRITTEN.value: _l("They say what they think and you write it down."),
    AnswerMode.REPRESENTATIVE_VIEW.value: _l("Someone who represents them gives their own view about the person."),
    AnswerMode.TELEPHONE.value: _l("You ask the questions and note the answers on a phone call."),
}
OWN_WORDS_TOO_LONG = _l("The person’s own words must be %(max)s characters or fewer", max="2,000")


class SetupForm(FlaskForm):
    mode = radios(_l("How are the answers being given?"),
                  {mode: ANSWER_MODE_LABELS[mode] for mode in ASSISTED_MODES})
    asked_by = radios(_l("Who is asking?"), ASKED_BY_LABELS, description=_l(
        "An independent person, or the enquiry lead at the end of the enquiry."))
    present = radios(_l("Is the person there while the questions are answered?"), {"yes": _l("Yes"), "no": _l("No")})
    support = SelectMultipleField(_l("How is the person being supported? (optional)"), widget=GovCheckboxesInput(),
                                  validate_choice=False, choices=choices(SUPPORT_LABELS),
                                  description=_l("Select all that apply."))
    on = DateBoxesField(_l("Date the answers are given"), description=_l("For example, 27 3 2026"))


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


def _open(assignment_id):
    """The assignment, its questionnaire's state and setup; 404 unless it can still be answered."""
    assignment = assignment_or_404(assignment_id)
    state = load_state(db.session, assignment.invitation_id, in_transaction=request.method == "POST")
    if state is None or assignment.ended_at is not None or not state.answerable:
        flash(_("These answers can no longer be changed."), "important")
        return assignment, None, None
    return assignment, state, _setup(assignment.invitation_id, state)


@bp.route("/people/<int:assignment_id>/start", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def start(assignment_id):
    assignment, state, setup = _open(assignment_id)
    if state is None:
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    if state.response is not None and setup is not None:
        return _go_on(assignment, state, setup)
    form = SetupForm(data={"on": today()})
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        clean, errors = answering.validate_setup(data)
        if not errors:
            setup = answering.setup_of(clean)
            _keep(assignment.invitation_id, setup)
            mark_contacted(db.session, assignment, actor())
            db.session.commit()
            return _go_on(assignment, state, setup)
        show_errors(form, errors)
    return render_template("assist/start.html", assignment=assignment, form=form, mode_hints=MODE_HINTS)


def _go_on(assignment, state, setup: Setup):
    following = answering.next_to_ask(state, setup)
    if following is None:
        return redirect(url_for("assist.check", assignment_id=assignment.id))
    return redirect(url_for("assist.question", assignment_id=assignment.id, key=following))


def _view(state, setup: Setup, key: str, form: AnswerForm, error: str | None):
    survey = answering.survey_of(state)
    question = survey.question(key)
    representative = answering.uses_representative_wording(state, setup)
    language = state.participant.language
    with force_locale(language):
        wording = question_wording(survey, question, representative)
    stored = state.response.answer(key) if state.response is not None else None
    chosen = form.answer.data if error else (stored.choice_key if stored else None)
    words = form.words.data if error else (stored.free_text if stored else "")
    keys = [q.key for q in answering.route(state)]
    return {"question": question, "wording": wording, "language": language, "chosen": chosen, "words": words or "",
            "error": error, "number": keys.index(key) + 1, "total": len(keys),
            "outcomes_text": state.enquiry.desired_outcomes_text if question.kind == "outcomes_review" else None,
            "own_words_max": OWN_WORDS_MAX}


@bp.route("/people/<int:assignment_id>/q/<key>", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def question(assignment_id, key):
    assignment, state, setup = _open(assignment_id)
    if state is None:
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    if setup is None:
        return redirect(url_for("assist.start", assignment_id=assignment.id))
    if key not in [q.key for q in answering.route(state)]:
        abort(404)
    if key == WHO_QUESTION and setup.mode in answering.WHO_BY_MODE:
        return _go_on(assignment, state, setup)  # the mode already says who is answering
    form = AnswerForm()
    error = None
    if request.method == "POST":
        outcome = _save(assignment, state, setup, key, form)
        if not isinstance(outcome, str):
            return outcome
        error = outcome
    return render_template("assist/question.html", assignment=assignment, form=form,
                           view=_view(state, setup, key, form, error), has_errors=bool(error))


def _save(assignment, state, setup: Setup, key: str, form: AnswerForm):
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
            choice = SKIP
        else:
            choice = None
    elif choice is None:
        return str(ERROR_MESSAGES["choice_required"])
    given = Given(key, choice, words)
    try:
        outcome, state = answering.record(db.session, assignment.invitation_id, setup, given, actor())
    except ResponseClosed:
        db.session.rollback()
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    if not outcome.recorded:
        return str(ERROR_MESSAGES.get(outcome.reask, ERROR_MESSAGES["choice_required"]))
    if key == CONSENT_QUESTION and choice != "yes":
        return _not_answering(assignment, choice)
    state = load_state(db.session, assignment.invitation_id)
    return _go_on(assignment, state, setup)


def _not_answering(assignment, choice):
    """No, or not now, at the first question: the consent ledger already has it."""
    _forget(assignment.invitation_id)
    if choice == "no":
        record_refusal(db.session, assignment, actor(), None)
        flash(_("Recorded that they do not want to take part. Nothing more will be sent to them."), "success")
        return redirect(url_for("assist.home"))
    flash(_("Recorded that they would like to be asked another time. Their answers so far are kept."), "success")
    return redirect(url_for("assist.person", assignment_id=assignment.id))


@bp.route("/people/<int:assignment_id>/check", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def check(assignment_id):
    assignment, state, setup = _open(assignment_id)
    if state is None:
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    if setup is None:
        return redirect(url_for("assist.start", assignment_id=assignment.id))
    if not answering.ready_to_send(state, setup):
        return _go_on(assignment, state, setup)
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            answering.send(db.session, assignment.invitation_id, actor())
        except ResponseClosed:
            db.session.rollback()
            return redirect(url_for("assist.person", assignment_id=assignment.id))
        record_answered(db.session, assignment, actor())
        alerted = alerts_raised(db.session, state.response.id)
        db.session.commit()
        _forget(assignment.invitation_id)
        flash(_("The answers were sent to the council.") + (" " + _(
            "Something they said has gone to the council’s duty desk, who will follow it up.") if alerted else ""),
            "success")
        return redirect(url_for("assist.home"))
    return render_template("assist/check.html", assignment=assignment, form=form, setup=setup,
                           rows=_summary(state, setup), language=state.participant.language)


def _summary(state, setup: Setup) -> list[dict]:
    survey = answering.survey_of(state)
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

"""Staff pages for paper: a form to print, and keying a returned form (once, or twice with the
differences settled)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..answers import ResponseClosed
from ..auth.permissions import requires
from ..casework.access import VIEW_ROLES
from ..casework.forms import ConfirmForm
from ..casework.records import today
from ..db import db
from ..people_languages import languages_for
from ..models import Invitation, KeyingStatus, Organisation, Participant
from .blueprint import bp, councils, pdf_attachment
from .codes import CodeProblem, FoundCode, find_code
from .keying import (
    MARKS, NO_TICK, SEVERAL, UNREADABLE, differences, form_questions, load_entries, read_keying, read_received_on,
    save_keying, second_keying_on, settle,
)
from .pdf import form_pdf
from .printed import FORMATS

CODE_MESSAGES = {
    CodeProblem.EMPTY: _l("Enter the form code"),
    CodeProblem.MISTYPED: _l("This form code is not right: check each character against the form"),
    CodeProblem.UNKNOWN: _l("There is no form with this code. Check it against the form"),
    CodeProblem.WITHDRAWN: _l("Do not key this form: the request was cancelled, or the person said no or "
                              "asked for their answers to be deleted"),
    CodeProblem.USED: _l("The answers on this form are already recorded, keyed or given online"),
}
KEYING_MESSAGES = {
    "missing": _l("Choose what is ticked for question %(number)s, or ‘No tick’"),
    "unknown": _l("Choose one of the answers listed for question %(number)s"),
    "too_long": _l("The words for question %(number)s must be 2,000 characters or fewer"),
}
DATE_MESSAGES = {
    "missing": _l("Enter the date the form came back"),
    "invalid": _l("The date the form came back must be a real date"),
    "future": _l("The date the form came back must be today or in the past"),
    "too_early": _l("The date the form came back must be after the form was made"),
}
MARK_LABELS = {
    NO_TICK: _l("No tick"),
    SEVERAL: _l("More than one tick"),
    UNREADABLE: _l("Cannot tell what is ticked"),
}


def _user():
    return current_user._get_current_object()


@bp.route("/paper/<code>.pdf")
@requires(*VIEW_ROLES, refuse_signed_out=True)
def form_download(code):
    found = find_code(db.session, code, councils())
    if found.invitation is None:
        abort(404)
    invitation = found.invitation
    participant = db.session.get(Participant, invitation.participant_id)
    council = db.session.get(Organisation, invitation.organisation_id)
    # Staff may print it in another format or language than the person's own, when asked.
    requested, language = request.args.get("format"), request.args.get("language")
    # Only a language the council offers people (or the person's own).
    allowed = languages_for(council.settings, participant.language)
    if (requested is not None and requested not in FORMATS) or (language is not None and language not in allowed):
        abort(404)
    pdf, form = form_pdf(invitation, participant, council, format=requested, language=language)
    audit.record(db.session, "paper_form_downloaded", invitation, user=_user(), format=form.format,
                 language=form.language)
    db.session.commit()
    return pdf_attachment(pdf, f"form-{found.code}-{form.format}.pdf")


@bp.route("/paper/key", methods=["GET", "POST"])
@requires(*VIEW_ROLES)
def key():
    form = ConfirmForm()
    error, typed = None, ""
    if request.method == "POST" and form.validate_on_submit():
        typed = request.form.get("code", "")[:40]
        found = find_code(db.session, typed, councils())
        if found.problem is not None:
            error = str(CODE_MESSAGES[found.problem])
        else:
            return _next_step(found)
    return render_template("paper/key.html", form=form, error=error, typed=typed), 400 if error else 200


def _next_step(found: FoundCode):
    invitation = found.invitation
    if found.different:
        return redirect(url_for("paper.settle_page", invitation_id=invitation.id))
    waiting = found.waiting
    if waiting is not None and waiting.keyed_by_id == current_user.id:
        flash(_("You keyed this form the first time. A different person must key it the second time."), "important")
        return redirect(url_for("paper.key"))
    return redirect(url_for("paper.key_form", invitation_id=invitation.id))


def _invitation_for_keying(invitation_id: int) -> FoundCode:
    invitation = db.session.scalar(select(Invitation).where(
        Invitation.id == invitation_id, Invitation.organisation_id.in_(councils())))
    if invitation is None or not invitation.reference_code:
        abort(404)
    return find_code(db.session, invitation.reference_code, councils())


@bp.route("/paper/key/<int:invitation_id>", methods=["GET", "POST"])
@requires(*VIEW_ROLES)
def key_form(invitation_id):
    found = _invitation_for_keying(invitation_id)
    if found.problem is not None:
        flash(str(CODE_MESSAGES[found.problem]), "important")
        return redirect(url_for("paper.key"))
    if found.different or (found.waiting is not None and found.waiting.keyed_by_id == current_user.id):
        return _next_step(found)
    invitation = found.invitation
    participant = db.session.get(Participant, invitation.participant_id)
    council = db.session.get(Organisation, invitation.organisation_id)
    questions = form_questions(invitation, participant)
    form = ConfirmForm()
    errors, date_error, values = {}, None, request.form if request.method == "POST" else {}
    received = (values.get("received-day", ""), values.get("received-month", ""), values.get("received-year", ""))
    if request.method == "POST" and form.validate_on_submit():
        keyed, problems = read_keying(questions, request.form)
        received_on, date_problem = read_received_on(*received, not_before=invitation.created_at.date(),
                                                     today=today())
        errors = {q.key: KEYING_MESSAGES[problems[q.key]] % {"number": q.number} for q in questions
                  if q.key in problems}
        date_error = DATE_MESSAGES[date_problem] if date_problem else None
        if not errors and not date_error:
            try:
                result = save_keying(db.session, invitation, keyed, received_on=received_on, user=_user(),
                                     council=council)
            except ResponseClosed:
                db.session.rollback()
                flash(str(CODE_MESSAGES[CodeProblem.USED]), "important")
                return redirect(url_for("paper.key"))
            return _after_keying(result, found)
    if request.method == "GET":
        now = today()
        received = (str(now.day), str(now.month), str(now.year))
    second = found.waiting is not None
    return render_template("paper/key_form.html", form=form, invitation=invitation, questions=questions,
                           errors=errors, date_error=date_error, values=values, received=received,
                           mark_labels=MARK_LABELS, second=second,
                           second_keying=second_keying_on(council.settings)), 400 if errors or date_error else 200


def _after_keying(result, found: FoundCode):
    if result.status == KeyingStatus.WAITING:
        flash(_("Form %(code)s is keyed. A different person must now key it a second time before it counts.",
                code=found.code), "success")
    elif result.status == KeyingStatus.DIFFERENT:
        flash(_("The two keyings of form %(code)s differ. Settle each difference with the form in front of you.",
                code=found.code), "important")
        return redirect(url_for("paper.settle_page", invitation_id=found.invitation.id))
    else:
        message = _("Form %(code)s is recorded.", code=found.code)
        if result.not_used:
            message += " " + _("Question 1 was not answered yes, so the other answers on the form are not used.")
        flash(message, "success")
    return redirect(url_for("paper.key"))


@bp.route("/paper/key/<int:invitation_id>/settle", methods=["GET", "POST"])
@requires(*VIEW_ROLES)
def settle_page(invitation_id):
    found = _invitation_for_keying(invitation_id)
    keyings = [k for k in found.keyings if k.status == KeyingStatus.DIFFERENT]
    if found.problem is not None or len(keyings) != 2:
        flash(_("There is nothing to settle for this form."), "important")
        return redirect(url_for("paper.key"))
    invitation = found.invitation
    participant = db.session.get(Participant, invitation.participant_id)
    questions = form_questions(invitation, participant)
    first, second = load_entries(keyings[0]), load_entries(keyings[1])
    differing = [q for q in questions if q.key in differences(first, second)]
    form = ConfirmForm()
    errors = {}
    if request.method == "POST" and form.validate_on_submit():
        chosen = {}
        for question in differing:
            pick = request.form.get(f"pick-{question.key}")
            if pick == "first":
                chosen[question.key] = first.get(question.key)
            elif pick == "second":
                chosen[question.key] = second.get(question.key)
            else:
                errors[question.key] = _("Choose which keying of question %(number)s matches the form",
                                         number=question.number)
        if not errors:
            chosen = {key: value for key, value in chosen.items() if value is not None}
            try:
                settle(db.session, invitation, chosen, user=_user())
            except ResponseClosed:
                db.session.rollback()
                flash(str(CODE_MESSAGES[CodeProblem.USED]), "important")
                return redirect(url_for("paper.key"))
            flash(_("Form %(code)s is settled and recorded.", code=found.code), "success")
            return redirect(url_for("paper.key"))
    return render_template("paper/settle.html", form=form, invitation=invitation, questions=differing,
                           first=first, second=second, errors=errors, mark_labels=MARK_LABELS,
                           marks=MARKS), 400 if errors else 200

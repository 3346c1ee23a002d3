"""Pages of the person's questionnaire. Each page asks one question; every answer is saved when
the page is sent, so a person can leave and come back to where they were."""
from __future__ import annotations

from urllib.parse import parse_qsl

from flask import (
    abort, current_app, redirect, render_template, request, send_from_directory, session, url_for,
)
from sqlalchemy.exc import IntegrityError

from .. import limits
from ..auth.permissions import public
from ..consent import record_consent
from ..db import db
from ..extensions import csrf
from ..answers import Given, ResponseClosed, alerts_raised, erase_response, record_answer, submit_response
from ..admin.settings import callback_hours
from ..dispatch.checks import safe_contact
from ..i18n import current_language
from ..media import clips_for_question, send_clip
from ..models import AnswerMode, Channel, ConsentKind, ContactKind, Participant, QuestionMedia
from ..questionnaire import PREFER_NOT_SAY, SKIP, get_survey
from .blueprint import bp
from .compact import compact_response
from .forms import ERROR_MESSAGES, ConfirmForm, QuestionForm, error_for
from .links import FINISHED_KEY, current_respondent, exchange_token, forget, load_respondent, remember_finished
from .pages import answer_summary, first_unanswered, orientation_for, question_view



@bp.before_request
def keep_raw_body():
    # Read the body before the form parser does, so that invalid UTF-8 can still be seen.
    if request.method == "POST" and request.mimetype == "application/x-www-form-urlencoded":
        request.get_data(cache=True)


@bp.after_request
def no_caching(response):
    # Nothing a person answered may be shown again from the browser's cache after they leave.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return compact_response(response)


def link_not_working():
    return render_template("respond/link_not_working.html"), 404


@bp.route("/s/<token>")
@public
@limits.survey_link
def open_link(token):
    if exchange_token(db.session, token) is None:
        forget()
        return link_not_working()
    return redirect(url_for("respond.start"))


@bp.route("/questionnaire")
@public
def start():
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    response = respondent.response
    if response is not None and response.answers:
        # Back where they left off: the first question on their route not yet answered, or the
        # check page once every one is.
        missing = first_unanswered(respondent)
        return redirect(url_for("respond.question", key=missing) if missing else url_for("respond.check"))
    survey = get_survey(respondent.invitation.survey_id)
    context = respondent.routing
    return render_template("respond/start.html", respondent=respondent, survey=survey,
                           first=survey.first_question(context),
                           question_count=len(survey.visible_questions(context)),
                           orientation=orientation_for(db.session, respondent))


@bp.route("/questionnaire/q/<key>", methods=["GET", "POST"])
@public
@csrf.exempt
def question(key):
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    survey = get_survey(respondent.invitation.survey_id)
    context = respondent.routing
    visible = [q.key for q in survey.visible_questions(context)]
    if key not in visible:
        return redirect(url_for("respond.start"))
    form = QuestionForm()
    errors = []
    if request.method == "POST":
        outcome = _save(respondent, survey, key, form)
        if not isinstance(outcome, str):
            return outcome
        errors = [outcome]
    view = question_view(respondent, survey, key, context, form, errors)
    # The council's recording of this question read aloud, and its BSL video, if it made them.
    media = clips_for_question(db.session, respondent.council, survey.id, key, current_language(),
                               "representative" if respondent.uses_representative_wording else "adult")
    return render_template("respond/question.html", view=view, form=form, respondent=respondent,
                           has_errors=bool(errors), media=media)


def _save(respondent, survey, key, form):
    """Save the posted answer and return where to go, or the error message to show."""
    if not form.validate_on_submit() or form.question.data != key:
        return str(ERROR_MESSAGES["stale"])
    choice = request.form.get("answer") or None
    free_text = survey.question(key).is_free_text
    text = form.text.data if free_text and choice not in (SKIP, PREFER_NOT_SAY) else None
    if free_text and choice is None and not (text or "").strip():
        # Writing nothing is allowed ("You do not have to write anything"): it skips the question.
        choice, text = SKIP, None
    if text is not None and ("\ufffd" in text or _unreadable_body()):
        return str(ERROR_MESSAGES["unreadable"])
    for _attempt in range(2):
        try:
            outcome = record_answer(db.session, respondent, Given(key, choice, text), channel=Channel.WEB,
                                    mode=AnswerMode.SELF, language=_language())
            if not outcome.recorded:
                db.session.rollback()
                return error_for(outcome.reask, survey.question(key))
            # Committed before the redirect: nothing a person answered waits on a later request.
            db.session.commit()
            following = outcome.next_question
            break
        except IntegrityError:
            # Two tabs or a double click started the response at the same moment: the other
            # request's response now exists, so read again and save into that one.
            db.session.rollback()
            respondent = load_respondent(db.session, respondent.invitation.id)
            if respondent is None:
                return link_not_working()
        except ResponseClosed:
            db.session.rollback()
            return redirect(url_for("respond.start"))
    else:
        return str(ERROR_MESSAGES["stale"])
    if key == "consent" and choice != "yes":
        remember_finished(respondent.invitation, "declined" if choice == "no" else "later")
        return redirect(url_for("respond.closed"))
    if form.change.data:
        # Changed from the check page: straight back to it, unless the change put a question on
        # their route that they have not answered, which is asked first (and then back).
        missing = first_unanswered(respondent)  # the state record_answer kept up to date
        return redirect(url_for("respond.question", key=missing, change=1) if missing else url_for("respond.check"))
    if following:
        return redirect(url_for("respond.question", key=following))
    return redirect(url_for("respond.check"))


def _unreadable_body() -> bool:
    """True when the posted form is not valid UTF-8 (Werkzeug would keep the bad bytes as %XX)."""
    if request.mimetype != "application/x-www-form-urlencoded":
        return False
    try:
        parse_qsl(request.get_data(cache=True).decode("utf-8"), errors="strict")
    except (UnicodeDecodeError, ValueError):
        return True
    return False


def _language():
    return session.get("lang", "en")


@bp.route("/questionnaire/check", methods=["GET", "POST"])
@public
@csrf.exempt
def check():
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    response = respondent.response
    if response is None or not response.answers:
        return redirect(url_for("respond.start"))
    missing = first_unanswered(respondent)
    if missing:
        return redirect(url_for("respond.question", key=missing))
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            submit_response(db.session, respondent)
        except ResponseClosed:
            db.session.rollback()
            return redirect(url_for("respond.start"))
        db.session.commit()
        remember_finished(respondent.invitation, "sent")
        return redirect(url_for("respond.sent"))
    survey = get_survey(response.survey_id, response.survey_version)
    return render_template("respond/check.html", respondent=respondent, form=form,
                           rows=answer_summary(respondent, survey, respondent.routing))


def _finished():
    state = session.get(FINISHED_KEY) or {}
    invitation_id = state.get("invitation")
    respondent = load_respondent(db.session, invitation_id) if isinstance(invitation_id, int) else None
    if respondent is None:
        return None, None
    return respondent, state.get("outcome")


@bp.route("/questionnaire/sent")
@public
def sent():
    respondent, outcome = _finished()
    if respondent is None or outcome != "sent":
        return link_not_working()
    response = respondent.response
    alert = bool(response and alerts_raised(db.session, response.id))
    return render_template("respond/sent.html", respondent=respondent, alert=alert,
                           callback=callback_for(respondent) if alert else None)


def callback_for(respondent) -> dict:
    """When and how the duty desk will get in touch, as far as it is true: the council's time, and
    the way to reach the person that was checked as safe (phone first), if there is one."""
    route = None
    if safe_contact(db.session, respondent.participant.id, ContactKind.PHONE) is not None:
        route = "phone"
    elif safe_contact(db.session, respondent.participant.id, ContactKind.POSTAL) is not None:
        route = "letter"
    return {"hours": callback_hours(respondent.council.settings), "route": route}


@bp.route("/questionnaire/closed")
@public
def closed():
    respondent, outcome = _finished()
    if respondent is None or outcome not in ("declined", "later", "withdrawn", "deleted"):
        return link_not_working()
    return render_template("respond/closed.html", respondent=respondent, outcome=outcome)


@bp.route("/questionnaire/help")
@public
def help_page():
    """Every way to get help, linked from each question page; "back" is where the person left off."""
    return render_template("respond/help.html", respondent=current_respondent(db.session),
                           back_url=url_for("respond.start"))


@bp.route("/questionnaire/stop")
@public
def stop():
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    forget()
    return render_template("respond/stopped.html", respondent=respondent)


@bp.route("/questionnaire/withdraw", methods=["GET", "POST"])
@public
@csrf.exempt
def withdraw():
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        record_consent(db.session, _participant(respondent), ConsentKind.WITHDRAWN, Channel.WEB, how="web_form")
        db.session.commit()
        remember_finished(respondent.invitation, "withdrawn")
        return redirect(url_for("respond.closed"))
    return render_template("respond/withdraw.html", respondent=respondent, form=form)


@bp.route("/questionnaire/delete", methods=["GET", "POST"])
@public
@csrf.exempt
def delete():
    respondent = current_respondent(db.session)
    if respondent is None:
        return link_not_working()
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if respondent.response is not None:
            erase_response(db.session, respondent.response.id, Channel.WEB)
        else:
            record_consent(db.session, _participant(respondent), ConsentKind.WITHDRAWN, Channel.WEB, how="web_form")
        db.session.commit()
        remember_finished(respondent.invitation, "deleted")
        return redirect(url_for("respond.closed"))
    return render_template("respond/delete.html", respondent=respondent, form=form)


def _participant(respondent) -> Participant:
    return db.session.get(Participant, respondent.participant.id)


@bp.route("/leave")
@public
def leave():
    """Exit this page without JavaScript: end the session and go somewhere that gives nothing away."""
    forget()
    session.pop("lang", None)
    return redirect(current_app.config.get("EXIT_PAGE_URL") or "https://www.bbc.co.uk/weather", 303)


@bp.route("/questionnaire/media/<int:clip_id>")
@public
def media(clip_id):
    """A recording or BSL video of a question, for the person answering that council's questions;
    served with ranges, so that a phone can fetch it in parts."""
    respondent = current_respondent(db.session)
    clip = db.session.get(QuestionMedia, clip_id) if respondent is not None else None
    if clip is None or clip.organisation_id != respondent.council.id:
        abort(404)
    return send_clip(clip)


@bp.route("/symbols/<name>")
@public
def symbol(name):
    if not name.endswith(".svg"):
        abort(404)
    return send_from_directory(current_app.config["SURVEYS_DIR"] + "/symbols", name, max_age=7 * 24 * 3600)

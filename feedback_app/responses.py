"""The one place where an answer is validated and saved, for every channel.

Web pages, text replies, re-keyed paper and advocates' forms all call ``save_answer``: it
checks the answer against the survey, stores one row per question (a second submission of the
same question replaces the first, so double submits and back buttons never duplicate), applies
consent answers to the ledger, and raises alerts for the duty desk.

The web questionnaire, which every answer typed into a browser passes through, loads a response
as plain rows rather than ORM objects and saves with ``start_loaded_response`` and
``save_loaded_answer``. They share the checks and the consequences (``_consequences``) with
``start_response`` and ``save_answer`` and write the same columns, only with two statements of
their own instead of the ORM's unit of work; a test holds the two ways to identical results.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit
from .alerts import find_flagged_phrase, phrases_for, raise_alert
from .consent import record_consent
from .models import (
    Alert, AlertKind, Answer, Channel, ConsentKind, ConsentEvent, Enquiry, Invitation, InvitationStatus,
    Organisation, OutcomesAsked, Participant, Respondent, Response, ResponseStatus, utcnow,
)
from .questionnaire import Context, Survey, ValidAnswer, get_survey

CONSENT_QUESTION = "consent"
CONSENT_ANSWERS = {"yes": ConsentKind.GIVEN, "not_now": ConsentKind.LATER, "no": ConsentKind.DECLINED}


class ResponseClosed(Exception):
    """The response was sent or erased; its answers can no longer change through this route."""


def outcomes_recorded(enquiry: Enquiry | None) -> bool:
    return bool(enquiry and enquiry.outcomes_asked == OutcomesAsked.EXPRESSED and enquiry.desired_outcomes_text)


def routing_context(session: Session, response: Response) -> Context:
    return Context(outcomes_recorded=_outcomes_recorded_for(session, response), answers=answers_by_key(response))


def answers_by_key(response) -> dict[str, str]:
    """Answers by question key (free text as "text"), of a ``Response`` or a ``LoadedResponse``."""
    return {a.question_key: a.choice_key or "text" for a in response.answers}


def start_response(session: Session, invitation: Invitation, *, channel: Channel, language: str,
                   entered_by=None, person_present: bool | None = None) -> Response:
    """The invitation's response, created on first use. Two simultaneous starts make one row."""
    existing = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if existing is not None:
        return existing
    participant = session.get(Participant, invitation.participant_id)
    enquiry = session.get(Enquiry, participant.enquiry_id)
    response = Response(**_new_response(invitation, participant, enquiry, channel=channel, language=language,
                                        entered_by=entered_by, person_present=person_present))
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        return session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if invitation.status in OPENING:
        invitation.status = InvitationStatus.OPENED
    return response


OPENING = (InvitationStatus.SENT, InvitationStatus.SCHEDULED)


def _new_response(invitation, participant, enquiry, *, channel: Channel, language: str, entered_by=None,
                  person_present: bool | None = None) -> dict:
    """The columns of a new response. Enquiry kind, timing and who asked are copied so that
    aggregates survive the retention cut that detaches a response from its participant."""
    survey = get_survey(invitation.survey_id)
    return dict(
        organisation_id=invitation.organisation_id, participant_id=participant.id,
        invitation_id=invitation.id, survey_id=survey.id, survey_version=survey.version,
        language=language, channel=channel, enquiry_kind=enquiry.kind, timing=invitation.timing,
        asked_by=invitation.asked_by, representative_kind=participant.representative_kind,
        entered_by_id=getattr(entered_by, "id", None), person_present=person_present,
    )


def save_answer(session: Session, response: Response, question_key: str, choice_key: str | None = None,
                free_text: str | None = None, *, channel: Channel, actor=None) -> Answer:
    """Validate and store one answer, with its consequences, without committing.

    Raises ``AnswerInvalid`` (nothing is written) or ``ResponseClosed``.
    """
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ResponseClosed()
    survey = get_survey(response.survey_id, response.survey_version)
    valid = survey.validate_answer(question_key, choice_key, free_text)
    # The response's answers are already loaded by every caller that shows pages.
    answer = next((a for a in response.answers if a.question_key == valid.question_key), None)
    if answer is None:
        answer = Answer(response_id=response.id, question_key=valid.question_key)
        response.answers.append(answer)
    answer.framework_item = valid.framework_item
    answer.choice_key = valid.choice_key
    answer.free_text = valid.free_text
    answer.answered_at = utcnow()
    session.flush()

    organisation = None

    def council_settings():
        nonlocal organisation
        organisation = organisation or session.get(Organisation, response.organisation_id)
        return organisation.settings

    progress = _consequences(session, survey, valid, response, answers_by_key(response),
                             _outcomes_recorded_for(session, response), council_settings, channel, actor)
    response.respondent = progress.respondent
    response.current_question = progress.current_question
    return answer


@dataclass
class StoredAnswer:
    question_key: str
    choice_key: str | None
    free_text: str | None


@dataclass
class LoadedResponse:
    """A response read as plain rows, with its answers in the order given, for the web pages.

    Loading and saving through these costs a fraction of building ORM objects, which matters on
    the page that every answer passes through. ``save_loaded_answer`` keeps it up to date.
    """

    id: int
    organisation_id: int
    participant_id: int | None
    survey_id: str
    survey_version: int
    status: ResponseStatus
    current_question: str | None
    answers: list[StoredAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    """Where a response stands after an answer: who is answering, and what to ask next."""

    respondent: Respondent | None
    current_question: str | None


_ANSWER = Answer.__table__
_RESPONSE = Response.__table__
# Built once: the statements are the same for every answer, only their values change.
_UPDATE_ANSWER = (
    update(_ANSWER)
    .where(_ANSWER.c.response_id == bindparam("response"), _ANSWER.c.question_key == bindparam("question"))
    .values(framework_item=bindparam("framework"), choice_key=bindparam("choice"), free_text=bindparam("text"),
            answered_at=bindparam("at"))
)
_INSERT_ANSWER = insert(_ANSWER)
_INSERT_RESPONSE = insert(_RESPONSE)
_INVITATION = Invitation.__table__
_OPEN_INVITATION = (
    update(_INVITATION)
    .where(_INVITATION.c.id == bindparam("invitation"), _INVITATION.c.status.in_(OPENING))
    .values(status=InvitationStatus.OPENED)
)
_UPDATE_PROGRESS = (
    update(_RESPONSE)
    .where(_RESPONSE.c.id == bindparam("response"), _RESPONSE.c.status == ResponseStatus.IN_PROGRESS)
    .values(respondent=bindparam("who"), current_question=bindparam("next"))
)


def start_loaded_response(session: Session, invitation, participant, enquiry, *, channel: Channel,
                          language: str) -> LoadedResponse:
    """``start_response`` for an invitation, participant and enquiry loaded as rows, when the
    invitation had no response as they were loaded.

    If another request starts it at the same moment, the insert fails on the one response an
    invitation may have (``IntegrityError``): roll back, load again, and save into that one.
    """
    values = _new_response(invitation, participant, enquiry, channel=channel, language=language)
    connection = session.connection()
    response_id = connection.execute(_INSERT_RESPONSE, values).inserted_primary_key[0]
    if invitation.status in OPENING:
        connection.execute(_OPEN_INVITATION, {"invitation": invitation.id})
    return LoadedResponse(id=response_id, organisation_id=values["organisation_id"],
                          participant_id=values["participant_id"], survey_id=values["survey_id"],
                          survey_version=values["survey_version"], status=ResponseStatus.IN_PROGRESS,
                          current_question=None)


def save_loaded_answer(session: Session, response: LoadedResponse, question_key: str,
                       choice_key: str | None = None, free_text: str | None = None, *, channel: Channel,
                       outcomes_recorded: bool, council_settings: dict | None, actor=None) -> Progress:
    """``save_answer`` for a response loaded as rows: the same checks and consequences, written
    with two statements (the answer, then the response's place) in the session's transaction.

    ``outcomes_recorded`` and ``council_settings`` come from the enquiry and the council the
    caller loaded with the response. Raises ``AnswerInvalid`` (nothing is written),
    ``ResponseClosed`` (also when the response was sent or erased since it was loaded) or
    ``IntegrityError`` (another request stored the same question first; load and save again).
    """
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ResponseClosed()
    survey = get_survey(response.survey_id, response.survey_version)
    valid = survey.validate_answer(question_key, choice_key, free_text)
    connection = session.connection()
    values = {"framework": valid.framework_item, "choice": valid.choice_key, "text": valid.free_text,
              "at": utcnow()}
    stored = next((a for a in response.answers if a.question_key == valid.question_key), None)
    written = 0
    if stored is not None:
        written = connection.execute(_UPDATE_ANSWER, {"response": response.id, "question": valid.question_key,
                                                      **values}).rowcount
    if not written:
        connection.execute(_INSERT_ANSWER, {
            "response_id": response.id, "question_key": valid.question_key, "framework_item": values["framework"],
            "choice_key": values["choice"], "free_text": values["text"], "answered_at": values["at"]})
    if stored is None:
        stored = StoredAnswer(valid.question_key, None, None)
        response.answers.append(stored)
    stored.choice_key, stored.free_text = valid.choice_key, valid.free_text

    progress = _consequences(session, survey, valid, response, answers_by_key(response), outcomes_recorded,
                             lambda: council_settings, channel, actor)
    moved = connection.execute(_UPDATE_PROGRESS, {"response": response.id, "who": progress.respondent,
                                                  "next": progress.current_question}).rowcount
    if moved != 1:
        raise ResponseClosed()
    response.current_question = progress.current_question
    return progress


def _outcomes_recorded_for(session: Session, response: Response) -> bool:
    participant = session.get(Participant, response.participant_id) if response.participant_id else None
    return outcomes_recorded(session.get(Enquiry, participant.enquiry_id) if participant else None)


def _consequences(session, survey: Survey, valid: ValidAnswer, response, answers: dict[str, str],
                  outcomes_recorded: bool, council_settings, channel, actor) -> Progress:
    """What follows from a stored answer, however it was stored: consent recorded in the ledger,
    alerts raised for the duty desk, who is answering, and the next question on the route.

    ``response`` is a ``Response`` or a ``LoadedResponse``; ``answers`` are its answers by key,
    this one included; ``council_settings`` is called only when free text must be checked.
    """
    _apply_consent(session, response.participant_id, valid.question_key, valid.choice_key, channel, actor)
    respondent = survey.respondent(answers)
    _raise_alerts(session, response, valid, council_settings)
    following = survey.next_question(valid.question_key, Context(outcomes_recorded=outcomes_recorded,
                                                                 answers=answers))
    return Progress(Respondent(respondent) if respondent else None, following.key if following else None)


def _apply_consent(session, participant_id, question_key, choice_key, channel, actor) -> None:
    if question_key != CONSENT_QUESTION or participant_id is None:
        return
    kind = CONSENT_ANSWERS.get(choice_key)
    if kind is None:
        return
    participant = session.get(Participant, participant_id)
    latest = session.scalar(select(ConsentEvent.kind).where(ConsentEvent.participant_id == participant.id)
                            .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).limit(1))
    if latest != kind:  # a second press of the same button is not a second event
        record_consent(session, participant, kind, channel, actor=actor, how="questionnaire")


def _raise_alerts(session, response, valid: ValidAnswer, council_settings) -> None:
    kind = matched = None
    if valid.raises_alert:
        kind = AlertKind.SAFETY_REQUEST
    elif valid.free_text:
        matched = find_flagged_phrase(valid.free_text, phrases_for(council_settings()))
        kind = AlertKind.FLAGGED_TEXT if matched else None
    if kind is None:
        return
    already = session.scalar(select(Alert.id).where(
        Alert.response_id == response.id, Alert.question_key == valid.question_key, Alert.kind == kind))
    if already is None:
        raise_alert(session, organisation_id=response.organisation_id, kind=kind, response=response,
                    participant_id=response.participant_id, question_key=valid.question_key,
                    matched_phrase=matched)


def alerts_raised(session: Session, response: Response) -> bool:
    return session.scalar(select(Alert.id).where(Alert.response_id == response.id).limit(1)) is not None


def submit_response(session: Session, response: Response, actor=None) -> Response:
    """Send the answers. Sending twice changes nothing."""
    if response.status == ResponseStatus.SUBMITTED:
        return response
    if response.status != ResponseStatus.IN_PROGRESS:
        raise ResponseClosed()
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = utcnow()
    response.current_question = None
    if response.invitation_id:
        session.get(Invitation, response.invitation_id).status = InvitationStatus.COMPLETED
    audit.record(session, "response_submitted", response, user=actor, channel=response.channel.value)
    return response


def erase_response(session: Session, response: Response, channel: Channel, actor=None) -> None:
    """Delete a person's answers at their request: recorded in the ledger, then carried out."""
    participant = session.get(Participant, response.participant_id) if response.participant_id else None
    if participant is not None:
        record_consent(session, participant, ConsentKind.ERASE_REQUESTED, channel, actor=actor)
    for answer in list(response.answers):
        session.delete(answer)
    response.answers.clear()
    response.status = ResponseStatus.ERASED
    response.current_question = None
    if participant is not None:
        record_consent(session, participant, ConsentKind.ERASED, channel, actor=actor,
                       note="Answers deleted at the person's request.")
    audit.record(session, "response_erased", response, user=actor, channel=channel.value)

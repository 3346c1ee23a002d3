"""The one place where an answer is validated and saved, for every channel.

Web pages, text replies, re-keyed paper and advocates' forms all call ``save_answer``: it
checks the answer against the survey, stores one row per question (a second submission of the
same question replaces the first, so double submits and back buttons never duplicate), applies
consent answers to the ledger, and raises alerts for the duty desk.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import audit
from .alerts import find_flagged_phrase, phrases_for, raise_alert
from .consent import record_consent
from .models import (
    Alert, AlertKind, Answer, Channel, ConsentKind, ConsentEvent, Enquiry, Invitation, InvitationStatus,
    Organisation, OutcomesAsked, Participant, Respondent, Response, ResponseStatus, utcnow,
)
from .questionnaire import Context, Survey, get_survey

CONSENT_QUESTION = "consent"
CONSENT_ANSWERS = {"yes": ConsentKind.GIVEN, "not_now": ConsentKind.LATER, "no": ConsentKind.DECLINED}


class ResponseClosed(Exception):
    """The response was sent or erased; its answers can no longer change through this route."""


def outcomes_recorded(enquiry: Enquiry | None) -> bool:
    return bool(enquiry and enquiry.outcomes_asked == OutcomesAsked.EXPRESSED and enquiry.desired_outcomes_text)


def routing_context(session: Session, response: Response) -> Context:
    participant = session.get(Participant, response.participant_id) if response.participant_id else None
    enquiry = session.get(Enquiry, participant.enquiry_id) if participant else None
    return Context(outcomes_recorded=outcomes_recorded(enquiry), answers=answers_by_key(response))


def answers_by_key(response: Response) -> dict[str, str]:
    return {a.question_key: a.choice_key or "text" for a in response.answers}


def start_response(session: Session, invitation: Invitation, *, channel: Channel, language: str,
                   entered_by=None, person_present: bool | None = None) -> Response:
    """The invitation's response, created on first use. Two simultaneous starts make one row."""
    existing = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if existing is not None:
        return existing
    participant = session.get(Participant, invitation.participant_id)
    enquiry = session.get(Enquiry, participant.enquiry_id)
    survey = get_survey(invitation.survey_id)
    response = Response(
        organisation_id=invitation.organisation_id, participant_id=participant.id,
        invitation_id=invitation.id, survey_id=survey.id, survey_version=survey.version,
        language=language, channel=channel, enquiry_kind=enquiry.kind, timing=invitation.timing,
        asked_by=invitation.asked_by, representative_kind=participant.representative_kind,
        entered_by_id=getattr(entered_by, "id", None), person_present=person_present,
    )
    try:
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        return session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if invitation.status in (InvitationStatus.SENT, InvitationStatus.SCHEDULED):
        invitation.status = InvitationStatus.OPENED
    return response


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

    _apply_consent(session, response, valid.question_key, valid.choice_key, channel, actor)
    respondent = survey.respondent(answers_by_key(response))
    response.respondent = Respondent(respondent) if respondent else None
    _raise_alerts(session, response, survey, valid)
    following = survey.next_question(valid.question_key, routing_context(session, response))
    response.current_question = following.key if following else None
    return answer


def _apply_consent(session, response, question_key, choice_key, channel, actor) -> None:
    if question_key != CONSENT_QUESTION or response.participant_id is None:
        return
    kind = CONSENT_ANSWERS.get(choice_key)
    if kind is None:
        return
    participant = session.get(Participant, response.participant_id)
    latest = session.scalar(select(ConsentEvent.kind).where(ConsentEvent.participant_id == participant.id)
                            .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).limit(1))
    if latest != kind:  # a second press of the same button is not a second event
        record_consent(session, participant, kind, channel, actor=actor, how="questionnaire")


def _raise_alerts(session, response, survey: Survey, valid) -> None:
    kind = matched = None
    if valid.raises_alert:
        kind = AlertKind.SAFETY_REQUEST
    elif valid.free_text:
        organisation = session.get(Organisation, response.organisation_id)
        matched = find_flagged_phrase(valid.free_text, phrases_for(organisation.settings))
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

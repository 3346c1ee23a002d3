"""What follows from a recorded answer, whichever channel it came through: the consent question
writes to the consent ledger, and the safety question or worrying words raise an alert for the
council's duty desk."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..alerts import find_flagged_phrase, phrases_for, raise_alert
from ..consent import record_consent
from ..models import Alert, AlertKind, ConsentEvent, ConsentKind, Participant
from ..questionnaire import ValidAnswer

CONSENT_QUESTION = "consent"
CONSENT_ANSWERS = {"yes": ConsentKind.GIVEN, "not_now": ConsentKind.LATER, "no": ConsentKind.DECLINED}


def apply_consent(session: Session, participant_id: int | None, valid: ValidAnswer, channel, actor) -> None:
    """An answer to the consent question is a consent event, unless it repeats the latest one."""
    if valid.question_key != CONSENT_QUESTION or participant_id is None:
        return
    kind = CONSENT_ANSWERS.get(valid.choice_key)
    if kind is None:
        return
    latest = session.scalar(select(ConsentEvent.kind).where(ConsentEvent.participant_id == participant_id)
                            .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).limit(1))
    if latest != kind:  # a second press of the same button is not a second event
        record_consent(session, session.get(Participant, participant_id), kind, channel, actor=actor,
                       how="questionnaire")


def raise_alerts(session: Session, response, valid: ValidAnswer, council_settings) -> bool:
    """Raise the duty desk's alert for this answer, once; True if one is (or already was) open.

    ``council_settings`` is called only when free text has to be checked for the council's phrases.
    """
    kind = matched = None
    if valid.raises_alert:
        kind = AlertKind.SAFETY_REQUEST
    elif valid.free_text:
        matched = find_flagged_phrase(valid.free_text, phrases_for(council_settings()))
        kind = AlertKind.FLAGGED_TEXT if matched else None
    if kind is None:
        return False
    already = session.scalar(select(Alert.id).where(
        Alert.response_id == response.id, Alert.question_key == valid.question_key, Alert.kind == kind))
    if already is None:
        raise_alert(session, organisation_id=response.organisation_id, kind=kind, response=response,
                    participant_id=response.participant_id, question_key=valid.question_key,
                    matched_phrase=matched)
    return True


def alerts_raised(session: Session, response_id: int) -> bool:
    """Whether any answer in the response raised an alert for the duty desk."""
    return session.scalar(select(Alert.id).where(Alert.response_id == response_id).limit(1)) is not None

"""One alert on the duty desk: what it is about, and acknowledging and closing it.

Each function here owns its transaction and writes the audit trail in it. Acknowledging and
closing change the alert only while it is still in the state the change starts from, in one
UPDATE, so two people pressing the button together leave one acknowledger and one record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import audit
from ..models import (
    Alert, AlertStatus, Answer, AuditEvent, ContactPoint, Enquiry, Participant, ParticipantRole,
    Respondent, Response, User, utcnow,
)
from ..questionnaire import Question, UnknownQuestion, UnknownSurvey, get_survey
from .queue import desk_organisation_ids

ACTION_TAKEN_MAX = 2000
HISTORY_ACTIONS = ("alert_raised", "alert_escalated", "alert_acknowledged", "alert_closed")


@dataclass(frozen=True)
class HistoryEntry:
    action: str
    at: datetime
    by: str | None


@dataclass
class AlertDetails:
    """Everything the duty desk needs to decide what to do, gathered in one place."""

    alert: Alert
    response: Response | None = None
    answer: Answer | None = None
    question: Question | None = None
    participant: Participant | None = None
    enquiry: Enquiry | None = None
    enquiry_lead: User | None = None
    acknowledged_by: User | None = None
    contact_points: list[ContactPoint] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def for_representative(self) -> bool:
        if self.response is not None and self.response.respondent is not None:
            return self.response.respondent == Respondent.REPRESENTATIVE
        return self.participant is not None and self.participant.role == ParticipantRole.REPRESENTATIVE

    @property
    def question_text(self) -> str | None:
        return self.question.text_translated(self.for_representative) if self.question else None

    @property
    def answer_label(self) -> str | None:
        if self.answer is None or self.answer.choice_key is None or self.question is None:
            return None
        try:
            return self.question.choice(self.answer.choice_key).label_translated(self.for_representative)
        except KeyError:
            return self.answer.choice_key


def find_alert(session: Session, user, alert_id: int) -> Alert | None:
    """The alert, if it belongs to an organisation whose duty desk ``user`` works on."""
    return session.scalar(select(Alert).where(
        Alert.id == alert_id, Alert.organisation_id.in_(desk_organisation_ids(user))))


def _question(response: Response | None, key: str | None) -> Question | None:
    if response is None or key is None:
        return None
    try:
        return get_survey(response.survey_id, response.survey_version).question(key)
    except (UnknownSurvey, UnknownQuestion):
        return None


def _history(session: Session, alert: Alert) -> list[HistoryEntry]:
    rows = session.execute(
        select(AuditEvent.action, AuditEvent.created_at, User.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.organisation_id == alert.organisation_id, AuditEvent.target_type == "Alert",
               AuditEvent.target_id == alert.id, AuditEvent.action.in_(HISTORY_ACTIONS))
        .order_by(AuditEvent.created_at, AuditEvent.id)
    ).all()
    return [HistoryEntry(action, at, name) for action, at, name in rows]


def _details(session: Session, alert: Alert) -> AlertDetails:
    details = AlertDetails(alert=alert)
    if alert.response_id is not None:
        details.response = session.get(Response, alert.response_id)
        details.answer = session.scalar(select(Answer).where(
            Answer.response_id == alert.response_id, Answer.question_key == alert.question_key))
    details.question = _question(details.response, alert.question_key)
    if alert.participant_id is not None:
        details.participant = session.get(Participant, alert.participant_id)
    if details.participant is not None:
        details.enquiry = session.get(Enquiry, details.participant.enquiry_id)
        details.contact_points = list(session.scalars(
            select(ContactPoint)
            .where(ContactPoint.participant_id == details.participant.id, ContactPoint.purged_at.is_(None),
                   ContactPoint.value.is_not(None))
            .order_by(ContactPoint.id)))
    if details.enquiry is not None and details.enquiry.lead_user_id is not None:
        details.enquiry_lead = session.get(User, details.enquiry.lead_user_id)
    if alert.acknowledged_by_id is not None:
        details.acknowledged_by = session.get(User, alert.acknowledged_by_id)
    details.history = _history(session, alert)
    return details


def view_alert(session: Session, user, alert_id: int) -> AlertDetails | None:
    """The alert with what surrounds it; showing it is recorded, as it shows contact details."""
    alert = find_alert(session, user, alert_id)
    if alert is None:
        return None
    details = _details(session, alert)
    audit.record(session, "alert_viewed", alert, user=user)
    if details.participant is not None:
        audit.record(session, "participant_viewed", details.participant, user=user,
                     reason="duty_alert", alert_id=alert.id)
    session.commit()
    return details


def acknowledge_alert(session: Session, alert: Alert, user) -> bool:
    """Show that ``user`` is dealing with the alert. False when it was no longer open."""
    changed = session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.status == AlertStatus.OPEN)
        .values(status=AlertStatus.ACKNOWLEDGED, acknowledged_by_id=user.id, acknowledged_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if changed:
        audit.record(session, "alert_acknowledged", alert, user=user)
    session.commit()
    session.refresh(alert)
    return changed


def close_alert(session: Session, alert: Alert, user, action_taken: str) -> bool:
    """Record what was done and close the alert. False when it had already been closed."""
    action_taken = (action_taken or "").strip()
    if not action_taken or len(action_taken) > ACTION_TAKEN_MAX:
        raise ValueError("The action taken must be 1 to %d characters." % ACTION_TAKEN_MAX)
    changed = session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.status != AlertStatus.CLOSED)
        .values(status=AlertStatus.CLOSED, action_taken=action_taken)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    session.refresh(alert)
    if changed:
        # Closing an alert nobody acknowledged also answers it: whoever closed it picked it up.
        if alert.acknowledged_at is None:
            alert.acknowledged_by_id, alert.acknowledged_at = user.id, utcnow()
        audit.record(session, "alert_closed", alert, user=user, characters=len(action_taken))
    session.commit()
    return changed

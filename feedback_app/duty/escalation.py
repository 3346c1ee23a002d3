"""Escalation: an alert nobody has acknowledged in time is marked overdue, once.

The dispatcher calls ``escalate_overdue_alerts`` every minute for every council, so it lifts
the organisation scope and reads each council's own time limit from its settings.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..db import unscoped
from ..models import Alert, AlertStatus, Organisation, utcnow

SETTING = "alert_escalation_minutes"
DEFAULT_MINUTES = 60
# Below this a busy desk would see alerts marked overdue before anyone could reasonably look.
MINIMUM_MINUTES = 5


def escalation_minutes(settings: dict | None) -> int:
    """The council's time limit for acknowledging an alert, in minutes."""
    raw = (settings or {}).get(SETTING, DEFAULT_MINUTES)
    if isinstance(raw, bool):
        raw = DEFAULT_MINUTES
    try:
        minutes = int(raw)
    except (TypeError, ValueError):
        minutes = DEFAULT_MINUTES
    return max(MINIMUM_MINUTES, minutes)


def _waiting():
    return (Alert.status == AlertStatus.OPEN, Alert.acknowledged_at.is_(None), Alert.escalated_at.is_(None))


def escalate_overdue_alerts(session: Session, now: datetime | None = None) -> int:
    """Mark every open alert older than its council's limit as escalated; commit; say how many.

    Safe to run on several machines at once: on PostgreSQL rows another run is escalating are
    skipped rather than waited for, and an alert is escalated only while ``escalated_at`` is empty.
    """
    now = now or utcnow()
    escalated = 0
    with unscoped(session):
        organisation_ids = session.scalars(select(Alert.organisation_id).where(*_waiting()).distinct()).all()
        organisations = session.scalars(
            select(Organisation).where(Organisation.id.in_(organisation_ids)).order_by(Organisation.id)).all()
        for organisation in organisations:
            minutes = escalation_minutes(organisation.settings)
            overdue = session.scalars(
                select(Alert)
                .where(*_waiting(), Alert.organisation_id == organisation.id,
                       Alert.created_at <= now - timedelta(minutes=minutes))
                .order_by(Alert.id)
                .with_for_update(skip_locked=True)
            ).all()
            for alert in overdue:
                alert.escalated_at = now
                audit.record(session, "alert_escalated", alert, limit_minutes=minutes)
            escalated += len(overdue)
        session.commit()
    return escalated

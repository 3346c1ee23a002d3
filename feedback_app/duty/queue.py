"""The duty desk's queue: whose alerts a member of staff may handle, and in what order."""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from ..models import Alert, AlertStatus, Enquiry, Participant, Role
from ..pagination import Page, paginate

PAGE_SIZE = 25
DESK_ROLES = (Role.DUTY, Role.ADMIN)


def desk_organisation_ids(user) -> set[int]:
    """The organisations whose alerts ``user`` handles.

    The session's scope already hides other councils' records. This narrows it further to the
    organisations where the user holds a desk role: someone on one council's duty desk who is a
    practitioner elsewhere must not see the other council's alerts here.
    """
    return {m.organisation_id for m in user.memberships if m.role in DESK_ROLES}


def desk_organisation_names(user) -> list[str]:
    return sorted({m.organisation.name for m in user.memberships if m.role in DESK_ROLES})


@dataclass(frozen=True)
class QueueRow:
    alert: Alert
    case_ref_hint: str | None

    @property
    def overdue(self) -> bool:
        return is_overdue(self.alert)


def is_overdue(alert: Alert) -> bool:
    """Escalated and still waiting: once someone acknowledges it, it is no longer overdue."""
    return alert.status == AlertStatus.OPEN and alert.escalated_at is not None


def parse_status(value: str | None) -> AlertStatus | None:
    try:
        return AlertStatus(value) if value else None
    except ValueError:
        return None


def _queue_order():
    status_rank = case(
        (Alert.status == AlertStatus.OPEN, 0), (Alert.status == AlertStatus.ACKNOWLEDGED, 1), else_=2)
    overdue_first = case(
        (and_(Alert.status == AlertStatus.OPEN, Alert.escalated_at.is_not(None)), 0), else_=1)
    # Alerts still waiting are handled oldest first; among closed ones the latest matter most.
    closed_latest_first = case((Alert.status == AlertStatus.CLOSED, Alert.created_at)).desc()
    return status_rank, overdue_first, closed_latest_first, Alert.created_at, Alert.id


def _conditions(user, status: AlertStatus | None) -> list:
    conditions = [Alert.organisation_id.in_(desk_organisation_ids(user))]
    if status is not None:
        conditions.append(Alert.status == status)
    return conditions


def alert_queue(session: Session, user, status: AlertStatus | None = None, number: int = 1) -> Page:
    """One page of the alerts ``user`` handles, those needing attention first (``PageNotFound``
    for a page that does not exist); ``page.status`` is the status it is filtered by."""
    query = (select(Alert, Enquiry.case_ref_hint)
             .outerjoin(Participant, Participant.id == Alert.participant_id)
             .outerjoin(Enquiry, Enquiry.id == Participant.enquiry_id)
             .where(*_conditions(user, status))
             .order_by(*_queue_order()))
    page = paginate(session, query, number, PAGE_SIZE, status=status)
    return replace(page, rows=[QueueRow(alert, hint) for alert, hint in page.rows])


def status_counts(session: Session, user) -> dict[AlertStatus, int]:
    counted = dict(session.execute(
        select(Alert.status, func.count(Alert.id)).where(*_conditions(user, None)).group_by(Alert.status)
    ).all())
    return {status: counted.get(status, 0) for status in AlertStatus}


def open_alert_count(session: Session, user) -> int:
    return session.scalar(select(func.count(Alert.id)).where(*_conditions(user, AlertStatus.OPEN))) or 0

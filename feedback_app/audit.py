"""The audit trail: who did what to which record, written in the caller's transaction."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from .models import AuditEvent


def record(session: Session, action: str, target=None, *, organisation_id: int | None = None,
           user=None, **detail) -> AuditEvent:
    """Add an audit event to ``session``; it commits (or rolls back) with the change it records."""
    if organisation_id is None and target is not None:
        organisation_id = getattr(target, "organisation_id", None)
    if organisation_id is None and target is not None and target.__class__.__name__ == "Organisation":
        organisation_id = target.id
    return record_about(session, action, target.__class__.__name__ if target is not None else None,
                        getattr(target, "id", None), organisation_id=organisation_id, user=user, **detail)


def record_about(session: Session, action: str, target_type: str | None, target_id: int | None, *,
                 organisation_id: int | None, user=None, **detail) -> AuditEvent:
    """``record`` for a target known by its type and id, such as a row read without the ORM."""
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        organisation_id=organisation_id,
        target_type=target_type,
        target_id=target_id,
        ip_address=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    session.add(event)
    return event

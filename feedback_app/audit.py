"""The audit trail: who did what to which record, written in the caller's transaction."""
from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Session

from .models import AuditEvent


def record(session: Session, action: str, target=None, *, organisation_id: int | None = None,
           user=None, **detail) -> AuditEvent:
    """Add an audit event to ``session``; it commits (or rolls back) with the change it records."""
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    if organisation_id is None and target is not None:
        organisation_id = getattr(target, "organisation_id", None)
    if organisation_id is None and target is not None and target.__class__.__name__ == "Organisation":
        organisation_id = target.id
    event = AuditEvent(
        action=action,
        user_id=getattr(user, "id", None),
        organisation_id=organisation_id,
        target_type=target.__class__.__name__ if target is not None else None,
        target_id=getattr(target, "id", None),
        ip_address=request.remote_addr if has_request_context() else None,
        detail=detail,
    )
    session.add(event)
    return event

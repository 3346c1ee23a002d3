"""Fixtures shared by the staff-account tests.

``records`` is a database session of the test's own, outside any application context, so that
each request made through the test client starts afresh, as it does in production.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from feedback_app.models import AuditEvent

PASSWORD = "correct horse battery"


@pytest.fixture
def records(app):
    with Session(app.extensions["database_engine"], expire_on_commit=False) as session:
        yield session


def audit_events(session, action):
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def fresh(session, instance):
    """``instance`` as the database now holds it, after changes made by requests."""
    session.expire_all()
    return session.get(type(instance), instance.id)

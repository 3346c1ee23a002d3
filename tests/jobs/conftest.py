"""Records for the dispatcher's tests: people due a text, with every check in place unless a
test takes one away, and a way to run a pass at a chosen time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from feedback_app.consent import record_consent
from feedback_app.db import db
from feedback_app.dispatch import run_tick
from feedback_app.models import (
    AskedBy, Channel, ConsentKind, ContactKind, ContactPoint, Invitation, InvitationStatus,
    OutboundMessage, Role, Timing, utcnow,
)
from feedback_app.screening import CONDITIONS
from feedback_app.sms.log_sender import LogSender
from feedback_app.sms.sender import MessageSender
from tests.factories import (  # noqa: F401 (reload and audit_actions are used by the tests here)
    audit_actions, create_enquiry, create_organisation, create_participant, create_user, reload,
)

LONDON = ZoneInfo("Europe/London")
# A Tuesday late morning in December: a working day, outside quiet hours, not a bank holiday.
TUESDAY_MORNING = datetime(2026, 12, 1, 11, 0, tzinfo=LONDON)
CLEAR = {condition: {"present": False} for condition in CONDITIONS}


@dataclass
class Due:
    council: object
    participant: object
    invitation: object
    contact: object


def make_due(session, council=None, *, now=TUESDAY_MORNING, language="en", consent=True, screening=True,
             safe_checked=True, may_name_council=False, safe_from=None, safe_until=None, phone="+447700900123",
             status=InvitationStatus.SCHEDULED, expires_in=timedelta(days=28)) -> Due:
    """A participant whose first text is due at ``now``."""
    council = council or create_organisation(session, name="Northshire County Council")
    checker = create_user(session, council, Role.PRACTITIONER)
    participant = create_participant(session, create_enquiry(session, council), language=language)
    participant.screening = CLEAR if screening else {}
    contact = ContactPoint(
        organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE, value=phone,
        code_word="bluebell", is_private=True, may_name_council=may_name_council,
        safe_from=safe_from, safe_until=safe_until,
        safe_checked_by_id=checker.id if safe_checked else None, safe_checked_at=utcnow() if safe_checked else None,
    )
    invitation = Invitation(
        organisation_id=council.id, participant_id=participant.id, survey_id="msp-experience",
        channel=Channel.SMS, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT, status=status,
        due_at=now - timedelta(minutes=1), expires_at=max(now, utcnow()) + expires_in,
    )
    session.add_all([contact, invitation])
    session.commit()
    if consent:
        record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF, how="in_person")
        session.commit()
    return Due(council, participant, invitation, contact)


def messages_for(session, invitation) -> list:
    session.commit()
    session.expire_all()
    return list(session.scalars(
        select(OutboundMessage).where(OutboundMessage.invitation_id == invitation.id).order_by(OutboundMessage.id)))


class ScriptedSender(MessageSender):
    """Fails as told, in order, then succeeds; remembers what it was asked to send."""

    name = "scripted"

    def __init__(self, *failures):
        self.failures = list(failures)
        self.sent = []

    def send(self, to, body):
        self.sent.append((to, body))
        if self.failures:
            raise self.failures.pop(0)
        return f"scripted-{len(self.sent)}"


@pytest.fixture
def tick(app):
    """Run one pass of the dispatcher at ``now`` in the application's own context."""

    def run(now=TUESDAY_MORNING, sender=None, **options):
        with app.app_context():
            return run_tick(db.session, sender or LogSender(), now=now, **options)

    return run



def run_at_once(database_url, work, count=2) -> tuple[list, list]:
    """``work(session)`` in ``count`` applications of their own, each on a thread of its own and
    started together, as separate jobs runners would be: (their results, the errors raised)."""
    import threading

    from tests.conftest import make_test_app

    apps = [make_test_app(database_url) for _ in range(count)]
    start = threading.Barrier(count)
    results, errors = [], []

    def runner(app):
        try:
            with app.app_context():
                start.wait(timeout=30)
                results.append(work(db.session))
        except Exception as error:  # reported to the test, with the other runners' results
            errors.append(error)

    threads = [threading.Thread(target=runner, args=(app,)) for app in apps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for app in apps:
        app.extensions["database_engine"].dispose()
    return results, errors

"""Two dispatchers working through the same due texts at the same moment send each text once."""
import time

import pytest
from sqlalchemy import func, select

from feedback_app.dispatch import run_tick
from feedback_app.models import Invitation, InvitationStatus, OutboundMessage
from feedback_app.sms.log_sender import LogSender
from tests.factories import create_organisation

from .conftest import TUESDAY_MORNING, make_due, run_at_once

DUE = 30


class SlowLogSender(LogSender):
    """A provider that takes a moment, so the two dispatchers' work overlaps."""

    def send(self, to, body):
        time.sleep(0.01)
        return super().send(to, body)


def test_two_dispatchers_at_once_send_each_text_exactly_once(database_url, session):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite lets one writer in at a time, so dispatchers cannot overlap there; "
                    "this test runs on PostgreSQL whenever TEST_DATABASE_URL is set")
    council = create_organisation(session)
    invitations = [make_due(session, council).invitation.id for _ in range(DUE)]
    summaries, errors = run_at_once(
        database_url, lambda session: run_tick(session, SlowLogSender(), now=TUESDAY_MORNING, batch_size=3))

    assert errors == []
    assert len(summaries) == 2
    assert sum(summary.sent for summary in summaries) == DUE
    assert all(summary.sent > 0 for summary in summaries), "both dispatchers should have taken some work"
    session.commit()
    statuses = session.scalars(select(Invitation.status).where(Invitation.id.in_(invitations))).all()
    assert set(statuses) == {InvitationStatus.SENT}
    per_invitation = dict(session.execute(
        select(OutboundMessage.invitation_id, func.count()).group_by(OutboundMessage.invitation_id)).all())
    assert per_invitation == {invitation_id: 1 for invitation_id in invitations}

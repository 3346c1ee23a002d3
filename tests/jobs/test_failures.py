"""A provider that is down is tried again with growing gaps, a bounded number of times; a number
that can never take a text fails at once. Either way the practitioner sees why."""
from datetime import timedelta

from feedback_app.dispatch import describe_failure
from feedback_app.dispatch.sending import MAX_ATTEMPTS, retry_delay
from feedback_app.models import InvitationStatus
from feedback_app.sms.sender import PermanentFailure, TemporaryFailure

from .conftest import TUESDAY_MORNING, ScriptedSender, audit_actions, make_due, messages_for, reload


def test_retries_wait_longer_each_time():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]


def test_a_temporary_failure_is_retried_then_succeeds(session, tick):
    due = make_due(session)
    sender = ScriptedSender(TemporaryFailure("HTTP 503"))
    summary = tick(sender=sender)
    assert (summary.sent, summary.retrying) == (0, 1)
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.SCHEDULED
    assert invitation.attempts == 1
    assert invitation.next_attempt_at == TUESDAY_MORNING + timedelta(minutes=5)
    assert invitation.last_error == "provider_unavailable: HTTP 503"

    assert tick(now=TUESDAY_MORNING + timedelta(minutes=4), sender=sender).sent == 0
    assert tick(now=TUESDAY_MORNING + timedelta(minutes=5), sender=sender).sent == 1
    invitation = reload(session, invitation)
    assert invitation.status == InvitationStatus.SENT and invitation.last_error is None
    assert [m.status for m in messages_for(session, invitation)] == ["failed", "sent"]
    # Each attempt carried its own link; only the one that arrived works.
    first, second = (body for _, body in sender.sent)
    assert first != second


def test_after_the_last_attempt_the_invitation_fails_with_the_reason(session, tick):
    due = make_due(session)
    sender = ScriptedSender(*[TemporaryFailure("timed out") for _ in range(MAX_ATTEMPTS)])
    now = TUESDAY_MORNING
    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        summary = tick(now=now, sender=sender)
        outcomes.append((summary.retrying, summary.failed))
        now += timedelta(hours=2)
    assert outcomes == [(1, 0)] * (MAX_ATTEMPTS - 1) + [(0, 1)]
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.attempts == MAX_ATTEMPTS
    assert invitation.last_error == "provider_unavailable: timed out"
    assert tick(now=now, sender=sender).sent == 0
    assert len(sender.sent) == MAX_ATTEMPTS
    assert "invitation_failed" in audit_actions(session, invitation)


def test_a_number_that_cannot_take_texts_fails_at_once(session, app, tick):
    due = make_due(session)
    sender = ScriptedSender(PermanentFailure("Twilio error 21211: invalid To", reason="invalid_number"))
    assert tick(sender=sender).failed == 1
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.attempts == 1
    with app.test_request_context():
        assert describe_failure(invitation.last_error) == (
            "The phone number cannot receive texts, or the person has opted out with the provider. "
            "(Twilio error 21211: invalid To)")
    assert tick(now=TUESDAY_MORNING + timedelta(days=1), sender=sender).sent == 0


def test_a_fault_in_the_sender_counts_as_a_failed_attempt(session, tick):
    due = make_due(session)
    sender = ScriptedSender(RuntimeError("bug"))
    assert tick(sender=sender).retrying == 1
    invitation = reload(session, due.invitation)
    assert (invitation.status, invitation.attempts) == (InvitationStatus.SCHEDULED, 1)
    assert invitation.last_error == "error: RuntimeError"


def test_a_fault_while_preparing_one_text_does_not_stop_the_others(session, tick, monkeypatch):
    from feedback_app.dispatch import sending

    broken, fine = make_due(session), make_due(session)
    real = sending.invitation_text

    def fails_for_one(language, link, council_name=None):
        if len(calls) == 0:
            calls.append(link)
            raise ValueError("cannot render")
        return real(language, link, council_name)

    calls = []
    monkeypatch.setattr(sending, "invitation_text", fails_for_one)
    summary = tick()
    assert (summary.sent, summary.retrying) == (1, 1)
    statuses = {reload(session, d.invitation).status for d in (broken, fine)}
    assert statuses == {InvitationStatus.SENT, InvitationStatus.SCHEDULED}


def test_a_person_who_opted_out_with_the_provider_is_recorded_as_having_said_stop(session, app, tick):
    from feedback_app.consent import consent_state
    from feedback_app.models import ConsentEvent, ConsentState

    due = make_due(session)
    sender = ScriptedSender(PermanentFailure("Twilio error 21610: unsubscribed", reason="opted_out"))
    assert tick(sender=sender).failed == 1
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.FAILED and invitation.last_error.startswith("opted_out")
    with app.test_request_context():
        assert "replied STOP" in describe_failure(invitation.last_error)
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN
    stop = session.query(ConsentEvent).filter_by(participant_id=due.participant.id).order_by(ConsentEvent.id).all()[-1]
    assert (stop.kind.value, stop.channel.value, stop.how) == ("stop", "sms", "provider_opt_out")
    # Nothing more goes to that phone.
    assert tick(now=TUESDAY_MORNING + timedelta(days=1), sender=sender).sent == 0

"""Twilio's webhooks: signed with Twilio's own validator, forged, replayed and out of order."""
from datetime import timedelta

import pytest
from sqlalchemy import select
from twilio.request_validator import RequestValidator

from feedback_app.consent import consent_state
from feedback_app.db import db
from feedback_app.dispatch import run_tick
from feedback_app.dispatch.erasure import outstanding_requests
from feedback_app.models import (
    Channel, ConsentEvent, ConsentKind, ConsentState, DeliveryReport, InboundMessage, Invitation, InvitationStatus,
    OutboundMessage,
)
from feedback_app.sms.log_sender import LogSender
from tests.conftest import make_test_app
from tests.factories import reload
from tests.jobs.conftest import TUESDAY_MORNING, make_due

TOKEN = "test-auth-token-for-webhooks"
BASE = "https://feedback.example.org"
PHONE = "+447700900123"


@pytest.fixture
def webhook_app(database_url):
    app = make_test_app(database_url, TWILIO_AUTH_TOKEN=TOKEN, PUBLIC_BASE_URL=BASE)
    yield app
    app.extensions["database_engine"].dispose()


class Twilio:
    """Posts to the webhooks as Twilio does, signed the way Twilio signs."""

    def __init__(self, client):
        self.client = client
        self.sids = iter(range(1, 10_000))

    def post(self, path, params, *, token=TOKEN, url=None, signature=None):
        signature = signature or RequestValidator(token).compute_signature(url or BASE + path, params)
        return self.client.post(path, data=params, headers={"X-Twilio-Signature": signature})

    def text(self, body, *, sender=PHONE, sid=None, **extra):
        params = {"MessageSid": sid or f"SM{next(self.sids):032d}", "From": sender, "To": "+447700900999",
                  "Body": body, **extra}
        return self.post("/sms/inbound", params)

    def report(self, message_sid, status, error_code=None):
        params = {"MessageSid": message_sid, "MessageStatus": status}
        if error_code:
            params["ErrorCode"] = error_code
        return self.post("/sms/status", params)


@pytest.fixture
def twilio(webhook_app):
    return Twilio(webhook_app.test_client())


@pytest.fixture
def texted(session, webhook_app):
    """A person whose invitation has been texted to them (log backend)."""
    due = make_due(session, phone=PHONE)
    with webhook_app.app_context():
        assert run_tick(db.session, LogSender(), now=TUESDAY_MORNING).sent == 1
    message = session.scalar(select(OutboundMessage).where(OutboundMessage.invitation_id == due.invitation.id))
    return due, message


def _replies(response) -> list[str]:
    import re

    assert response.status_code == 200 and response.mimetype == "text/xml"
    return re.findall(r"<Message>(.*?)</Message>", response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/sms/inbound", "/sms/status"])
def test_unsigned_forged_and_misaddressed_requests_are_refused(twilio, path):
    params = {"MessageSid": "SM1", "From": PHONE, "Body": "STOP", "MessageStatus": "delivered"}
    assert twilio.client.post(path, data=params).status_code == 403
    assert twilio.post(path, params, signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert twilio.post(path, params, token="someone-elses-token").status_code == 403
    assert twilio.post(path, params, url="https://elsewhere.example.org" + path).status_code == 403
    tampered = dict(params, Body="START")
    signature = RequestValidator(TOKEN).compute_signature(BASE + path, params)
    assert twilio.post(path, tampered, signature=signature).status_code == 403


def test_without_a_token_every_request_is_refused(database_url):
    app = make_test_app(database_url, TWILIO_AUTH_TOKEN=None, PUBLIC_BASE_URL=BASE)
    client = app.test_client()
    params = {"MessageSid": "SM1", "From": PHONE, "Body": "hello"}
    signature = RequestValidator("").compute_signature(BASE + "/sms/inbound", params)
    assert client.post("/sms/inbound", data=params, headers={"X-Twilio-Signature": signature}).status_code == 403
    app.extensions["database_engine"].dispose()


def test_stop_withdraws_consent_and_cancels_what_is_waiting(session, twilio, texted):
    due, _ = texted
    later = Invitation(organisation_id=due.council.id, participant_id=due.participant.id, survey_id="msp-experience",
                       channel=due.invitation.channel, timing=due.invitation.timing, asked_by=due.invitation.asked_by,
                       status=InvitationStatus.SCHEDULED, due_at=due.invitation.due_at + timedelta(days=30),
                       expires_at=due.invitation.expires_at + timedelta(days=30))
    session.add(later)
    session.commit()
    replies = _replies(twilio.text(" Stop. "))
    assert replies == ["You will not get any more texts from us. Reply START if you change your mind."]
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN
    event = session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)).all()[-1]
    assert (event.kind, event.channel.value, event.how) == (ConsentKind.STOP, "sms", "text_reply")
    assert {i.status for i in session.scalars(select(Invitation))} == {InvitationStatus.CANCELLED}


def test_a_stop_twilio_handled_gets_no_second_reply(session, twilio, texted):
    due, _ = texted
    assert _replies(twilio.text("unsubscribe", OptOutType="STOP")) == []
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN


def test_a_retried_webhook_is_handled_once(session, twilio, texted):
    due, _ = texted
    assert _replies(twilio.text("STOP", sid="SM" + "7" * 32))
    assert _replies(twilio.text("STOP", sid="SM" + "7" * 32)) == []
    reload(session)
    kinds = session.scalars(select(ConsentEvent.kind).where(ConsentEvent.participant_id == due.participant.id)).all()
    assert kinds.count(ConsentKind.STOP) == 1


def test_start_is_recorded_but_staff_must_record_agreement_again(session, twilio, texted):
    due, _ = texted
    twilio.text("STOP")
    assert _replies(twilio.text("start")) == ["Thank you. We will only text you again if you agree to it."]
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.UNKNOWN


def test_help_gives_the_council_number_and_nothing_else(session, twilio, texted):
    due, _ = texted
    due.council.settings = {"help_phone": "0300 123 4567"}
    session.commit()
    assert _replies(twilio.text("HELP")) == ["To talk to someone, call 0300 123 4567."]
    assert consent_state(session, due.participant.id) == ConsentState.GIVEN


def test_other_words_get_one_neutral_reply_a_day_and_keep_no_words(session, twilio, texted):
    first = _replies(twilio.text("Who is this?"))
    assert first == ["Thank you for your message. There is nothing to answer by text at the moment."]
    assert _replies(twilio.text("Hello?")) == []
    reload(session)
    # Outside development nothing the person wrote is kept; the log backend keeps it for its page.
    assert {m.outcome for m in session.scalars(select(InboundMessage))} == {"neutral", "ignored"}


def test_texts_from_numbers_we_never_texted_get_no_reply(twilio, texted):
    assert _replies(twilio.text("STOP", sender="+447700900555")) == []


def test_delivery_reports_never_move_a_text_backwards(session, twilio, texted):
    _, message = texted
    sid = message.provider_id
    assert twilio.report(sid, "delivered").status_code == 204
    assert twilio.report(sid, "sent").status_code == 204  # late and out of order
    assert twilio.report(sid, "delivered").status_code == 204  # retried
    assert reload(session, message).status == "delivered"
    assert twilio.report("SM-not-ours", "delivered").status_code == 204


def test_ids_and_error_codes_longer_than_twilios_are_refused_and_nothing_is_kept(session, twilio, texted):
    _, message = texted
    assert twilio.report(message.provider_id, "failed", "3" * 17).status_code == 400
    assert twilio.report("SM" + "1" * 63, "delivered").status_code == 400
    assert twilio.text("1", sid="SM" + "1" * 63).status_code == 400
    reload(session)
    assert session.scalars(select(DeliveryReport)).all() == [] and session.scalars(select(InboundMessage)).all() == []
    assert reload(session, message).status == "sent"


def test_a_text_that_never_arrived_shows_why_on_the_invitation(session, webhook_app, twilio, texted):
    due, message = texted
    twilio.report(message.provider_id, "undelivered", "30003")
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.last_error == "undelivered: Twilio error 30003"
    from feedback_app.dispatch import describe_failure

    with webhook_app.test_request_context():
        assert describe_failure(invitation.last_error).startswith("The text was sent but did not reach the phone.")


def test_a_report_that_the_person_opted_out_is_their_stop(session, twilio, texted):
    due, message = texted
    twilio.report(message.provider_id, "failed", "21610")
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN
    assert reload(session, due.invitation).last_error.startswith("opted_out")


def test_delete_sent_twice_asks_for_everything_to_be_deleted_and_the_next_pass_does_it(session, twilio, texted):
    due, _ = texted
    asked = _replies(twilio.text("Delete"))
    assert asked == ["To delete your answers and the details we hold about you, reply DELETE again. "
                     "To keep them, do nothing."]
    # One text deletes nothing and stops nothing: a slip of the thumb is harmless.
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.GIVEN
    assert outstanding_requests(session) == []

    done = _replies(twilio.text(" DELETE. "))
    assert done == ["We will delete your answers and your details. You will not get any more texts from us."]
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN
    event = session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)).all()[-1]
    assert (event.kind, event.channel.value, event.how) == (ConsentKind.ERASE_REQUESTED, "sms", "text_reply")
    assert outstanding_requests(session) == [(due.participant.id, Channel.SMS)]
    assert {m.outcome for m in session.scalars(select(InboundMessage))} == {"delete_asked", "delete"}
    # A third text starts again rather than recording the request twice.
    assert _replies(twilio.text("delete")) == asked


def test_a_delete_not_confirmed_within_a_day_must_be_sent_twice_again(session, twilio, texted):
    due, _ = texted
    twilio.text("usuń")
    reload(session)
    first = session.scalar(select(InboundMessage).where(InboundMessage.outcome == "delete_asked"))
    first.received_at -= timedelta(days=1, minutes=1)
    session.commit()
    assert _replies(twilio.text("DELETE"))[0].startswith("To delete your answers")
    reload(session)
    assert consent_state(session, due.participant.id) == ConsentState.GIVEN


def test_delete_from_a_number_we_never_texted_does_nothing(session, twilio, texted):
    assert _replies(twilio.text("DELETE", sender="+447700900555")) == []
    assert _replies(twilio.text("DELETE", sender="+447700900555")) == []
    assert outstanding_requests(session) == []

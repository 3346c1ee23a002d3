"""The questionnaire by text, from the first text to the figures, in English and in Urdu."""
import re

import pytest
from sqlalchemy import select

from feedback_app.consent import consent_state
from feedback_app.db import db
from feedback_app.dispatch import run_tick
from feedback_app.models import (
    Answer, Channel, ConsentState, ConversationStatus, InvitationStatus, OutboundMessage, Response,
    ResponseStatus, TextConversation,
)
from feedback_app.reports.figures import experience_counts
from feedback_app.reports.periods import quarter_of
from feedback_app.sms.log_sender import LogSender
from tests.factories import reload
from tests.jobs.conftest import TUESDAY_MORNING, make_due
from tests.sms.test_webhooks import PHONE, Twilio, _replies, webhook_app  # noqa: F401 (fixture)


@pytest.fixture
def twilio(webhook_app):  # noqa: F811
    return Twilio(webhook_app.test_client())


def _asked_by_text(session, app, language="en", phone=PHONE, outcomes=False):
    due = make_due(session, phone=phone, language=language)
    due.invitation.answer_by_reply = True
    session.commit()
    with app.app_context():
        assert run_tick(db.session, LogSender(), now=TUESDAY_MORNING).sent == 1
    first = session.scalar(select(OutboundMessage).where(OutboundMessage.invitation_id == due.invitation.id))
    return due, first


def _conversation(session, due):
    reload(session)
    return session.scalar(select(TextConversation).where(TextConversation.invitation_id == due.invitation.id))


def test_the_first_text_asks_the_first_question_and_carries_no_link(session, webhook_app):
    due, first = _asked_by_text(session, webhook_app)
    assert first.body.startswith("Hello. We would like to know what you think")
    assert "Reply 1 Yes, 2 Not now, 3 No." in first.body and "Reply STOP" in first.body
    assert "http" not in first.body and "/s/" not in first.body
    assert not re.search(r"abuse|harm|safeguard|Northshire", first.body, re.I)
    conversation = _conversation(session, due)
    assert (conversation.status, conversation.question_key) == (ConversationStatus.OPEN, "consent")
    assert reload(session, due.invitation).token_hash is None


def test_a_whole_questionnaire_by_text_with_a_wrong_reply_skip_and_later(session, webhook_app, twilio):
    due, _ = _asked_by_text(session, webhook_app)
    assert _replies(twilio.text("1")) == ["Who is answering? Reply 1 Me, 2 Me with help, 3 Someone else for me. "
                                          "Or 0 to skip."]
    unclear = _replies(twilio.text("banana"))
    assert unclear[0].startswith("Sorry, we did not understand. Who is answering?")
    assert _replies(twilio.text(" 1. "))[0].startswith("Did people listen to you?")
    assert _replies(twilio.text("Yes"))[0].startswith("Did people tell you what was happening")
    [paused] = _replies(twilio.text("LATER"))
    assert paused.startswith("That is fine. Reply by ") and paused.endswith(
        " to carry on. After that we will use the answers you gave.")
    assert _conversation(session, due).status == ConversationStatus.PAUSED
    assert _replies(twilio.text("skip"))[0].startswith("Did people treat you with respect?")
    assert _replies(twilio.text("a bit"))  # respect
    assert _replies(twilio.text("3"))  # safer: no
    contact = _replies(twilio.text("9"))  # happy now: rather not say
    assert contact[0].startswith("Do you want someone from the council to contact you")
    quote = _replies(twilio.text("1"))  # yes, contact me
    assert quote[0].startswith("If you tell us something in your own words, can we use your words in reports?")
    words = _replies(twilio.text("1"))  # yes, you can use my words
    assert "own words" in words[0].lower() or "tell us" in words[0].lower()
    end = _replies(twilio.text("The social worker listened to me."))
    assert end == ["Thank you. Your answers have been sent. Someone from the council will get in touch with you "
                   "soon."]

    reload(session)
    response = session.scalar(select(Response).where(Response.invitation_id == due.invitation.id))
    assert (response.status, response.channel, response.language) == (ResponseStatus.SUBMITTED, Channel.SMS, "en")
    answers = dict(session.execute(select(Answer.question_key, Answer.choice_key)
                                   .where(Answer.response_id == response.id)).all())
    assert answers == {"consent": "yes", "who": "adult", "listened": "yes", "involved": "skip", "respect": "a_bit",
                       "safer": "no", "happy_now": "prefer_not_say", "contact_safety": "yes", "quote_ok": "yes",
                       "own_words": None}
    assert reload(session, due.invitation).status == InvitationStatus.COMPLETED
    assert _conversation(session, due).status == ConversationStatus.FINISHED
    assert any(alert.kind.value == "safety_request" for alert in response_alerts(session, response))
    # A message after the end gets one neutral reply, and nothing is recorded.
    assert _replies(twilio.text("1")) == ["Thank you for your message. There is nothing to answer by text at the "
                                          "moment."]
    counts = experience_counts(session, [due.council.id], quarter_of(response.submitted_at.date()))
    assert counts  # the answers are in the council's figures


def response_alerts(session, response):
    from feedback_app.models import Alert

    return session.scalars(select(Alert).where(Alert.response_id == response.id)).all()


def test_a_second_unclear_reply_skips_the_question(session, webhook_app, twilio):
    due, _ = _asked_by_text(session, webhook_app)
    twilio.text("1")
    twilio.text("what?")
    moved_on = _replies(twilio.text("still not sure"))
    assert moved_on[0] == "We have skipped that question." and moved_on[1].startswith("Did people listen")
    reload(session)
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "who")) == "skip"


def test_not_now_and_no_end_the_conversation(session, webhook_app, twilio):
    due, _ = _asked_by_text(session, webhook_app)
    assert _replies(twilio.text("2")) == ["That is fine. We may ask you another time."]
    assert consent_state(session, due.participant.id) == ConsentState.LATER
    assert _conversation(session, due).status == ConversationStatus.CLOSED


def test_stop_half_way_withdraws_consent_and_closes_the_conversation(session, webhook_app, twilio):
    due, _ = _asked_by_text(session, webhook_app)
    twilio.text("1")
    twilio.text("1")
    assert _replies(twilio.text("STOP")) == ["You will not get any more texts from us. Reply START if you change "
                                             "your mind."]
    assert consent_state(session, due.participant.id) == ConsentState.WITHDRAWN
    assert _conversation(session, due).status == ConversationStatus.CLOSED
    assert _replies(twilio.text("1")) == ["Thank you for your message. There is nothing to answer by text at the "
                                          "moment."]


def test_a_questionnaire_in_urdu_with_urdu_digits_and_words(session, webhook_app, twilio):
    due, first = _asked_by_text(session, webhook_app, language="ur")
    assert re.search(r"[\u0600-\u06FF]", first.body)
    assert re.search(r"[\u0600-\u06FF]", _replies(twilio.text("۱"))[0])  # Eastern Arabic one: yes
    twilio.text("١")  # Arabic-Indic one: me
    twilio.text("ہاں")  # yes, people listened
    reload(session)
    answers = dict(session.execute(select(Answer.question_key, Answer.choice_key)).all())
    assert answers == {"consent": "yes", "who": "adult", "listened": "yes"}
    response = session.scalar(select(Response))
    assert (response.language, response.channel) == ("ur", Channel.SMS)


def test_a_second_invitation_to_the_same_phone_waits(session, webhook_app, twilio):
    first, _ = _asked_by_text(session, webhook_app)
    second = make_due(session, phone=PHONE)
    second.invitation.answer_by_reply = True
    session.commit()
    with webhook_app.app_context():
        summary = run_tick(db.session, LogSender(), now=TUESDAY_MORNING)
    assert summary.sent == 0
    assert reload(session, second.invitation).status == InvitationStatus.SCHEDULED
    assert _conversation(session, second) is None

"""The same answers given through any channel are stored the same way: the figures cannot depend
on which door an answer came through. The web goes through its pages; the other channels call
``record_answer`` as they do."""
import pytest
from sqlalchemy import select

from feedback_app.answers import Given, load_state, record_answer, submit_response
from feedback_app.models import Alert, Answer, Channel, ConsentEvent, Invitation, Response

from ..respond.conftest import Invited, answer

SEQUENCE = [
    ("consent", "yes", None), ("who", "representative", None), ("listened", "yes", None),
    ("listened", "a_bit", None), ("involved", "skip", None), ("respect", "yes", None), ("safer", "no", None),
    ("happy_now", "prefer_not_say", None),
    ("outcomes_review", "some", None), ("contact_safety", "yes", None), ("quote_ok", "no", None),
    ("own_words", None, "He still hits me when the carers go"),
]


def _through_the_web(client, invited):
    client.get(invited.link)
    for key, choice, text in SEQUENCE:
        assert answer(client, key, choice, text).status_code == 302, key
    assert client.post("/questionnaire/check", data={}).status_code == 302


def _through_record_answer(session, invited, channel):
    state = load_state(session, invited.invitation.id)
    for key, choice, text in SEQUENCE:
        assert record_answer(session, state, Given(key, choice, text), channel=channel, language="en").recorded
        session.commit()
    submit_response(session, state)
    session.commit()


def _stored(session, invitation_id):
    session.expire_all()
    response = session.scalar(select(Response).where(Response.invitation_id == invitation_id))
    columns = ("survey_id", "survey_version", "language", "enquiry_kind", "timing", "asked_by", "mode",
               "representative_kind", "respondent", "status", "current_question", "person_present")
    return {
        "response": {name: getattr(response, name) for name in columns},
        "answers": [tuple(row) for row in session.execute(
            select(Answer.question_key, Answer.choice_key, Answer.free_text, Answer.framework_item)
            .where(Answer.response_id == response.id).order_by(Answer.id))],
        "consent": session.scalars(select(ConsentEvent.kind).where(
            ConsentEvent.participant_id == response.participant_id).order_by(ConsentEvent.id)).all(),
        "alerts": [tuple(row) for row in session.execute(
            select(Alert.kind, Alert.question_key, Alert.matched_phrase).where(Alert.response_id == response.id)
            .order_by(Alert.id))],
        "invitation": session.get(Invitation, invitation_id).status,
        "channels": set(session.scalars(select(Answer.channel).where(Answer.response_id == response.id))),
    }


@pytest.mark.parametrize("channel", [Channel.SMS, Channel.PAPER, Channel.ASSISTED])
def test_answers_through_any_channel_are_stored_as_the_web_stores_them(app, session, channel):
    web = Invited(session, outcomes="To feel safe at home")
    _through_the_web(app.test_client(), web)
    other = Invited(session, outcomes="To feel safe at home")
    _through_record_answer(session, other, channel)

    by_web, by_other = _stored(session, web.invitation.id), _stored(session, other.invitation.id)
    assert by_web.pop("channels") == {Channel.WEB} and by_other.pop("channels") == {channel}
    assert by_other == by_web
    assert by_web["alerts"][0][:2] == ("safety_request", "contact_safety")
    assert len(by_web["answers"]) == 11


def test_the_web_records_the_mode_and_the_door(app, session):
    invited = Invited(session)
    _through_the_web(app.test_client(), invited)
    stored = _stored(session, invited.invitation.id)
    assert stored["response"]["mode"] == "self" and stored["channels"] == {Channel.WEB}

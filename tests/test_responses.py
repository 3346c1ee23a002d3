import pytest
from sqlalchemy import func, select

from feedback_app.consent import consent_state
from feedback_app.models import (
    Alert, AlertKind, Answer, Channel, ConsentEvent, ConsentKind, ConsentState, Invitation, InvitationStatus,
    OutcomesAsked, Respondent, ResponseStatus,
)
from feedback_app.questionnaire import AnswerInvalid
from feedback_app.responses import (
    ResponseClosed, erase_response, save_answer, start_response, submit_response,
)

from .factories import create_enquiry, create_invitation, create_organisation, create_participant


@pytest.fixture
def response(session):
    council = create_organisation(session)
    enquiry = create_enquiry(session, council)
    invitation, _ = create_invitation(session, create_participant(session, enquiry))
    response = start_response(session, invitation, channel=Channel.WEB, language="en")
    session.commit()
    return response


def _answers(session, response):
    return session.scalar(select(func.count(Answer.id)).where(Answer.response_id == response.id))


def test_starting_twice_gives_the_same_response(session, response):
    invitation = session.get(Invitation, response.invitation_id)
    assert start_response(session, invitation, channel=Channel.WEB, language="en").id == response.id
    assert invitation.status == InvitationStatus.OPENED


def test_answering_the_same_question_twice_keeps_one_answer(session, response):
    save_answer(session, response, "consent", "yes", channel=Channel.WEB)
    save_answer(session, response, "listened", "yes", channel=Channel.WEB)
    save_answer(session, response, "listened", "a_bit", channel=Channel.WEB)
    session.commit()
    assert _answers(session, response) == 2
    stored = session.scalar(select(Answer).where(Answer.question_key == "listened"))
    assert stored.choice_key == "a_bit" and stored.framework_item == "mspof:Q4"


@pytest.mark.parametrize("key, choice, text", [
    ("listened", "definitely", None),        # an option that does not exist
    ("favourite_colour", "blue", None),      # a question from no survey
    ("own_words", None, "x" * 2001),         # oversized free text
    ("listened", "yes", "and some text"),    # text where only a choice is allowed
])
def test_tampered_answers_write_nothing(session, response, key, choice, text):
    with pytest.raises(AnswerInvalid):
        save_answer(session, response, key, choice, text, channel=Channel.WEB)
    session.commit()
    assert _answers(session, response) == 0


def test_consent_answers_go_to_the_ledger_once(session, response):
    save_answer(session, response, "consent", "yes", channel=Channel.WEB)
    save_answer(session, response, "consent", "yes", channel=Channel.WEB)
    session.commit()
    assert consent_state(session, response.participant_id) == ConsentState.GIVEN
    assert session.scalar(select(func.count(ConsentEvent.id)).where(ConsentEvent.channel == Channel.WEB)) == 1
    save_answer(session, response, "consent", "no", channel=Channel.WEB)
    session.commit()
    assert consent_state(session, response.participant_id) == ConsentState.DECLINED


def test_who_is_answering_is_recorded(session, response):
    save_answer(session, response, "who", "adult_with_help", channel=Channel.WEB)
    assert response.respondent == Respondent.ADULT_WITH_HELP


def test_safety_request_raises_one_alert(session, response):
    save_answer(session, response, "contact_safety", "yes", channel=Channel.WEB)
    save_answer(session, response, "contact_safety", "yes", channel=Channel.WEB)
    session.commit()
    alerts = session.scalars(select(Alert)).all()
    assert [(a.kind, a.question_key) for a in alerts] == [(AlertKind.SAFETY_REQUEST, "contact_safety")]


def test_worrying_free_text_raises_an_alert(session, response):
    save_answer(session, response, "own_words", None, "He still hits me when the carers go", channel=Channel.WEB)
    session.commit()
    alert = session.scalar(select(Alert))
    assert alert.kind == AlertKind.FLAGGED_TEXT and alert.matched_phrase == "hits me"


def test_routing_moves_the_place_on(session, response):
    save_answer(session, response, "consent", "yes", channel=Channel.WEB)
    assert response.current_question == "who"
    save_answer(session, response, "happy_now", "yes", channel=Channel.WEB)
    # No outcomes recorded for this enquiry: the outcomes review is skipped.
    assert response.current_question == "contact_safety"


def test_outcomes_review_follows_when_outcomes_were_recorded(session, response):
    from feedback_app.models import Enquiry, Participant

    enquiry = session.get(Enquiry, session.get(Participant, response.participant_id).enquiry_id)
    enquiry.outcomes_asked = OutcomesAsked.EXPRESSED
    enquiry.desired_outcomes_text = "To feel safe at home"
    session.commit()
    save_answer(session, response, "happy_now", "yes", channel=Channel.WEB)
    assert response.current_question == "outcomes_review"


def test_once_sent_answers_cannot_change(session, response):
    save_answer(session, response, "listened", "yes", channel=Channel.WEB)
    submit_response(session, response)
    submit_response(session, response)
    session.commit()
    assert response.status == ResponseStatus.SUBMITTED
    assert session.get(Invitation, response.invitation_id).status == InvitationStatus.COMPLETED
    with pytest.raises(ResponseClosed):
        save_answer(session, response, "listened", "no", channel=Channel.WEB)


def test_erasure_is_recorded_then_carried_out(session, response):
    save_answer(session, response, "consent", "yes", channel=Channel.WEB)
    save_answer(session, response, "own_words", None, "Something private", channel=Channel.WEB)
    session.commit()
    erase_response(session, response, Channel.WEB)
    session.commit()
    assert _answers(session, response) == 0
    assert response.status == ResponseStatus.ERASED
    kinds = session.scalars(select(ConsentEvent.kind).order_by(ConsentEvent.id)).all()
    assert kinds[-2:] == [ConsentKind.ERASE_REQUESTED, ConsentKind.ERASED]
    assert consent_state(session, response.participant_id) == ConsentState.WITHDRAWN

"""``record_answer``: the one way every channel records an answer, tested directly."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from feedback_app.answers import Given, ResponseClosed, erase_response, load_state, record_answer, submit_response
from feedback_app.consent import consent_state
from feedback_app.models import (
    Alert, AlertKind, Answer, AnswerMode, AskedBy, AuditEvent, Channel, ConsentEvent, ConsentKind, ConsentState,
    Invitation, InvitationStatus, OutcomesAsked, ParticipantRole, Respondent, Response, ResponseStatus,
)

from ..factories import (
    create_enquiry, create_invitation, create_organisation, create_participant, create_user,
)


def _invitation(session, *, outcomes=False, role=ParticipantRole.ADULT, language="en", council=None):
    council = council or create_organisation(session, settings={"help_phone": "0300 123 4567"})
    enquiry = create_enquiry(session, council)
    if outcomes:
        enquiry.outcomes_asked, enquiry.desired_outcomes_text = OutcomesAsked.EXPRESSED, "To feel safe at home"
        session.commit()
    invitation, _ = create_invitation(session, create_participant(session, enquiry, role=role, language=language))
    return invitation


@pytest.fixture
def invitation(session):
    return _invitation(session)


def _record(session, invitation, *given, channel=Channel.WEB, **details):
    state = load_state(session, invitation.id)
    outcomes = [record_answer(session, state, Given(*g), channel=channel, **details) for g in given]
    session.commit()
    return outcomes[-1] if outcomes else None


def _response(session, invitation):
    session.expire_all()
    return session.scalar(select(Response).where(Response.invitation_id == invitation.id))


def _answers(session, invitation):
    response = _response(session, invitation)
    if response is None:
        return []
    return session.execute(select(Answer.question_key, Answer.choice_key, Answer.free_text)
                           .where(Answer.response_id == response.id).order_by(Answer.id)).all()


def test_the_first_answer_starts_the_response_and_opens_the_invitation(session, invitation):
    outcome = _record(session, invitation, ("consent", "yes"), language="cy")
    assert (outcome.recorded, outcome.next_question, outcome.at_end) == (True, "who", False)
    response = _response(session, invitation)
    assert (response.language, response.channel, response.mode) == ("cy", Channel.WEB, AnswerMode.SELF)
    assert (response.status, response.current_question) == (ResponseStatus.IN_PROGRESS, "who")
    assert session.get(Invitation, invitation.id).status == InvitationStatus.OPENED


def test_answering_the_same_question_twice_keeps_one_answer(session, invitation):
    _record(session, invitation, ("consent", "yes"), ("listened", "yes"), ("listened", "a_bit"))
    assert _answers(session, invitation) == [("consent", "yes", None), ("listened", "a_bit", None)]
    stored = session.scalar(select(Answer).where(Answer.question_key == "listened"))
    assert stored.framework_item == "mspof:Q4"


@pytest.mark.parametrize("key, choice, text, reason", [
    ("listened", "definitely", None, "unknown_choice"),       # an option that does not exist
    ("favourite_colour", "blue", None, "unknown_question"),   # a question from no survey
    ("own_words", None, "x" * 2001, "text_too_long"),         # oversized free text
    ("own_words", None, "   ", "empty"),                      # nothing written
    ("listened", None, "some text", "text_not_allowed"),       # words but no choice where one is needed
    ("listened", "yes", "x" * 2001, "text_too_long"),         # oversized words beside a choice
    ("listened", None, None, "choice_required"),              # nothing chosen
])
def test_an_answer_that_cannot_be_stored_is_asked_again_and_writes_nothing(session, invitation, key, choice, text,
                                                                            reason):
    state = load_state(session, invitation.id)
    outcome = record_answer(session, state, Given(key, choice, text), channel=Channel.SMS)
    session.commit()
    assert (outcome.recorded, outcome.reask, outcome.next_question) == (False, reason, key)
    assert _response(session, invitation) is None and state.response is None


def test_a_question_taken_off_the_route_by_earlier_answers_is_refused(session, invitation):
    _record(session, invitation, ("consent", "no"))
    outcome = _record(session, invitation, ("listened", "yes"))
    assert outcome.reask == "not_on_route"
    # The outcomes question is asked only when the record holds the person's desired outcomes.
    other = _invitation(session)
    assert _record(session, other, ("outcomes_review", "yes")).reask == "not_on_route"
    with_outcomes = _invitation(session, outcomes=True)
    assert _record(session, with_outcomes, ("outcomes_review", "yes")).recorded


def test_consent_answers_go_to_the_ledger_once(session, invitation):
    _record(session, invitation, ("consent", "yes"), ("consent", "yes"), channel=Channel.SMS)
    assert consent_state(session, invitation.participant_id) == ConsentState.GIVEN
    assert session.scalar(select(func.count(ConsentEvent.id)).where(ConsentEvent.channel == Channel.SMS)) == 1
    # Changing the answer to "no" is a new event; later answers are off the route.
    outcome = _record(session, invitation, ("consent", "no"), channel=Channel.SMS)
    assert outcome.at_end
    assert consent_state(session, invitation.participant_id) == ConsentState.DECLINED


def test_who_is_answering_is_recorded(session, invitation):
    outcome = _record(session, invitation, ("who", "adult_with_help"))
    assert outcome.respondent == Respondent.ADULT_WITH_HELP
    assert _response(session, invitation).respondent == Respondent.ADULT_WITH_HELP


@pytest.mark.parametrize("mode, respondent, representative_wording", [
    (AnswerMode.SUPPORTED, Respondent.ADULT_WITH_HELP, False),
    (AnswerMode.OWN_WORDS_WRITTEN, Respondent.ADULT_WITH_HELP, False),
    (AnswerMode.REPRESENTATIVE_VIEW, Respondent.REPRESENTATIVE, True),
    (AnswerMode.SELF, None, False),
])
def test_the_mode_says_who_is_answering_until_a_question_does(session, invitation, mode, respondent,
                                                              representative_wording):
    adviser = create_user(session, create_organisation(session))
    outcome = _record(session, invitation, ("listened", "yes"), channel=Channel.ASSISTED, mode=mode,
                      entered_by=adviser, person_present=True)
    assert outcome.respondent == respondent
    response = _response(session, invitation)
    assert (response.mode, response.entered_by_id, response.person_present) == (mode, adviser.id, True)
    assert load_state(session, invitation.id).uses_representative_wording is representative_wording


def test_an_answer_typed_in_for_someone_is_audited_and_a_persons_own_is_not(session, invitation):
    advocate = create_user(session, create_organisation(session))
    _record(session, invitation, ("consent", "yes"))
    _record(session, invitation, ("listened", "yes"), channel=Channel.ASSISTED, entered_by=advocate)
    events = session.execute(select(AuditEvent.action, AuditEvent.user_id, AuditEvent.target_type,
                                    AuditEvent.detail).where(AuditEvent.action == "answer_entered")).all()
    response = _response(session, invitation)
    assert [(a, u, t, d["question"], d["channel"]) for a, u, t, d in events] == [
        ("answer_entered", advocate.id, "Response", "listened", "assisted")]
    assert session.scalar(select(AuditEvent.target_id).where(AuditEvent.action == "answer_entered")) == response.id


def test_each_answer_keeps_the_door_it_came_through(session, invitation):
    _record(session, invitation, ("consent", "yes"), channel=Channel.WEB)
    _record(session, invitation, ("who", "adult"), channel=Channel.SMS)
    channels = session.execute(select(Answer.question_key, Answer.channel).order_by(Answer.id)).all()
    assert channels == [("consent", Channel.WEB), ("who", Channel.SMS)]
    assert _response(session, invitation).channel == Channel.WEB  # where it began


def test_who_asked_can_be_recorded_when_the_answering_starts(session, invitation):
    _record(session, invitation, ("consent", "yes"), channel=Channel.ASSISTED, asked_by=AskedBy.ENQUIRY_LEAD)
    assert _response(session, invitation).asked_by == AskedBy.ENQUIRY_LEAD


def test_safety_request_raises_one_alert(session, invitation):
    first = _record(session, invitation, ("contact_safety", "yes"))
    again = _record(session, invitation, ("contact_safety", "yes"))
    assert first.alert_raised and again.alert_raised
    alerts = session.scalars(select(Alert)).all()
    assert [(a.kind, a.question_key) for a in alerts] == [(AlertKind.SAFETY_REQUEST, "contact_safety")]


def test_worrying_free_text_raises_an_alert(session, invitation):
    _record(session, invitation, ("own_words", None, "He still hits me when the carers go"), channel=Channel.PAPER)
    alert = session.scalar(select(Alert))
    assert alert.kind == AlertKind.FLAGGED_TEXT and alert.matched_phrase == "hits me"


def test_words_beside_a_choice_are_kept_and_read_for_worrying_words(session, invitation):
    _record(session, invitation, ("consent", "yes"), ("who", "adult"),
            ("safer", "a_bit", "  Not when he visits.  He still hits me  "), channel=Channel.PAPER)
    assert _answers(session, invitation)[-1] == ("safer", "a_bit", "Not when he visits.  He still hits me")
    alert = session.scalar(select(Alert))
    assert (alert.kind, alert.question_key, alert.matched_phrase) == (AlertKind.FLAGGED_TEXT, "safer", "hits me")


def test_routing_moves_the_place_on(session, invitation):
    assert _record(session, invitation, ("consent", "yes")).next_question == "who"
    # No outcomes recorded for this enquiry: the outcomes review is skipped.
    assert _record(session, invitation, ("happy_now", "yes")).next_question == "contact_safety"
    assert _response(session, invitation).current_question == "contact_safety"
    with_outcomes = _invitation(session, outcomes=True)
    assert _record(session, with_outcomes, ("happy_now", "yes")).next_question == "outcomes_review"


def test_a_channel_without_a_check_page_sends_the_response_at_the_end(session, invitation):
    state = load_state(session, invitation.id)
    record_answer(session, state, Given("consent", "yes"), channel=Channel.SMS, complete_at_end=True)
    last = record_answer(session, state, Given("own_words", None, "Thank you"), channel=Channel.SMS,
                         complete_at_end=True)
    session.commit()
    assert last.at_end and last.completed
    response = _response(session, invitation)
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at is not None
    assert session.get(Invitation, invitation.id).status == InvitationStatus.COMPLETED


def test_answers_can_carry_the_date_they_were_given(session, invitation):
    received = datetime(2026, 5, 4, 10, 30, tzinfo=timezone.utc)
    state = load_state(session, invitation.id)
    record_answer(session, state, Given("consent", "yes"), channel=Channel.PAPER, at=received)
    submit_response(session, state, at=received + timedelta(minutes=5))
    session.commit()
    response = _response(session, invitation)
    assert session.scalar(select(Answer.answered_at)).replace(tzinfo=timezone.utc) == received
    assert response.submitted_at.replace(tzinfo=timezone.utc) == received + timedelta(minutes=5)


def test_once_sent_answers_cannot_change(session, invitation):
    _record(session, invitation, ("listened", "yes"))
    state = load_state(session, invitation.id)
    assert submit_response(session, state) is True
    assert submit_response(session, state) is False  # sending twice changes nothing
    session.commit()
    assert session.get(Invitation, invitation.id).status == InvitationStatus.COMPLETED
    with pytest.raises(ResponseClosed):
        record_answer(session, load_state(session, invitation.id), Given("listened", "no"), channel=Channel.WEB)
    session.rollback()
    sent = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "response_submitted")).all()
    assert sent == ["response_submitted"]


def test_a_response_sent_since_it_was_read_takes_no_more_answers(session, invitation):
    _record(session, invitation, ("listened", "yes"))
    this_tab = load_state(session, invitation.id)
    session.commit()
    # Sent from another tab after this one read the state.
    submit_response(session, load_state(session, invitation.id))
    session.commit()
    with pytest.raises(ResponseClosed):
        record_answer(session, this_tab, Given("listened", "no"), channel=Channel.WEB)
    session.rollback()
    assert _answers(session, invitation) == [("listened", "yes", None)]
    assert _response(session, invitation).current_question is None


def test_two_first_answers_at_once_make_one_response(session, invitation):
    first, second = load_state(session, invitation.id), load_state(session, invitation.id)
    record_answer(session, first, Given("consent", "yes"), channel=Channel.WEB, language="en")
    session.commit()
    with pytest.raises(IntegrityError):
        record_answer(session, second, Given("consent", "yes"), channel=Channel.WEB, language="cy")
    session.rollback()
    # Reading again and recording again updates the one response.
    record_answer(session, load_state(session, invitation.id), Given("consent", "yes"), channel=Channel.WEB)
    session.commit()
    languages = session.scalars(select(Response.language).where(Response.invitation_id == invitation.id)).all()
    assert languages == ["en"] and len(_answers(session, invitation)) == 1


def test_a_councils_staff_read_only_their_own_councils_state(session, invitation):
    assert load_state(session, invitation.id, organisation_id=invitation.organisation_id) is not None
    assert load_state(session, invitation.id, organisation_id=invitation.organisation_id + 1000) is None
    assert load_state(session, 2**31 - 1) is None


def test_erasure_is_recorded_then_carried_out(session, invitation):
    _record(session, invitation, ("consent", "yes"), ("own_words", None, "Something private"))
    erase_response(session, _response(session, invitation).id, Channel.SMS)
    session.commit()
    assert _answers(session, invitation) == []
    assert _response(session, invitation).status == ResponseStatus.ERASED
    kinds = session.scalars(select(ConsentEvent.kind).order_by(ConsentEvent.id)).all()
    assert kinds[-2:] == [ConsentKind.ERASE_REQUESTED, ConsentKind.ERASED]
    assert consent_state(session, invitation.participant_id) == ConsentState.WITHDRAWN

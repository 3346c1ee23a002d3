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


# The web questionnaire saves through start_loaded_response and save_loaded_answer, which write
# with plain statements instead of ORM objects. What they store must not differ in any way.

SEQUENCE = [
    ("consent", "yes", None), ("who", "representative", None), ("listened", "yes", None),
    ("listened", "a_bit", None), ("happy_now", "yes", None), ("contact_safety", "yes", None),
    ("own_words", None, "He still hits me when the carers go"), ("consent", "no", None),
]


def _invited(session, council, outcomes=False):
    enquiry = create_enquiry(session, council)
    if outcomes:
        enquiry.outcomes_asked = OutcomesAsked.EXPRESSED
        enquiry.desired_outcomes_text = "To feel safe at home"
        session.commit()
    participant = create_participant(session, enquiry)
    invitation, _ = create_invitation(session, participant)
    return invitation, participant, enquiry


def _stored(session, invitation_id):
    from feedback_app.models import AuditEvent, Response

    session.expire_all()
    response = session.scalar(select(Response).where(Response.invitation_id == invitation_id))
    columns = ("survey_id", "survey_version", "language", "channel", "enquiry_kind", "timing", "asked_by",
               "representative_kind", "respondent", "status", "current_question", "person_present")
    answers = session.execute(select(Answer.question_key, Answer.choice_key, Answer.free_text, Answer.framework_item)
                              .where(Answer.response_id == response.id).order_by(Answer.id)).all()
    consent = session.scalars(select(ConsentEvent.kind).where(ConsentEvent.participant_id == response.participant_id)
                              .order_by(ConsentEvent.id)).all()
    alerts = session.execute(select(Alert.kind, Alert.question_key, Alert.matched_phrase, Alert.participant_id)
                             .where(Alert.response_id == response.id).order_by(Alert.id)).all()
    audit = session.scalars(select(AuditEvent.action).where(AuditEvent.organisation_id == response.organisation_id)
                            .order_by(AuditEvent.id)).all()
    return {
        "response": {name: getattr(response, name) for name in columns},
        "answers": [tuple(row) for row in answers],
        "consent": consent,
        "alerts": [(kind, key, phrase, who == response.participant_id) for kind, key, phrase, who in alerts],
        "invitation": session.get(Invitation, invitation_id).status,
        "audit": audit,
    }


@pytest.mark.parametrize("outcomes", [False, True])
def test_saving_loaded_rows_stores_exactly_what_saving_orm_objects_does(session, outcomes):
    from feedback_app.responses import LoadedResponse, outcomes_recorded, save_loaded_answer, start_loaded_response

    histories = []
    for lean in (False, True):
        council = create_organisation(session, settings={"help_phone": "0300 123 4567"})
        invitation, participant, enquiry = _invited(session, council, outcomes)
        history = []
        response = None
        for key, choice, text in SEQUENCE:
            if lean:
                response = response or start_loaded_response(session, invitation, participant, enquiry,
                                                              channel=Channel.WEB, language="en")
                assert isinstance(response, LoadedResponse)
                progress = save_loaded_answer(session, response, key, choice, text, channel=Channel.WEB,
                                              outcomes_recorded=outcomes_recorded(enquiry),
                                              council_settings=council.settings)
                place = (progress.respondent, progress.current_question)
            else:
                response = response or start_response(session, invitation, channel=Channel.WEB, language="en")
                save_answer(session, response, key, choice, text, channel=Channel.WEB)
                place = (response.respondent, response.current_question)
            session.commit()
            # After every answer, not only at the end: a later answer can hide an earlier difference.
            history.append((place, _stored(session, invitation.id)))
        histories.append(history)
    orm, lean = histories
    assert lean == orm
    places = [current for (_, current), _ in lean]
    assert ("outcomes_review" in places) is outcomes
    assert lean[-1][1]["alerts"][0][:2] == (AlertKind.SAFETY_REQUEST, "contact_safety")
    assert lean[-1][1]["consent"] == [ConsentKind.GIVEN, ConsentKind.DECLINED]


def test_a_response_sent_since_it_was_loaded_takes_no_more_answers(session):
    from feedback_app.models import Response
    from feedback_app.responses import save_loaded_answer, start_loaded_response

    council = create_organisation(session)
    invitation, participant, enquiry = _invited(session, council)
    loaded = start_loaded_response(session, invitation, participant, enquiry, channel=Channel.WEB, language="en")
    save_loaded_answer(session, loaded, "listened", "yes", channel=Channel.WEB, outcomes_recorded=False,
                       council_settings={})
    session.commit()
    # Sent from another tab after this one loaded the response.
    submit_response(session, session.get(Response, loaded.id))
    session.commit()
    with pytest.raises(ResponseClosed):
        save_loaded_answer(session, loaded, "listened", "no", channel=Channel.WEB, outcomes_recorded=False,
                           council_settings={})
    session.rollback()
    assert session.scalar(select(Answer.choice_key).where(Answer.response_id == loaded.id)) == "yes"
    assert session.get(Response, loaded.id).current_question is None


def test_two_starts_of_one_invitation_from_loaded_rows_make_one_response(session):
    from sqlalchemy.exc import IntegrityError

    from feedback_app.models import Response
    from feedback_app.responses import start_loaded_response

    council = create_organisation(session)
    invitation, participant, enquiry = _invited(session, council)
    start_loaded_response(session, invitation, participant, enquiry, channel=Channel.WEB, language="en")
    session.commit()
    with pytest.raises(IntegrityError):
        start_loaded_response(session, invitation, participant, enquiry, channel=Channel.WEB, language="cy")
    session.rollback()
    languages = session.scalars(select(Response.language).where(Response.invitation_id == invitation.id)).all()
    assert languages == ["en"]

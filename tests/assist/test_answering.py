"""Answering with an advocate, through the pages an advocate uses: how the answers are given is
recorded first, the mode decides the version of the questions, every answer goes through
``record_answer`` on the assisted channel with the advocate as the one who entered it, and a
refusal on the spot is a consent event after which nothing more is sent."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.consent import consent_state
from feedback_app.models import (
    Alert, Answer, AnswerMode, AskedBy, AssignmentStatus, Channel, ConsentEvent, ConsentKind, ConsentState,
    Invitation, InvitationStatus, ParticipantRole, Respondent, Response, ResponseStatus,
)
from tests.factories import audit_events, create_invitation, reload

from .conftest import PASSWORD, ready_person, visit

EXPERIENCE = ("listened", "involved", "respect", "safer", "happy_now")


def _start(client_request, assignment, mode, *, present="yes", asked_by="independent", support=(), on=None,
           expected_status=302):
    on = on or date.today()
    return client_request.post(f"/assist/people/{assignment.id}/start", data={
        "mode": mode, "asked_by": asked_by, "present": present, "support": list(support),
        "on": [str(on.day), str(on.month), str(on.year)]}, expected_status=expected_status, allow_checked_radios=True)


def _answer(client_request, assignment, key, answer=None, words=None, expected_status=302):
    data = {"question": key}
    if answer is not None:
        data["answer"] = answer
    if words is not None:
        data["words"] = words
    return client_request.post(f"/assist/people/{assignment.id}/q/{key}", data=data, expected_status=expected_status,
                               allow_checked_radios=True)


def _question_text(client_request, assignment, key) -> str:
    return client_request.get(f"/assist/people/{assignment.id}/q/{key}", allow_checked_radios=True).h1


def _finish(client_request, assignment, answered=()):
    for key in EXPERIENCE:
        if key not in answered:
            _answer(client_request, assignment, key, "yes")
    _answer(client_request, assignment, "contact_safety", "no")
    _answer(client_request, assignment, "quote_ok", "yes")
    response = _answer(client_request, assignment, "own_words", words="")
    assert response.headers["Location"].endswith(f"/assist/people/{assignment.id}/check")
    page = client_request.get(f"/assist/people/{assignment.id}/check")
    return client_request.post(f"/assist/people/{assignment.id}/check", data={}), page


def _response(session, assignment) -> Response:
    reload(session)
    return session.scalar(select(Response).where(Response.invitation_id == assignment.invitation_id))


def test_a_representatives_own_view_gets_the_representative_questions_and_is_recorded_as_given(
        session, as_advocate, assignment, advocate):
    # The invitation is the adult's; the mode, chosen when answering starts, decides the version.
    start = _start(as_advocate, assignment, "representative_view", present="no", asked_by="enquiry_lead",
                   support=["interpreter", "pictures"])
    assert start.headers["Location"].endswith("/q/consent")
    assert "for the person" in _question_text(as_advocate, assignment, "consent")
    following = _answer(as_advocate, assignment, "consent", "yes")
    # "Who is answering?" is answered by the mode, so the next question is the first about experience.
    assert following.headers["Location"].endswith("/q/listened")
    listened = as_advocate.get(f"/assist/people/{assignment.id}/q/listened")
    assert listened.h1 == "Did people listen to the person you are answering for?"
    assert listened.title_caption == "Question 2 of 9"
    # The words kept beside a tick are the representative's, and the box says so.
    assert "The representative’s own words (optional)" in listened.text
    _answer(as_advocate, assignment, "listened", "a_bit", words="Not at the first meeting")
    sent, check = _finish(as_advocate, assignment, answered=("listened",))
    assert "A representative gave their own view" in check.text and "The enquiry lead" in check.text
    assert "Not at the first meeting" in check.text
    assert sent.headers["Location"].endswith("/assist/")

    response = _response(session, assignment)
    assert (response.status, response.channel, response.mode) == (
        ResponseStatus.SUBMITTED, Channel.ASSISTED, AnswerMode.REPRESENTATIVE_VIEW)
    assert response.respondent == Respondent.REPRESENTATIVE
    assert (response.asked_by, response.person_present, response.support) == (
        AskedBy.ENQUIRY_LEAD, False, ["interpreter", "pictures"])
    assert response.entered_by_id == advocate.id
    answers = {a.question_key: a for a in response.answers}
    assert answers["who"].choice_key == "representative"
    assert (answers["listened"].choice_key, answers["listened"].free_text) == ("a_bit", "Not at the first meeting")
    assert {a.channel for a in response.answers} == {Channel.ASSISTED}
    assert reload(session, assignment).status == AssignmentStatus.ANSWERED
    assert session.get(Invitation, assignment.invitation_id).status == InvitationStatus.COMPLETED
    entered = audit_events(session, "answer_entered")
    assert entered and {event.user_id for event in entered} == {advocate.id}


@pytest.mark.parametrize("mode", ["supported", "own_words_written"])
def test_the_person_answering_gets_the_adult_questions_even_on_a_representatives_invitation(
        session, council, partner, advocate, client_request, mode):
    representative = ready_person(session, council, role=ParticipantRole.REPRESENTATIVE)
    assignment = visit(session, representative, partner, advocate)
    client_request.login(advocate, PASSWORD)
    _start(client_request, assignment, mode)
    assert _question_text(client_request, assignment, "consent") == "Do you want to answer some questions?"
    _answer(client_request, assignment, "consent", "yes")
    listened = client_request.get(f"/assist/people/{assignment.id}/q/listened")
    assert listened.h1 == "Did people listen to you?"
    assert "The person’s own words (optional)" in listened.text
    _finish(client_request, assignment)
    response = _response(session, assignment)
    assert response.mode == AnswerMode(mode)
    assert response.respondent == Respondent.ADULT_WITH_HELP
    assert response.person_present is True
    assert {a.question_key: a.choice_key for a in response.answers}["who"] == "adult_with_help"


def test_by_telephone_who_is_answering_is_asked_and_decides_the_version(session, as_advocate, assignment):
    _start(as_advocate, assignment, "telephone")
    assert _answer(as_advocate, assignment, "consent", "yes").headers["Location"].endswith("/q/who")
    _answer(as_advocate, assignment, "who", "representative")
    assert _question_text(as_advocate, assignment, "listened") == "Did people listen to the person you are answering for?"
    _finish(as_advocate, assignment)
    response = _response(session, assignment)
    assert (response.mode, response.respondent) == (AnswerMode.TELEPHONE, Respondent.REPRESENTATIVE)


def test_with_a_mode_that_says_who_answers_the_who_question_cannot_be_answered_otherwise(
        session, as_advocate, assignment):
    _start(as_advocate, assignment, "supported")
    _answer(as_advocate, assignment, "consent", "yes")
    page = as_advocate.get(f"/assist/people/{assignment.id}/q/who", expected_status=302)
    assert page.headers["Location"].endswith("/q/listened")
    as_advocate.post(f"/assist/people/{assignment.id}/q/who", data={"question": "who", "answer": "representative"})
    assert {a.question_key: a.choice_key for a in _response(session, assignment).answers}["who"] == "adult_with_help"


def test_saying_no_on_the_spot_is_a_consent_event_and_stops_everything(session, council, as_advocate, assignment,
                                                                        person, advocate):
    by_text, _ = create_invitation(session, person, channel=Channel.SMS, status=InvitationStatus.SCHEDULED)
    _start(as_advocate, assignment, "supported")
    declined = _answer(as_advocate, assignment, "consent", "no")
    assert declined.headers["Location"].endswith("/assist/")
    reload(session)
    assert consent_state(session, person.id) == ConsentState.DECLINED
    event = session.scalars(select(ConsentEvent).where(ConsentEvent.participant_id == person.id)
                            .order_by(ConsentEvent.id.desc())).first()
    assert (event.kind, event.channel, event.actor_user_id) == (ConsentKind.DECLINED, Channel.ASSISTED, advocate.id)
    assert len(session.scalars(select(ConsentEvent).where(ConsentEvent.participant_id == person.id,
                                                          ConsentEvent.kind == ConsentKind.DECLINED)).all()) == 1
    assert session.get(Invitation, by_text.id).status == InvitationStatus.CANCELLED
    assert reload(session, assignment).status == AssignmentStatus.DECLINED
    # The visit has ended: its pages no longer take answers.
    assert as_advocate.get(f"/assist/people/{assignment.id}/q/listened", expected_status=302)


def test_not_now_keeps_the_visit_open_and_the_ledger_says_later(session, as_advocate, assignment, person):
    _start(as_advocate, assignment, "supported")
    later = _answer(as_advocate, assignment, "consent", "not_now")
    assert later.headers["Location"].endswith(f"/assist/people/{assignment.id}")
    reload(session)
    assert consent_state(session, person.id) == ConsentState.LATER
    assert reload(session, assignment).ended_at is None


def test_the_refusal_page_records_a_decline_with_the_note(session, as_advocate, assignment, person):
    page = as_advocate.get(f"/assist/people/{assignment.id}/declined")
    assert page.h1 == "They do not want to take part"
    as_advocate.post(f"/assist/people/{assignment.id}/declined", data={"note": "Would rather forget it"})
    reload(session)
    assert consent_state(session, person.id) == ConsentState.DECLINED
    event = session.scalars(select(ConsentEvent).where(ConsentEvent.participant_id == person.id)
                            .order_by(ConsentEvent.id.desc())).first()
    assert (event.how, event.note) == ("advocate", "Would rather forget it")
    assert reload(session, assignment).status == AssignmentStatus.DECLINED


def test_could_not_reach_ends_the_visit_without_touching_consent(session, as_advocate, assignment, person):
    as_advocate.post(f"/assist/people/{assignment.id}/unreachable", data={})
    reload(session)
    assert reload(session, assignment).status == AssignmentStatus.UNREACHABLE
    assert consent_state(session, person.id) == ConsentState.GIVEN
    assert session.get(Invitation, assignment.invitation_id).status == InvitationStatus.EXPIRED


def test_being_in_touch_is_recorded(session, as_advocate, assignment):
    as_advocate.post(f"/assist/people/{assignment.id}/contacted", data={})
    found = reload(session, assignment)
    assert found.status == AssignmentStatus.CONTACTED and found.contacted_at is not None


def test_how_the_answers_are_given_must_be_recorded_first(session, as_advocate, assignment):
    assert as_advocate.get(f"/assist/people/{assignment.id}/q/consent", expected_status=302)
    future = date.today() + timedelta(days=1)
    page = as_advocate.post(f"/assist/people/{assignment.id}/start", data={
        "on": [str(future.day), str(future.month), str(future.year)]}, expected_status=200)
    assert page.error_messages() == [
        "Select how the answers are being given", "Select who is asking", "Select whether the person is there",
        "The date the answers were given must be today or in the past"]
    page = as_advocate.post(f"/assist/people/{assignment.id}/start", data={
        "mode": "guessing", "asked_by": "independent", "present": "yes",
        "on": [str(date.today().day), str(date.today().month), str(date.today().year)]},
        expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == ["Select how the answers are being given"]
    assert _response(session, assignment) is None


def test_answers_typed_in_later_carry_the_day_they_were_given(session, as_advocate, assignment):
    given_on = date.today() - timedelta(days=3)
    too_early = _start(as_advocate, assignment, "own_words_written", on=given_on, expected_status=200)
    assert too_early.error_messages() == ["The date the answers were given cannot be before the visit was asked for"]
    assignment.created_at -= timedelta(days=10)
    session.commit()
    _start(as_advocate, assignment, "own_words_written", on=given_on)
    _answer(as_advocate, assignment, "consent", "yes")
    response = _response(session, assignment)
    assert {a.answered_at.date() for a in response.answers} == {given_on}


def test_a_double_click_stores_one_answer_and_words_are_kept_with_the_tick(session, as_advocate, assignment):
    _start(as_advocate, assignment, "supported")
    _answer(as_advocate, assignment, "consent", "yes")
    _answer(as_advocate, assignment, "listened", "no", words="They talked over me")
    _answer(as_advocate, assignment, "listened", "no", words="They talked over me")
    rows = session.scalars(select(Answer).join(Response).where(
        Response.invitation_id == assignment.invitation_id, Answer.question_key == "listened")).all()
    assert [(r.choice_key, r.free_text) for r in rows] == [("no", "They talked over me")]


def test_words_without_a_tick_or_too_many_words_are_asked_again(session, as_advocate, assignment):
    _start(as_advocate, assignment, "supported")
    _answer(as_advocate, assignment, "consent", "yes")
    page = _answer(as_advocate, assignment, "listened", words="Sort of", expected_status=200)
    assert page.error_messages() == ["Choose an answer, or choose ‘Skip this question’"]
    assert "Sort of" in page.by_id("words").text
    page = _answer(as_advocate, assignment, "listened", "yes", words="x" * 2001, expected_status=200)
    assert page.error_messages() == ["The person’s own words must be 2,000 characters or fewer"]
    assert "listened" not in {a.question_key for a in _response(session, assignment).answers}


def test_an_empty_box_skips_a_question_asking_for_words(session, as_advocate, assignment):
    _start(as_advocate, assignment, "supported")
    _answer(as_advocate, assignment, "consent", "yes")
    _answer(as_advocate, assignment, "own_words", words="   ")
    assert {a.question_key: a.choice_key for a in _response(session, assignment).answers}["own_words"] == "skip"


def test_worrying_words_written_beside_a_tick_reach_the_duty_desk(session, as_advocate, assignment):
    _start(as_advocate, assignment, "own_words_written")
    _answer(as_advocate, assignment, "consent", "yes")
    _answer(as_advocate, assignment, "safer", "no", words="He still hits me when nobody is there")
    reload(session)
    assert session.scalar(select(Alert).where(Alert.question_key == "safer")) is not None


def test_answering_picks_up_where_it_stopped_on_another_device(session, client, app, assignment, advocate):
    from tests.pages import ClientRequest

    first = ClientRequest(app, app.test_client())
    first.login(advocate, PASSWORD)
    _start(first, assignment, "representative_view", present="no")
    _answer(first, assignment, "consent", "yes")
    second = ClientRequest(app, app.test_client())
    second.login(advocate, PASSWORD)
    resumed = second.get(f"/assist/people/{assignment.id}/start", expected_status=302)
    assert resumed.headers["Location"].endswith("/q/listened")
    assert _question_text(second, assignment, "listened") == "Did people listen to the person you are answering for?"


def test_the_question_is_shown_in_the_persons_language(session, council, partner, advocate, client_request):
    person = ready_person(session, council, language="cy")
    assignment = visit(session, person, partner, advocate)
    client_request.login(advocate, PASSWORD)
    _start(client_request, assignment, "supported")
    page = client_request.get(f"/assist/people/{assignment.id}/q/consent")
    assert page.lang == "en"
    wording = page.find(".//h1//span[@lang]")
    assert wording.get("lang") == "cy" and "Do you want" not in "".join(wording.itertext())


def test_the_dispatcher_ends_visits_that_ended_another_way_and_empties_what_they_kept(session, council, partner,
                                                                                        advocate, app):
    from datetime import datetime, timezone

    from feedback_app.consent import record_consent
    from feedback_app.db import db
    from feedback_app.dispatch import run_tick
    from feedback_app.sms.log_sender import LogSender

    stopped = visit(session, ready_person(session, council), partner, advocate, reference="STOP-1")
    expired = visit(session, ready_person(session, council), partner, advocate, reference="LATE-1")
    # A STOP by text withdraws consent everywhere: the visit's invitation is cancelled with the rest.
    record_consent(session, stopped.participant, ConsentKind.STOP, Channel.SMS)
    session.get(Invitation, expired.invitation_id).expires_at = datetime(2020, 1, 1, tzinfo=timezone.utc)
    session.commit()
    with app.app_context():
        run_tick(db.session, LogSender())
    assert reload(session, stopped).status == AssignmentStatus.WITHDRAWN
    assert reload(session, expired).status == AssignmentStatus.UNREACHABLE
    assert stopped.initials == "A. B."
    later = stopped.ended_at + timedelta(days=400)
    with app.app_context():
        run_tick(db.session, LogSender(), now=later)
    assert reload(session, stopped).initials is None and reload(session, expired).initials is None


def test_agreeing_to_answer_offers_only_yes_not_now_or_no(session, as_advocate, assignment):
    _start(as_advocate, assignment, "supported")
    page = as_advocate.get(f"/assist/people/{assignment.id}/q/consent")
    assert [i.get("value") for i in page.findall(".//input[@name='answer']")] == ["yes", "not_now", "no"]
    refused = _answer(as_advocate, assignment, "consent", expected_status=200)
    assert refused.error_messages() == ["Choose one of the answers: yes, not now, or no"]

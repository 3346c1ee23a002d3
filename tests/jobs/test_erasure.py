"""A request to delete what is held about a person, from any channel, is carried out by the jobs
runner step by step: answers and notes deleted, contact details purged, the ledger closed; and a
second pass changes nothing."""
from sqlalchemy import select, text

from feedback_app.consent import consent_state
from feedback_app.dispatch.erasure import carry_out_erasure_requests, outstanding_requests
from feedback_app.models import (
    Alert, AlertKind, Answer, Assignment, Channel, CommentReview, ConsentEvent, ConsentKind, ConsentState,
    ContactKind, ContactPoint, InvitationStatus, OrganisationKind, Response, ResponseStatus, Role,
    utcnow,
)
from feedback_app.comments.reviews import create_missing_reviews
from tests.casework.conftest import PASSWORD
from tests.factories import (
    answer, audit_events, create_enquiry, create_invitation, create_organisation, create_participant, create_user,
    reload,
)

WORDS = "Her carer Jo was kind to me and I feel safer now."


def _person(session):
    council = create_organisation(session, name="Northshire Council")
    partner = create_organisation(session, name="Advocacy North", kind=OrganisationKind.ADVOCACY)
    participant = create_participant(session, create_enquiry(session, council))
    participant.communication_notes = "Prefers mornings; her son must not know."
    session.add(ContactPoint(organisation_id=council.id, participant_id=participant.id, kind=ContactKind.PHONE,
                             value="+447700900123", code_word="Ask for Jo", is_private=True))
    session.add(Assignment(organisation_id=council.id, participant_id=participant.id, partner_id=partner.id,
                           reference="AB12", initials="MK", note="Visit on Tuesday"))
    session.commit()
    invitation, _ = create_invitation(session, participant)
    response = answer(session, invitation, ("consent", "yes"), ("quote_ok", "yes"), ("own_words", None, WORDS),
                      submit=True)
    session.add(Alert(organisation_id=council.id, response_id=response.id, participant_id=participant.id,
                      kind=AlertKind.SAFETY_REQUEST, action_taken="Rang her back; she is safe."))
    create_missing_reviews(session, council.id)
    later, _ = create_invitation(session, participant)
    session.commit()
    return council, participant, response, later


def _request(client_request, session, council, participant):
    practitioner = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/casework/participants/{participant.id}")
    assert page.find(f".//a[@href='/casework/participants/{participant.id}/erase']") is not None
    assert client_request.get(f"/casework/participants/{participant.id}/erase").h1 == \
        "Record that the person asked us to delete their answers and details"
    client_request.post(f"/casework/participants/{participant.id}/erase", {"how": "phone", "note": "Rang the office"})
    return practitioner


def test_a_request_recorded_by_staff_is_carried_out_by_the_next_pass(client_request, session):
    council, participant, response, later = _person(session)
    _request(client_request, session, council, participant)
    # Recorded at once: nothing more is sent, but nothing is deleted until the jobs runner runs.
    assert reload(session, later).status == InvitationStatus.CANCELLED
    assert consent_state(session, participant.id) == ConsentState.WITHDRAWN
    assert outstanding_requests(session) == [(participant.id, Channel.STAFF)]
    assert session.scalar(select(Answer.free_text).where(Answer.question_key == "own_words")) == WORDS

    assert carry_out_erasure_requests(session, utcnow()) == 1
    session.expire_all()
    assert session.scalars(select(Answer).where(Answer.response_id == response.id)).all() == []
    assert session.scalars(select(CommentReview)).all() == []
    assert session.get(Response, response.id).status == ResponseStatus.ERASED
    assert session.get(type(participant), participant.id).communication_notes is None
    assignment = session.scalar(select(Assignment))
    assert (assignment.note, assignment.initials) == (None, None)
    contact = session.scalar(select(ContactPoint))
    assert contact.purge_after is not None and contact.purged_at is None  # the purge empties it next
    # The duty desk's record of what was done for her safety is kept.
    assert session.scalar(select(Alert.action_taken)) == "Rang her back; she is safe."
    kinds = [event.kind for event in session.scalars(select(ConsentEvent).order_by(ConsentEvent.id))]
    assert kinds[-2:] == [ConsentKind.ERASE_REQUESTED, ConsentKind.ERASED]
    [done] = audit_events(session, "person_erased")
    assert done.detail == {"responses": 1, "contacts": 1}

    # A second pass finds nothing to do and changes nothing.
    assert outstanding_requests(session) == []
    assert carry_out_erasure_requests(session, utcnow()) == 0
    assert len(audit_events(session, "person_erased")) == 1


def test_the_tick_erases_then_purges_the_contact_details_in_one_pass(client_request, session, runner):
    council, participant, _response, _later = _person(session)
    _request(client_request, session, council, participant)
    result = runner.invoke(args=["jobs", "tick"])
    assert "erased 1" in result.output and "purged 1" in result.output, result.output
    stored = session.execute(text("SELECT value, code_word FROM contact_point")).one()
    assert stored == (None, None)


def test_a_request_needs_to_say_how_it_came(client_request, session):
    council, participant, _response, _later = _person(session)
    practitioner = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    page = client_request.post(f"/casework/participants/{participant.id}/erase", {}, expected_status=200)
    assert page.error_messages() == ["Select how they told us"]
    assert outstanding_requests(session) == []


def test_another_council_cannot_record_a_request(client_request, session):
    _council, participant, _response, _later = _person(session)
    stranger = create_user(session, create_organisation(session, name="Southshire Council"), Role.PRACTITIONER,
                           password=PASSWORD)
    client_request.login(stranger, PASSWORD)
    assert client_request.client.post(f"/casework/participants/{participant.id}/erase",
                                      data={"how": "phone"}).status_code == 404
    assert outstanding_requests(session) == []

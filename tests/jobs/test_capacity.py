"""An adult recorded as lacking capacity to decide about being asked is never contacted directly,
by any channel: not by a text with a link, nor questions by text, nor a reminder, nor a letter,
nor a link or a paper form's code opened later. The dispatcher checks again before every send,
as it does for consent and safe contact. Their representative on record, or an assisted visit,
is the way to hear from them; with neither, they are screened out for that reason."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from feedback_app.capacity import ADULT_CONSENTS, REPRESENTATIVE_CONSENTS, screened_out_for_capacity
from feedback_app.casework.records import schedule_blockers, update_participant
from feedback_app.casework.records.scheduling import CAPACITY_BLOCKER, NOBODY_TO_ASK_BLOCKER
from feedback_app.dispatch.post_room import still_wanted
from feedback_app.models import (
    Channel, Invitation, InvitationStatus, OutboundMessage, PaperLetter, ParticipantRole,
)
from tests.assist.conftest import ready_person, visit
from tests.factories import create_invitation, create_organisation, create_participant
from tests.paper.test_post_room import MORNING, due_by_post

from .conftest import TUESDAY_MORNING, make_due, messages_for, reload

A_WEEK_LATER = TUESDAY_MORNING + timedelta(days=7)


def _lacks_capacity(session, participant):
    participant.capacity_basis = REPRESENTATIVE_CONSENTS
    session.commit()


@pytest.mark.parametrize("by_reply", [False, True], ids=["link", "questions by text"])
def test_no_text_goes_to_an_adult_lacking_capacity(session, tick, by_reply):
    due = make_due(session)
    due.invitation.answer_by_reply = by_reply
    _lacks_capacity(session, due.participant)
    summary = tick()
    assert (summary.sent, summary.cancelled) == (0, 1)
    invitation = reload(session, due.invitation)
    assert (invitation.status, invitation.last_error) == (InvitationStatus.CANCELLED, "capacity")
    assert messages_for(session, invitation) == []


def test_no_reminder_once_the_adult_is_recorded_as_lacking_capacity(session, tick):
    due = make_due(session)
    assert tick().sent == 1
    _lacks_capacity(session, due.participant)
    assert tick(now=A_WEEK_LATER).reminded == 0
    assert [m.purpose for m in messages_for(session, due.invitation)] == ["invitation"]


def test_no_letter_goes_to_an_adult_lacking_capacity(session, app):
    from feedback_app.db import db
    from feedback_app.dispatch import run_tick
    from feedback_app.sms.log_sender import LogSender

    council = create_organisation(session)
    invitation = due_by_post(session, council)
    _lacks_capacity(session, invitation.participant)
    with app.app_context():
        counts = run_tick(db.session, LogSender(), now=MORNING)
    assert counts.batched == 0
    invitation = reload(session, invitation)
    assert (invitation.status, invitation.last_error) == (InvitationStatus.CANCELLED, "capacity")
    assert session.scalar(select(PaperLetter.id).where(PaperLetter.invitation_id == invitation.id)) is None


def test_a_letter_already_in_a_batch_is_held_back(session, council):
    invitation = due_by_post(session, council)
    invitation.status = InvitationStatus.SENDING
    session.commit()
    assert still_wanted(session, invitation)
    _lacks_capacity(session, invitation.participant)
    assert not still_wanted(session, reload(session, invitation))


def test_a_link_already_sent_stops_working(session, council, client):
    person = ready_person(session, council)
    invitation, token = create_invitation(session, person, channel=Channel.SMS)
    assert client.get(f"/s/{token}").status_code == 302
    _lacks_capacity(session, person)
    other = client.application.test_client()
    assert other.get(f"/s/{token}").status_code == 404


def test_a_paper_forms_code_does_not_open_the_questionnaire(session, council, client):
    from feedback_app.tokens import new_reference_code

    person = ready_person(session, council)
    invitation, _ = create_invitation(session, person, channel=Channel.PAPER)
    invitation.reference_code = new_reference_code()
    session.commit()
    _lacks_capacity(session, person)
    response = client.post("/p", data={"code": invitation.reference_code})
    assert response.status_code == 400 and "We could not use this code" in response.get_data(as_text=True)


def test_recording_lack_of_capacity_cancels_texts_and_letters_but_not_a_visit(session, council):
    from tests.assist.conftest import PASSWORD  # noqa: F401 (the fixture module's records)
    from feedback_app.models import OrganisationKind, Partnership
    from tests.factories import create_organisation as organisation

    person = ready_person(session, council)
    by_text, _ = create_invitation(session, person, channel=Channel.SMS, status=InvitationStatus.SCHEDULED)
    partner = organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=council.id, partner_id=partner.id))
    session.commit()
    assignment = visit(session, person, partner)
    update_participant(session, person, {"capacity_basis": REPRESENTATIVE_CONSENTS}, None)
    reload(session)
    assert session.get(Invitation, by_text.id).status == InvitationStatus.CANCELLED
    assert session.get(Invitation, assignment.invitation_id).status == InvitationStatus.SENT


def test_scheduling_points_to_the_representative_or_a_visit(session, council):
    adult = ready_person(session, council, capacity=REPRESENTATIVE_CONSENTS)
    assert schedule_blockers(session, adult)["capacity"] == NOBODY_TO_ASK_BLOCKER
    assert screened_out_for_capacity(session, adult)
    representative = ready_person(session, council, role=ParticipantRole.REPRESENTATIVE, enquiry=adult.enquiry)
    assert schedule_blockers(session, adult)["capacity"] == CAPACITY_BLOCKER
    assert not screened_out_for_capacity(session, adult)
    assert "capacity" not in schedule_blockers(session, representative)
    assert "capacity" not in schedule_blockers(session, ready_person(session, council, capacity=ADULT_CONSENTS))


def test_an_assisted_visit_lifts_the_screening_out(session, council):
    from feedback_app.models import OrganisationKind, Partnership

    adult = ready_person(session, council, capacity=REPRESENTATIVE_CONSENTS)
    partner = create_organisation(session, kind=OrganisationKind.ADVOCACY)
    session.add(Partnership(council_id=council.id, partner_id=partner.id))
    session.commit()
    visit(session, adult, partner)
    assert not screened_out_for_capacity(session, adult)


def test_the_scheduling_page_refuses_a_direct_request(session, council, client_request):
    from feedback_app.models import Role
    from tests.assist.conftest import PASSWORD
    from tests.factories import create_user

    adult = ready_person(session, council, capacity=REPRESENTATIVE_CONSENTS)
    practitioner = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    page = client_request.post(f"/casework/participants/{adult.id}/schedule", data={
        "timing": "after", "days_after_closure": "14", "asked_by": "independent", "channel": "sms",
        "texts": "link", "link_days": "28"}, expected_status=200, allow_checked_radios=True)
    assert str(NOBODY_TO_ASK_BLOCKER) in page.error_messages()
    assert session.scalar(select(Invitation.id).where(Invitation.participant_id == adult.id)) is None
    assert session.scalar(select(OutboundMessage.id)) is None

"""Demo data for the first council's practitioner: the demo enquiries are theirs, so that "My
enquiries" shows the work after `make run`, with one in every state a practitioner meets: open
and not yet ready to ask, due, waiting for an answer, answered, declined, and could not be sent."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from ..answers import Given, load_state, record_answer, submit_response
from ..models import (
    AnswerMode, AskedBy, Channel, ConsentEvent, ConsentKind, Invitation, InvitationStatus, Organisation,
    ParticipantRole, Timing, User, utcnow,
)

FLAG = "demo_practitioner_states"
ANSWERS = (("consent", "yes"), ("who", "adult"), ("listened", "yes"), ("involved", "a_bit"), ("respect", "yes"),
           ("safer", "yes"), ("happy_now", "a_bit"), ("outcomes_review", "some"), ("contact_safety", "no"),
           ("own_words", None))


def give_practitioner_their_enquiries(session, council: Organisation, enquiry_for, participant_for,
                                      references) -> None:
    practitioner = session.scalar(select(User).where(User.email == f"practitioner@{council.slug}.example"))
    for reference in references:
        enquiry_for(reference).lead_user_id = practitioner.id
    if (council.settings or {}).get(FLAG):
        return
    # Open, and not yet ready to ask: no consent, no safe contact, screening to do.
    still_open = enquiry_for("DEMO-0013")
    still_open.closed_on, still_open.lead_user_id = None, practitioner.id
    fresh = participant_for(still_open, ParticipantRole.ADULT, "en", None)
    session.execute(ConsentEvent.__table__.delete().where(ConsentEvent.participant_id == fresh.id))
    # Declined when asked at the closing visit.
    declined = enquiry_for("DEMO-0014")
    declined.lead_user_id = practitioner.id
    said_no = participant_for(declined, ParticipantRole.ADULT, "en", None)
    session.flush()  # the agreement recorded with the person comes first; the refusal after it
    session.add(ConsentEvent(organisation_id=council.id, participant_id=said_no.id, kind=ConsentKind.DECLINED,
                             channel=Channel.STAFF, how="in_person", actor_user_id=practitioner.id,
                             note="Did not want to be asked (demo).", created_at=utcnow() + timedelta(seconds=1)))
    # A text that could not be sent: the number was never checked as safe.
    failed = enquiry_for("DEMO-0015")
    failed.lead_user_id = practitioner.id
    unsent = participant_for(failed, ParticipantRole.ADULT, "en", None)
    now = utcnow()
    session.add(Invitation(organisation_id=council.id, participant_id=unsent.id, survey_id="msp-experience",
                           channel=Channel.SMS, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT,
                           status=InvitationStatus.FAILED, last_error="no_safe_contact", due_at=now - timedelta(days=1),
                           expires_at=now + timedelta(days=27), created_by_id=practitioner.id))
    # Answered on the web last week.
    answered = enquiry_for("DEMO-0016")
    answered.lead_user_id = practitioner.id
    answered.closed_on = date.today() - timedelta(days=20)
    person = participant_for(answered, ParticipantRole.ADULT, "en", None)
    invitation = Invitation(organisation_id=council.id, participant_id=person.id, survey_id="msp-experience",
                            channel=Channel.WEB, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT,
                            status=InvitationStatus.SENT, due_at=now - timedelta(days=8),
                            sent_at=now - timedelta(days=8), expires_at=now + timedelta(days=20),
                            created_by_id=practitioner.id)
    session.add(invitation)
    session.flush()
    state = load_state(session, invitation.id)
    at = now - timedelta(days=6)
    for key, choice in ANSWERS:
        given = Given(key, choice) if choice else Given(key, None, "Thank you for listening to me.")
        record_answer(session, state, given, channel=Channel.WEB, mode=AnswerMode.SELF, at=at)
    submit_response(session, state, at=at)
    council.settings = {**(council.settings or {}), FLAG: True}
    session.flush()


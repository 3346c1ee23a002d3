"""From the practitioner's pages to a text in the log: register, schedule for after closure,
close the enquiry, run the dispatcher when it is due, and read the text on the development page;
then a withdrawal stops anything further."""
from datetime import timedelta

from govuk_bank_holidays.bank_holidays import BankHolidays
from sqlalchemy import select

from feedback_app.consent import record_consent
from feedback_app.dispatch.tick import run_tick
from feedback_app.models import Channel, ConsentKind, InvitationStatus, OutboundMessage
from feedback_app.sms.log_sender import LogSender

from .conftest import invitations, reload
from .test_enquiries import boxes
from .test_scheduling import TODAY, after_closure, ten_am


def _closure_giving_a_working_day():
    """A recent closing date whose fourteenth day after is a weekday that is not a bank holiday."""
    holidays = BankHolidays(use_cached_holidays=True)
    for back in range(1, 15):
        closed_on = TODAY - timedelta(days=back)
        due = closed_on + timedelta(days=14)
        if due.weekday() < 5 and not holidays.is_holiday(due):
            return closed_on
    raise AssertionError("no working day found")


def test_scheduled_after_closure_then_sent_by_the_dispatcher(signed_in, session):
    response = signed_in.post("/casework/enquiries/new", {
        "case_reference": "NS-777001", "kind": "s42", "opened_on": boxes(TODAY - timedelta(days=30)),
        "closed_on": boxes(None), "lead_user_id": ""})
    enquiry_id = int(response.headers["Location"].rsplit("/", 1)[1])
    person_url = signed_in.post(f"/casework/enquiries/{enquiry_id}/participants/new", {
        "who": "adult", "language": "en", "format_needs": ["easy_read"],
        "capacity_basis": "adult_consents"}).headers["Location"]
    check_url = signed_in.post(f"{person_url}/phone/new", {"phone": "07911 123456"}).headers["Location"]
    signed_in.post(check_url, {"is_private": "yes", "may_name_council": "no"})
    signed_in.post(f"{person_url}/screening", {condition: "no" for condition in (
        "died", "live_risk", "criminal_proceedings", "acute_crisis", "no_further_contact", "ceased_at_request")})
    signed_in.post(f"{person_url}/consent", {"decision": "given", "how": "in_person"})
    signed_in.post(f"{person_url}/schedule", after_closure())
    closed_on = _closure_giving_a_working_day()
    signed_in.post(f"/casework/enquiries/{enquiry_id}/close", {"closed_on": boxes(closed_on)})
    [invitation] = invitations(session)
    due = ten_am(closed_on + timedelta(days=14))
    assert invitation.due_at == due

    # Not yet due: nothing goes.
    assert run_tick(session, LogSender(), now=due - timedelta(hours=1)).sent == 0
    summary = run_tick(session, LogSender(), now=due + timedelta(minutes=5))
    assert summary.sent == 1
    invitation = reload(session, invitation)
    assert invitation.status == InvitationStatus.SENT
    [message] = session.scalars(select(OutboundMessage)).all()
    assert message.recipient == "+447911123456" and "/s/" in message.body
    for word in ("abuse", "harm", "safeguard"):
        assert word not in message.body.lower()
    # Sending again finds nothing more to do.
    assert run_tick(session, LogSender(), now=due + timedelta(minutes=10)).sent == 0

    page = signed_in.get("/dev/messages")
    assert message.body.split("/s/")[1].split()[0] in page.text

    # A withdrawal by any route stops what is still pending (here: the one reminder).
    participant = invitation.participant
    record_consent(session, participant, ConsentKind.STOP, Channel.SMS)
    session.commit()
    assert reload(session, invitation).status == InvitationStatus.CANCELLED
    later = run_tick(session, LogSender(), now=due + timedelta(days=8))
    assert later.reminded == 0
    assert len(session.scalars(select(OutboundMessage)).all()) == 1

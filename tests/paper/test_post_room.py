"""The post room: paper invitations scheduled by post go, when due, into the council's batch for
the day (after the same checks as a text), the dispatcher makes the batch's PDF of covering
letters and forms, staff print it and mark it as posted, and a reminder letter follows."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import io
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from feedback_app.consent import record_consent
from feedback_app.db import db
from feedback_app.dispatch import run_tick
from feedback_app.models import (
    AskedBy, BatchStatus, Channel, ConsentKind, ContactKind, ContactPoint, Invitation, InvitationStatus,
    PaperBatch, PaperLetter, Role, Timing, utcnow,
)
from feedback_app.screening import CONDITIONS
from feedback_app.sms.log_sender import LogSender
from feedback_app.tokens import new_reference_code

from tests.factories import answer, create_enquiry, create_organisation, create_participant, create_user

from .conftest import PASSWORD, audit_events, pdftotext, reload

LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2026, 12, 1, 11, 0, tzinfo=LONDON)
CLEAR = {condition: {"present": False} for condition in CONDITIONS}
ADDRESS = "Flat 2\n14 Mill Lane\nNorthtown\nNT1 2AB"


def due_by_post(session, council, *, now=MORNING, consent=True, checked=True, may_name_council=False,
                language="en"):
    checker = create_user(session, council, Role.PRACTITIONER)
    participant = create_participant(session, create_enquiry(session, council), language=language)
    participant.screening = CLEAR
    session.add(ContactPoint(
        organisation_id=council.id, participant_id=participant.id, kind=ContactKind.POSTAL, value=ADDRESS,
        is_private=True, may_name_council=may_name_council,
        safe_checked_by_id=checker.id if checked else None, safe_checked_at=utcnow() if checked else None))
    invitation = Invitation(
        organisation_id=council.id, participant_id=participant.id, survey_id="msp-experience",
        channel=Channel.PAPER, timing=Timing.AFTER, asked_by=AskedBy.INDEPENDENT,
        status=InvitationStatus.SCHEDULED, reference_code=new_reference_code(),
        due_at=now - timedelta(minutes=1), expires_at=max(now, utcnow()) + timedelta(days=28))
    session.add(invitation)
    session.commit()
    if consent:
        record_consent(session, participant, ConsentKind.GIVEN, Channel.STAFF, how="in_person")
        session.commit()
    return invitation


@pytest.fixture
def tick(app):
    def run(now=MORNING):
        with app.app_context():
            return run_tick(db.session, LogSender(), now=now)
    return run


def batches(session):
    reload(session)
    return session.scalars(select(PaperBatch).order_by(PaperBatch.id)).all()


def test_due_letters_go_into_one_batch_for_the_day_after_the_checks(session, council, tick, tmp_path):
    first = due_by_post(session, council)
    second = due_by_post(session, council, language="cy", may_name_council=True)
    unwilling = due_by_post(session, council, consent=False)
    unchecked = due_by_post(session, council, checked=False)
    later = due_by_post(session, council, now=MORNING + timedelta(days=2))
    summary = tick()
    assert (summary.batched, summary.batches, summary.cancelled) == (2, 1, 2)
    [batch] = batches(session)
    assert (batch.status, batch.form_count, batch.rendered_count) == (BatchStatus.READY, 2, 2)
    assert batch.batch_date == MORNING.date()
    letters = session.scalars(select(PaperLetter.invitation_id).order_by(PaperLetter.id)).all()
    assert letters == [first.id, second.id]
    assert reload(session, unwilling).status == InvitationStatus.CANCELLED
    assert reload(session, unwilling).last_error == "no_consent"
    assert reload(session, unchecked).last_error == "no_safe_address"
    assert reload(session, later).status == InvitationStatus.SCHEDULED
    # In the post room until posted: neither sent nor answerable online.
    assert reload(session, first).status == InvitationStatus.SENDING

    pdf = __import__("base64").b64decode(batch.pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2 * (1 + 7)
    pages = [" ".join(page.split()) for page in pdftotext(pdf, tmp_path).split("\f")]
    assert "Flat 2 14 Mill Lane Northtown NT1 2AB" in pages[0]
    assert "We are sending you a form." in pages[0] and "Northshire Council" not in pages[0].split("Flat 2")[0]
    assert f"Form code {first.reference_code} Page 1 of 7" in pages[1]
    # The Welsh participant said letters may name the council: the sender line shows it.
    assert pages[8].startswith("Northshire Council Flat 2")
    assert f"{second.reference_code}" in pages[9]
    # A second pass finds nothing more to do.
    assert (tick().batched, tick().batches) == (0, 0)


def test_a_large_batch_shows_progress_and_is_made_by_the_dispatcher(session, council, tick, app):
    for _ in range(12):
        due_by_post(session, council)
    from feedback_app.dispatch import post_room

    seen = []
    original = post_room._still_ours

    def watching(db_session, batch_id, worker, **values):
        if "rendered_count" in values:
            seen.append(values["rendered_count"])
        return original(db_session, batch_id, worker, **values)

    post_room._still_ours = watching
    try:
        tick()
    finally:
        post_room._still_ours = original
    assert seen == [10, 12, 12]
    [batch] = batches(session)
    assert batch.status == BatchStatus.READY


def test_posting_sends_the_invitations_and_starts_the_reminder_clock(client_request, session, council, tick,
                                                                     practitioner, tmp_path):
    invitation = due_by_post(session, council)
    tick()
    [batch] = batches(session)
    client_request.login(practitioner, PASSWORD)
    page = client_request.get("/paper/batches")
    assert "Ready to print" in page.text
    page = client_request.get(f"/paper/batches/{batch.id}")
    assert page.h1 == "Letters for the post on 1 December 2026"
    response = client_request.client.get(f"/paper/batches/{batch.id}.pdf")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert [e.target_id for e in audit_events(session, "paper_batch_downloaded")] == [batch.id]
    client_request.post(f"/paper/batches/{batch.id}/posted")
    assert "The batch is marked as posted." in client_request.get(f"/paper/batches/{batch.id}").text
    invitation = reload(session, invitation)
    assert invitation.status == InvitationStatus.SENT
    assert invitation.reminder_due_at - invitation.sent_at == timedelta(days=7)
    assert reload(session, batch).status == BatchStatus.POSTED

    # A week later: the reminder letter, with a fresh copy of the form, goes into that day's batch.
    reminder_due = invitation.reminder_due_at
    summary = tick(reminder_due + timedelta(minutes=1))
    assert summary.batched == 1
    reminder_batch = batches(session)[-1]
    letter = session.scalar(select(PaperLetter).where(PaperLetter.batch_id == reminder_batch.id))
    assert letter.reminder and letter.invitation_id == invitation.id
    text = pdftotext(__import__("base64").b64decode(reminder_batch.pdf), tmp_path)
    assert "Here is another copy" in " ".join(text.split())
    # Only one reminder, and the first batch's PDF (it has addresses) goes a week after posting.
    later = reminder_due + timedelta(days=8)
    assert tick(later).batched == 0
    assert reload(session, batch).pdf is None and reload(session, batch).purged_at is not None


def test_no_reminder_once_the_form_is_back(session, council, tick, app):
    invitation = due_by_post(session, council)
    tick()
    [batch] = batches(session)
    with app.app_context():
        from feedback_app.dispatch.post_room import mark_posted

        mark_posted(db.session, db.session.get(PaperBatch, batch.id), create_user(session, council),
                    now=MORNING + timedelta(hours=2))
    invitation = reload(session, invitation)
    reminder_due = invitation.reminder_due_at
    assert reminder_due is not None
    answer(session, invitation, ("consent", "yes"), channel=Channel.PAPER, submit=True)
    assert tick(reminder_due + timedelta(minutes=1)).batched == 0


def test_a_letter_withdrawn_before_posting_is_named_and_not_sent(client_request, session, council, tick,
                                                                  practitioner):
    invitation = due_by_post(session, council)
    tick()
    [batch] = batches(session)
    record_consent(session, invitation.participant, ConsentKind.WITHDRAWN, Channel.STAFF)
    session.commit()
    client_request.login(practitioner, PASSWORD)
    page = client_request.get(f"/paper/batches/{batch.id}")
    assert "Do not post the letters with these form codes" in page.text and invitation.reference_code in page.text
    client_request.post(f"/paper/batches/{batch.id}/posted")
    assert reload(session, invitation).status != InvitationStatus.SENT


def test_another_councils_batches_are_not_found(client_request, session, council, tick):
    due_by_post(session, council)
    tick()
    [batch] = batches(session)
    other = create_organisation(session, name="Southbay Council")
    stranger = create_user(session, other, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(stranger, PASSWORD)
    client_request.get(f"/paper/batches/{batch.id}", expected_status=404)
    assert client_request.client.get(f"/paper/batches/{batch.id}.pdf").status_code == 404
    assert client_request.client.post(f"/paper/batches/{batch.id}/posted").status_code == 404
    assert "There are no batches yet" in client_request.get("/paper/batches").text


def test_feedback_can_be_scheduled_by_post(client_request, session, council, practitioner):
    from tests.casework.conftest import add_adult, add_checked_mobile, answer_screening, give_consent, register

    enquiry = register(session, council, practitioner, closed=datetime.now(LONDON).date() - timedelta(days=3))
    person = add_adult(session, enquiry, practitioner)
    answer_screening(session, person, practitioner)
    give_consent(session, person, practitioner)
    add_checked_mobile(session, person, practitioner)
    client_request.login(practitioner, PASSWORD)
    data = {"timing": "after", "days_after_closure": "14", "asked_by": "independent", "channel": "paper",
            "link_days": "28"}
    page = client_request.post(f"/casework/participants/{person.id}/schedule", data, expected_status=200,
                               allow_checked_radios=True)
    assert page.error_messages() == ["There is no postal address with a completed safe-contact check: ask by "
                                     "text, or add and check an address"]
    session.add(ContactPoint(organisation_id=council.id, participant_id=person.id, kind=ContactKind.POSTAL,
                             value=ADDRESS, is_private=True, safe_checked_by_id=practitioner.id,
                             safe_checked_at=utcnow()))
    session.commit()
    client_request.post(f"/casework/participants/{person.id}/schedule", data)
    invitation = reload(session) or session.scalar(select(Invitation).where(Invitation.participant_id == person.id))
    assert invitation.channel == Channel.PAPER and invitation.reference_code
    participant_page = client_request.get(f"/casework/participants/{person.id}")
    assert f"/paper/{invitation.reference_code}.pdf?format=easy-read" in participant_page.html

"""The first text: sent once, through the log backend, with a link that opens the questionnaire;
and never sent when consent, screening or a safe number is missing."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from feedback_app.consent import record_consent
from feedback_app.models import Channel, ConsentKind, InvitationStatus
from feedback_app.tokens import hash_token

from .conftest import TUESDAY_MORNING, audit_actions, make_due, messages_for, reload


def test_a_due_invitation_is_sent_once_with_a_working_link(app, session, client, tick):
    due = make_due(session)
    summary = tick()
    assert (summary.sent, summary.deferred, summary.cancelled, summary.failed) == (1, 0, 0, 0)
    assert tick().sent == 0

    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.SENT
    assert invitation.sent_at == TUESDAY_MORNING
    assert invitation.provider_message_id.startswith("log-")
    assert invitation.reminder_due_at == TUESDAY_MORNING + timedelta(days=7)
    assert invitation.claimed_by is None
    assert audit_actions(session, invitation).count("invitation_sent") == 1

    [message] = messages_for(session, invitation)
    assert (message.backend, message.purpose, message.status) == ("log", "invitation", "sent")
    assert message.recipient == "+447700900123"
    assert message.provider_id == invitation.provider_message_id
    link = next(word for word in message.body.split() if "/s/" in word)
    assert link.startswith(f"{app.config['PUBLIC_BASE_URL']}/s/")
    assert hash_token(link.rsplit("/", 1)[1]) == invitation.token_hash

    response = client.get(link.replace(app.config["PUBLIC_BASE_URL"], ""))
    assert response.status_code == 302 and response.headers["Location"].endswith("/questionnaire")
    assert client.get("/questionnaire").status_code == 200


def test_texts_are_encrypted_at_rest(session, tick):
    due = make_due(session)
    tick()
    [message] = messages_for(session, due.invitation)
    stored = session.execute(
        text("SELECT recipient, body FROM outbound_message WHERE id = :id"), {"id": message.id}).one()
    assert "7700900123" not in stored.recipient
    assert "/s/" not in stored.body and "STOP" not in stored.body


@pytest.mark.parametrize("change, reason", [
    ({"consent": False}, "no_consent"),
    ({"screening": False}, "screening"),
    ({"safe_checked": False}, "no_safe_contact"),
])
def test_nothing_is_sent_without_every_check(session, tick, change, reason):
    due = make_due(session, **change)
    summary = tick()
    assert (summary.sent, summary.cancelled) == (0, 1)
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.CANCELLED
    assert invitation.last_error == reason
    assert messages_for(session, invitation) == []
    assert "invitation_cancelled" in audit_actions(session, invitation)


def test_consent_withdrawn_before_the_text_is_due_means_no_text(session, tick):
    due = make_due(session)
    record_consent(session, due.participant, ConsentKind.WITHDRAWN, Channel.STAFF, how="by_phone")
    session.commit()
    assert tick().sent == 0
    assert reload(session, due.invitation).status == InvitationStatus.CANCELLED
    assert messages_for(session, due.invitation) == []


def test_consent_changed_to_later_is_caught_by_the_check_before_sending(session, tick):
    # "Later" does not cancel invitations by itself; the dispatcher's own check must.
    due = make_due(session)
    record_consent(session, due.participant, ConsentKind.LATER, Channel.STAFF, how="by_phone")
    session.commit()
    assert tick().cancelled == 1
    assert reload(session, due.invitation).last_error == "no_consent"


def test_a_purged_number_is_not_texted(session, tick):
    due = make_due(session)
    due.contact.value = None
    due.contact.purged_at = TUESDAY_MORNING
    session.commit()
    assert tick().cancelled == 1
    assert reload(session, due.invitation).last_error == "no_safe_contact"


def test_only_text_invitations_that_are_due_are_sent(session, tick):
    paper = make_due(session)
    paper.invitation.channel = Channel.PAPER
    later = make_due(session)
    later.invitation.due_at = TUESDAY_MORNING + timedelta(hours=1)
    session.commit()
    assert tick().sent == 0
    assert reload(session, later.invitation).status == InvitationStatus.SCHEDULED
    # A paper invitation goes to the post room, never to a phone: with no safe address there,
    # it is cancelled rather than texted.
    assert messages_for(session, paper.invitation) == []
    paper_invitation = reload(session, paper.invitation)
    assert (paper_invitation.status, paper_invitation.last_error) == (InvitationStatus.CANCELLED, "no_safe_address")


def test_work_of_every_council_is_done_in_one_pass(session, tick):
    first, second = make_due(session), make_due(session)
    assert first.council.id != second.council.id
    assert tick().sent == 2


def test_a_claim_abandoned_by_a_stopped_dispatcher_is_taken_up(session, tick):
    due = make_due(session)
    due.invitation.status = InvitationStatus.SENDING
    due.invitation.claimed_by = "stopped-host:1:abc"
    due.invitation.claimed_at = TUESDAY_MORNING - timedelta(minutes=5)
    session.commit()
    assert tick().sent == 0, "a recent claim belongs to a dispatcher that may still be working"
    assert tick(now=TUESDAY_MORNING + timedelta(minutes=6)).sent == 1
    assert reload(session, due.invitation).status == InvitationStatus.SENT


def test_a_text_that_may_have_gone_is_not_sent_again(session, tick):
    """A dispatcher stopped after handing the text over but before recording it."""
    due = make_due(session)
    tick()
    invitation = reload(session, due.invitation)
    invitation.status = InvitationStatus.SENDING
    invitation.claimed_by = "stopped-host:1:abc"
    invitation.claimed_at = TUESDAY_MORNING
    [message] = messages_for(session, invitation)
    message.status = "sending"
    session.commit()
    summary = tick(now=TUESDAY_MORNING + timedelta(minutes=11))
    assert (summary.sent, summary.failed) == (0, 1)
    invitation = reload(session, invitation)
    assert invitation.status == InvitationStatus.FAILED
    assert invitation.last_error == "outcome_unknown"
    assert [m.status for m in messages_for(session, invitation)] == ["unknown"]


@pytest.mark.parametrize("may_name_council", [True, False])
def test_the_council_is_named_only_where_the_person_allowed_it(session, tick, may_name_council):
    due = make_due(session, may_name_council=may_name_council)
    tick()
    [message] = messages_for(session, due.invitation)
    assert ("Northshire County Council" in message.body) == may_name_council
    for word in ("abuse", "harm", "safeguard"):
        assert word not in message.body.lower()


def test_the_text_is_written_in_the_persons_language(session, tick, monkeypatch):
    from feedback_app.dispatch import sending

    languages = []
    real = sending.invitation_text

    def recording(language, link, council_name=None):
        languages.append(language)
        return real(language, link, council_name)

    monkeypatch.setattr(sending, "invitation_text", recording)
    due = make_due(session, language="cy")
    assert tick().sent == 1
    assert languages == ["cy"]
    [message] = messages_for(session, due.invitation)
    assert "/s/" in message.body

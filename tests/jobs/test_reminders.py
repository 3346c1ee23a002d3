"""One reminder at most, only to people who have not answered and still agree, with a new link."""
from datetime import timedelta

from feedback_app.consent import record_consent
from feedback_app.models import Channel, ConsentKind, InvitationStatus, Response, ResponseStatus
from feedback_app.sms.sender import TemporaryFailure
from feedback_app.tokens import hash_token
from tests.factories import answer, create_organisation

from .conftest import TUESDAY_MORNING, ScriptedSender, audit_actions, make_due, messages_for, reload

A_WEEK_LATER = TUESDAY_MORNING + timedelta(days=7)


def link_in(message):
    return next(word for word in message.body.split() if "/s/" in word)


def sent(session, tick, **options):
    due = make_due(session, **options)
    assert tick().sent == 1
    return due


def test_one_reminder_with_a_new_link_and_the_first_still_works(app, session, client, tick):
    due = sent(session, tick)
    assert tick(now=A_WEEK_LATER - timedelta(minutes=1)).reminded == 0
    assert tick(now=A_WEEK_LATER).reminded == 1
    assert tick(now=A_WEEK_LATER + timedelta(days=3)).reminded == 0

    invitation = reload(session, due.invitation)
    assert invitation.reminders_sent == 1 and invitation.claimed_by is None
    first, reminder = messages_for(session, invitation)
    assert (reminder.purpose, reminder.status) == ("reminder", "sent")
    assert "Hello again" in reminder.body
    new_link, old_link = link_in(reminder), link_in(first)
    assert hash_token(new_link.rsplit("/", 1)[1]) == invitation.token_hash
    base = app.config["PUBLIC_BASE_URL"]
    # Someone who stopped part way was told the same link takes them back: it still does.
    assert hash_token(old_link.rsplit("/", 1)[1]) == invitation.previous_token_hash
    assert client.get(old_link.replace(base, "")).status_code == 302
    assert client.get(new_link.replace(base, "")).status_code == 302
    assert client.get("/s/" + "x" * 43).status_code == 404
    assert audit_actions(session, invitation).count("reminder_sent") == 1


def test_no_reminder_after_the_questionnaire_was_sent(session, tick):
    due = sent(session, tick)
    response = answer(session, reload(session, due.invitation), ("consent", "yes"), submit=True)
    assert tick(now=A_WEEK_LATER).reminded == 0
    invitation = reload(session, due.invitation)
    assert invitation.reminders_sent == 0 and invitation.reminder_due_at is None
    assert [m.purpose for m in messages_for(session, invitation)] == ["invitation"]
    assert session.get(Response, response.id).status == ResponseStatus.SUBMITTED


def test_no_reminder_once_consent_is_not_given(session, tick):
    due = sent(session, tick)
    record_consent(session, due.participant, ConsentKind.LATER, Channel.STAFF, how="by_phone")
    session.commit()
    assert tick(now=A_WEEK_LATER).reminded == 0
    invitation = reload(session, due.invitation)
    assert invitation.status == InvitationStatus.SENT, "the link the person has keeps working"
    assert invitation.reminder_due_at is None
    assert "reminder_dropped" in audit_actions(session, invitation)


def test_a_reminder_waits_for_a_decent_hour(session, tick):
    due = sent(session, tick)
    sunday = TUESDAY_MORNING + timedelta(days=12)
    assert tick(now=sunday).deferred == 1
    assert reload(session, due.invitation).reminder_due_at == sunday + timedelta(days=1, hours=-2)
    assert tick(now=sunday + timedelta(days=1, hours=-2)).reminded == 1


def test_councils_can_turn_reminders_off(session, tick):
    council = create_organisation(session, settings={"reminders": False})
    due = sent(session, tick, council=council)
    assert reload(session, due.invitation).reminder_due_at is None
    assert tick(now=A_WEEK_LATER).reminded == 0


def test_a_council_sets_when_the_reminder_goes(session, tick):
    council = create_organisation(session, settings={"reminder_after_days": 3})
    due = sent(session, tick, council=council)
    assert reload(session, due.invitation).reminder_due_at == TUESDAY_MORNING + timedelta(days=3)


def test_a_reminder_that_fails_leaves_the_first_link_working(session, tick):
    due = sent(session, tick)
    token_hash = reload(session, due.invitation).token_hash
    summary = tick(now=A_WEEK_LATER, sender=ScriptedSender(TemporaryFailure("HTTP 503")))
    assert (summary.reminded, summary.retrying) == (0, 1)
    invitation = reload(session, due.invitation)
    assert invitation.token_hash == token_hash and invitation.reminders_sent == 0
    assert invitation.reminder_due_at == A_WEEK_LATER + timedelta(minutes=5)
    assert tick(now=A_WEEK_LATER + timedelta(minutes=5)).reminded == 1

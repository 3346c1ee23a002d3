"""Old invitations expire, and contact details go once nobody needs them."""
from datetime import timedelta

from sqlalchemy import text

from feedback_app.dispatch.settings import contact_retention_days
from feedback_app.models import InvitationStatus, utcnow
from tests.factories import create_organisation

from .conftest import TUESDAY_MORNING, audit_actions, make_due, messages_for, reload


def test_invitations_past_their_expiry_expire(session, tick):
    sent = make_due(session, expires_in=timedelta(days=1))
    assert tick().sent == 1
    scheduled = make_due(session, now=TUESDAY_MORNING + timedelta(days=5), expires_in=timedelta(days=1))
    later = make_due(session, now=TUESDAY_MORNING + timedelta(days=5), expires_in=timedelta(days=30))
    moment = max(reload(session, sent.invitation).expires_at, reload(session, scheduled.invitation).expires_at)

    summary = tick(now=moment)
    assert (summary.expired, summary.sent) == (2, 1)
    assert reload(session, sent.invitation).status == InvitationStatus.EXPIRED
    assert reload(session, scheduled.invitation).status == InvitationStatus.EXPIRED
    assert reload(session, later.invitation).status == InvitationStatus.SENT
    assert tick(now=moment).expired == 0
    assert audit_actions(session, sent.invitation).count("invitation_expired") == 1


def test_an_expired_invitation_is_never_sent(session, tick):
    due = make_due(session, expires_in=timedelta(days=1))
    moment = reload(session, due.invitation).expires_at
    assert tick(now=moment).sent == 0
    assert reload(session, due.invitation).status == InvitationStatus.EXPIRED


def _ended(session, tick, status=InvitationStatus.COMPLETED, **options):
    due = make_due(session, **options)
    assert tick().sent == 1
    invitation = reload(session, due.invitation)
    invitation.status = status
    session.commit()
    return due


def test_contact_details_go_after_the_retention_period(session, tick):
    due = _ended(session, tick)
    last = max(utcnow(), TUESDAY_MORNING)
    assert tick(now=last + timedelta(days=13)).purged == 0
    assert reload(session, due.contact).value == "+447700900123"
    assert tick(now=last + timedelta(days=15)).purged == 1
    contact = reload(session, due.contact)
    assert (contact.value, contact.code_word) == (None, None)
    assert contact.purged_at == last + timedelta(days=15)
    [message] = messages_for(session, due.invitation)
    assert (message.recipient, message.body, message.status) == (None, None, "sent")
    stored = session.execute(text("SELECT value, code_word FROM contact_point WHERE id = :id"),
                             {"id": contact.id}).one()
    assert tuple(stored) == (None, None)
    assert "contact_point_purged" in audit_actions(session, contact)
    assert tick(now=last + timedelta(days=16)).purged == 0


def test_details_stay_while_any_invitation_is_pending(session, tick):
    due = make_due(session)
    assert tick(now=max(utcnow(), TUESDAY_MORNING) + timedelta(days=20)).purged == 0
    assert reload(session, due.contact).purged_at is None


def test_a_date_set_for_purging_is_kept_even_while_pending(session, tick):
    due = make_due(session)
    due.contact.purge_after = TUESDAY_MORNING - timedelta(minutes=1)
    session.commit()
    summary = tick()
    assert (summary.purged, summary.sent, summary.cancelled) == (1, 0, 1)
    assert reload(session, due.contact).value is None
    assert reload(session, due.invitation).last_error == "no_safe_contact"


def test_the_councils_retention_period(session, tick):
    council = create_organisation(session, settings={"contact_retention_days": 2})
    due = _ended(session, tick, status=InvitationStatus.CANCELLED, council=council)
    assert tick(now=max(utcnow(), TUESDAY_MORNING) + timedelta(days=3)).purged == 1
    assert reload(session, due.contact).purged_at is not None


def test_retention_settings_fall_back_to_the_default():
    assert contact_retention_days({}) == 14
    assert contact_retention_days({"contact_retention_days": "thirty"}) == 14
    assert contact_retention_days({"contact_retention_days": 30}) == 30


def test_texts_from_the_phone_and_replies_to_it_go_with_the_contact_details(session, tick, app):
    from sqlalchemy import select

    from feedback_app.models import InboundMessage, OutboundMessage
    from feedback_app.phones import phone_hash

    due = _ended(session, tick)
    with app.app_context():
        hashed = phone_hash("+447700900123")
    session.add_all([
        InboundMessage(message_sid="SM" + "1" * 32, organisation_id=due.council.id, phone_hash=hashed, backend="log",
                       sender="+447700900123", body="Who is this?", outcome="neutral"),
        OutboundMessage(organisation_id=due.council.id, channel=due.invitation.channel, backend="log",
                        purpose="reply", recipient="+447700900123", phone_hash=hashed, body="Thank you.",
                        status="sent"),
    ])
    session.commit()
    last = max(utcnow(), TUESDAY_MORNING)
    assert tick(now=last + timedelta(days=15)).purged == 1
    reload(session)
    inbound = session.scalar(select(InboundMessage))
    reply = session.scalar(select(OutboundMessage).where(OutboundMessage.purpose == "reply"))
    assert (inbound.sender, inbound.body, reply.recipient, reply.body) == (None, None, None, None)
    assert inbound.purged_at is not None and reply.purged_at is not None

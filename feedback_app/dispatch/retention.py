"""Ending invitations that ran out of time, and removing contact details nobody needs any more.

Contact details go when the council set a date for them (``purge_after``), or once every
invitation to the person has ended and stayed ended for the council's retention period. The
rows stay, emptied, as a record that contact was made; texts sent to the number lose their
recipient and words with it.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select, union_all, update
from sqlalchemy.orm import Session

from .. import audit
from ..models import (
    ConsentEvent, ContactKind, ContactPoint, InboundMessage, Invitation, InvitationStatus, Organisation,
    OutboundMessage, Response,
)
from ..phones import phone_hash
from . import settings
from .claims import locked_ids

EXPIRABLE = (InvitationStatus.SCHEDULED, InvitationStatus.SENT, InvitationStatus.OPENED)
ENDED = (InvitationStatus.COMPLETED, InvitationStatus.EXPIRED, InvitationStatus.CANCELLED, InvitationStatus.FAILED)


def expire_invitations(session: Session, now: datetime) -> int:
    """Mark every unanswered invitation past its expiry as expired; say how many.

    Rows another dispatcher has locked are skipped (on PostgreSQL) rather than waited for: that
    dispatcher is about to finish with them, and the next pass expires whatever it left.
    """
    conditions = (Invitation.status.in_(EXPIRABLE), Invitation.expires_at <= now)
    expired = session.execute(
        update(Invitation)
        .where(Invitation.id.in_(locked_ids(select(Invitation.id).where(*conditions))), *conditions)
        .values(status=InvitationStatus.EXPIRED, next_attempt_at=None)
        .returning(Invitation.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    if expired:
        for invitation in session.scalars(select(Invitation).where(Invitation.id.in_(expired))):
            audit.record(session, "invitation_expired", invitation)
    session.commit()
    return len(expired)


def _activity():
    """(participant, time) for every kept time at or after which an invitation could have ended.

    Invitations keep no "ended at", so the latest of these stands in for it; erring late keeps
    details a little longer rather than purging them early.
    """
    return union_all(
        select(Invitation.participant_id.label("participant_id"), Invitation.created_at.label("at")),
        select(Invitation.participant_id, Invitation.sent_at),
        select(Invitation.participant_id, Invitation.claimed_at),
        select(Invitation.participant_id, Invitation.expires_at).where(Invitation.status == InvitationStatus.EXPIRED),
        select(Response.participant_id, Response.submitted_at),
        select(ConsentEvent.participant_id, ConsentEvent.created_at),
    ).subquery()


def _due_for_purge(session: Session, now: datetime) -> list[ContactPoint]:
    not_purged = ContactPoint.purged_at.is_(None)
    scheduled = list(session.scalars(select(ContactPoint).where(not_purged, ContactPoint.purge_after <= now)))
    any_invitation = exists().where(Invitation.participant_id == ContactPoint.participant_id)
    pending = exists().where(Invitation.participant_id == ContactPoint.participant_id,
                             Invitation.status.not_in(ENDED))
    finished = session.scalars(
        select(ContactPoint)
        .where(not_purged, any_invitation, ~pending,
               or_(ContactPoint.purge_after.is_(None), ContactPoint.purge_after > now))
    ).all()
    if finished:
        activity = _activity()
        last_activity = dict(session.execute(
            select(activity.c.participant_id, func.max(activity.c.at))
            .where(activity.c.participant_id.in_(sorted({contact.participant_id for contact in finished})))
            .group_by(activity.c.participant_id)
        ).all())
        retention = {}
        for contact in finished:
            if contact.organisation_id not in retention:
                council = session.get(Organisation, contact.organisation_id)
                retention[contact.organisation_id] = timedelta(days=settings.contact_retention_days(council.settings))
            last = last_activity.get(contact.participant_id)
            if last is not None and last <= now - retention[contact.organisation_id]:
                scheduled.append(contact)
    # The same order in every dispatcher, so two purging at once wait for each other, never deadlock.
    return sorted(scheduled, key=lambda contact: contact.id)


def purge_contact_details(session: Session, now: datetime) -> int:
    """Empty the contact points that are due, and the texts sent to them; say how many."""
    purged = 0
    for contact in _due_for_purge(session, now):
        hashed = phone_hash(contact.value) if contact.kind == ContactKind.PHONE and contact.value else None
        # Conditional, so that two dispatchers purging at once record it once.
        emptied = session.execute(
            update(ContactPoint).where(ContactPoint.id == contact.id, ContactPoint.purged_at.is_(None))
            .values(value=None, code_word=None, purged_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not emptied:
            continue
        purged += 1
        invitations = select(Invitation.id).where(Invitation.participant_id == contact.participant_id)
        session.execute(
            update(OutboundMessage)
            .where(OutboundMessage.invitation_id.in_(invitations), OutboundMessage.purged_at.is_(None))
            .values(recipient=None, body=None, purged_at=now)
            .execution_options(synchronize_session=False)
        )
        if hashed:
            # Replies to the phone and what came from it (kept only by the development backend).
            for model, columns in ((OutboundMessage, {"recipient": None}), (InboundMessage, {"sender": None})):
                session.execute(
                    update(model).where(model.phone_hash == hashed, model.organisation_id == contact.organisation_id,
                                        model.purged_at.is_(None))
                    .values(body=None, purged_at=now, **columns).execution_options(synchronize_session=False))
        scheduled = contact.purge_after is not None and contact.purge_after <= now
        audit.record(session, "contact_point_purged", contact, scheduled=scheduled)
    session.commit()
    return purged

"""Consent: an append-only ledger, and the state derived from it.

Every channel (web, text, paper, advocate, staff) records consent through ``record_consent``.
The latest event decides the state, so a withdrawal by any route wins as soon as it is written,
and anything still waiting to be sent to that person is cancelled in the same transaction.
"""
from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from . import audit
from .models import (
    Channel, ConsentEvent, ConsentKind, ConsentState, Invitation, InvitationStatus, Participant,
)

STATE_AFTER = {
    ConsentKind.GIVEN: ConsentState.GIVEN,
    ConsentKind.DECLINED: ConsentState.DECLINED,
    ConsentKind.LATER: ConsentState.LATER,
    ConsentKind.WITHDRAWN: ConsentState.WITHDRAWN,
    ConsentKind.ERASE_REQUESTED: ConsentState.WITHDRAWN,
    ConsentKind.STOP: ConsentState.WITHDRAWN,
    # START lifts a text STOP but is not agreement: the person has to be asked again.
    ConsentKind.START: ConsentState.UNKNOWN,
}
# Events that end every pending invitation for the participant.
STOPPING = {ConsentKind.DECLINED, ConsentKind.WITHDRAWN, ConsentKind.ERASE_REQUESTED, ConsentKind.STOP}
PENDING = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT, InvitationStatus.OPENED)


def consent_state(session: Session, participant_id: int) -> ConsentState:
    """The participant's consent as the ledger now stands."""
    kinds = session.scalars(
        select(ConsentEvent.kind)
        .where(ConsentEvent.participant_id == participant_id, ConsentEvent.kind != ConsentKind.ERASED)
        .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc())
        .limit(1)
    ).all()
    return STATE_AFTER[kinds[0]] if kinds else ConsentState.UNKNOWN


def consent_states(session: Session, participant_ids) -> dict[int, ConsentState]:
    """``consent_state`` for many participants in one query (those with no events are UNKNOWN)."""
    ids = list(participant_ids)
    if not ids:
        return {}
    ranked = select(
        ConsentEvent.participant_id, ConsentEvent.kind,
        func.row_number().over(partition_by=ConsentEvent.participant_id,
                               order_by=(ConsentEvent.created_at.desc(), ConsentEvent.id.desc())).label("rank"),
    ).where(ConsentEvent.participant_id.in_(ids), ConsentEvent.kind != ConsentKind.ERASED).subquery()
    latest = dict(session.execute(select(ranked.c.participant_id, ranked.c.kind).where(ranked.c.rank == 1)).all())
    return {pid: STATE_AFTER[latest[pid]] if pid in latest else ConsentState.UNKNOWN for pid in ids}


def may_contact(session: Session, participant_id: int) -> bool:
    return consent_state(session, participant_id) == ConsentState.GIVEN


def record_consent(session: Session, participant: Participant, kind: ConsentKind, channel: Channel, *,
                   actor=None, how: str | None = None, note: str | None = None) -> ConsentEvent:
    """Append a consent event and apply what follows from it, without committing."""
    event = ConsentEvent(
        organisation_id=participant.organisation_id, participant_id=participant.id, kind=kind,
        channel=channel, actor_user_id=getattr(actor, "id", None), how=how, note=note,
    )
    session.add(event)
    cancelled = 0
    if kind in STOPPING:
        cancelled = session.execute(
            update(Invitation)
            .where(Invitation.participant_id == participant.id, Invitation.status.in_(PENDING))
            .values(status=InvitationStatus.CANCELLED)
            .execution_options(synchronize_session="fetch")
        ).rowcount
    session.flush()
    audit.record(session, f"consent_{kind.value}", participant, user=actor, channel=channel.value,
                 invitations_cancelled=cancelled)
    return event

"""Claiming work, so that dispatchers running at once never handle the same invitation.

A claim is one UPDATE that marks rows with this pass's worker id and returns the ids it marked.
On PostgreSQL the rows are chosen with ``FOR UPDATE SKIP LOCKED``, so a second dispatcher takes
the next rows instead of waiting for (and then re-checking) the first one's. SQLite runs one
writer at a time and takes its write lock before the statement reads anything, so the same
conditional UPDATE is atomic there too; the repeated conditions make it a no-op for any row
another pass changed first. Every later change to a claimed row is made only while the row
still carries this worker's id (``still_claimed``).
"""
from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from ..models import Channel, Invitation, InvitationStatus

# A dispatcher that stops mid-send leaves its claims behind; after this long another may take them.
CLAIM_TIMEOUT = timedelta(minutes=10)
REMINDABLE = (InvitationStatus.SENT, InvitationStatus.OPENED)


def new_worker_id() -> str:
    """Unique to one pass of one dispatcher; the host and process say where it ran."""
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _due_invitations(now: datetime):
    return (
        Invitation.channel == Channel.SMS,
        Invitation.expires_at > now,
        or_(
            and_(Invitation.status == InvitationStatus.SCHEDULED, Invitation.due_at <= now,
                 or_(Invitation.next_attempt_at.is_(None), Invitation.next_attempt_at <= now)),
            and_(Invitation.status == InvitationStatus.SENDING, Invitation.claimed_at <= now - CLAIM_TIMEOUT),
        ),
    )


def _due_reminders(now: datetime, channel: Channel = Channel.SMS):
    return (
        Invitation.channel == channel,
        Invitation.status.in_(REMINDABLE),
        Invitation.reminders_sent == 0,
        Invitation.reminder_due_at <= now,
        Invitation.expires_at > now,
        or_(Invitation.claimed_by.is_(None), Invitation.claimed_at <= now - CLAIM_TIMEOUT),
    )


def locked_ids(query):
    """``query``'s rows, locked (skipping rows others hold), as a subquery read exactly once.

    Written inline as ``IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT n)``, PostgreSQL may run the
    subquery again for each row it updates, and each run skips the rows the statement has just
    updated, so a claim of three rows can take them all. A materialised CTE runs once.
    """
    chosen = query.with_for_update(skip_locked=True).cte("chosen").prefix_with("MATERIALIZED", dialect="postgresql")
    return select(chosen.c.id)


def _claim(session: Session, conditions, order_by, values: dict, limit: int) -> list[int]:
    chosen = locked_ids(select(Invitation.id).where(*conditions).order_by(*order_by).limit(limit))
    claimed = session.execute(
        update(Invitation)
        .where(Invitation.id.in_(chosen), *conditions)
        .values(**values)
        .returning(Invitation.id)
        .execution_options(synchronize_session=False)
    ).scalars().all()
    session.commit()
    return sorted(claimed)


def claim_due_invitations(session: Session, worker: str, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` invitations whose first text is due (or whose claim was abandoned)."""
    return _claim(session, _due_invitations(now), (Invitation.due_at, Invitation.id),
                  {"status": InvitationStatus.SENDING, "claimed_by": worker, "claimed_at": now}, limit)


def claim_due_reminders(session: Session, worker: str, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` sent invitations whose one reminder is due. Their status stays as it
    is, so the link keeps working while the reminder is prepared."""
    return _claim(session, _due_reminders(now), (Invitation.reminder_due_at, Invitation.id),
                  {"claimed_by": worker, "claimed_at": now}, limit)


def still_claimed(session: Session, invitation_id: int, worker: str, statuses=None, **values) -> bool:
    """Change a claimed invitation only if this worker's claim still holds (and, when given, its
    status is one of ``statuses``); say whether it did.

    A withdrawal of consent cancels invitations without regard to claims, so checking the
    status as well is what stops a text going out after the person said no. The claim is
    released unless ``values`` says otherwise; ``claimed_at`` stays as the time the invitation
    was last handled.
    """
    values.setdefault("claimed_by", None)
    conditions = [Invitation.id == invitation_id, Invitation.claimed_by == worker]
    if statuses is not None:
        conditions.append(Invitation.status.in_(statuses))
    result = session.execute(
        update(Invitation).where(*conditions).values(**values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _due_paper(now: datetime):
    return (
        Invitation.channel == Channel.PAPER,
        Invitation.expires_at > now,
        or_(
            and_(Invitation.status == InvitationStatus.SCHEDULED, Invitation.due_at <= now),
            and_(Invitation.status == InvitationStatus.SENDING, Invitation.claimed_by.is_not(None),
                 Invitation.claimed_at <= now - CLAIM_TIMEOUT),
        ),
    )


def claim_due_paper(session: Session, worker: str, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` paper invitations due to go into the post room's batch. They stay
    ``sending`` (in the post room) once batched, without a claim, until the batch is posted."""
    return _claim(session, _due_paper(now), (Invitation.due_at, Invitation.id),
                  {"status": InvitationStatus.SENDING, "claimed_by": worker, "claimed_at": now}, limit)


def claim_due_paper_reminders(session: Session, worker: str, now: datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` posted paper invitations whose one reminder letter is due."""
    return _claim(session, _due_reminders(now, Channel.PAPER), (Invitation.reminder_due_at, Invitation.id),
                  {"claimed_by": worker, "claimed_at": now}, limit)

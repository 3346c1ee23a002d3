"""One pass of the dispatcher, in the order that keeps people safest: expire and purge first (so
nothing out of date is sent, and no number past its purge date is used), then send, remind,
escalate alerts, and last the post room: batch the letters due, make the batches' PDFs, and empty
those posted a week ago.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from ..answers.lifecycle import end_unfinished
from ..db import unscoped
from ..duty.escalation import escalate_overdue_alerts
from ..models import utcnow
from ..sms.sender import MessageSender
from .claims import claim_due_invitations, claim_due_reminders, new_worker_id
from ..auth.saved_forms import purge_saved_forms
from .erasure import carry_out_erasure_requests
from .post_room import batch_due_letters, purge_posted_batches, render_waiting_batches
from .reminders import recover_reminder, send_reminder
from .response_retention import cut_old_responses
from .retention import expire_invitations, purge_contact_details
from .sending import recover_invitation, send_invitation
from .visits import close_finished_visits, purge_finished_visits

log = logging.getLogger(__name__)

BATCH_SIZE = 50
# Enough for a council's backlog after an outage, while a pass still ends in reasonable time.
MAX_PER_TICK = 2000


@dataclass
class TickSummary:
    sent: int = 0
    reminded: int = 0
    deferred: int = 0
    retrying: int = 0
    cancelled: int = 0
    failed: int = 0
    expired: int = 0
    unfinished: int = 0  # responses stopped before sending whose answers now count
    escalated: int = 0
    purged: int = 0
    batched: int = 0   # letters put into the post room's batches
    batches: int = 0   # batches whose PDF was made
    erased: int = 0    # people whose request to delete what is held about them was carried out
    cut: int = 0       # responses cut from their participants at the end of the retention period

    def count(self, outcome: str) -> None:
        if hasattr(self, outcome):
            setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        return ", ".join(f"{field.name} {getattr(self, field.name)}" for field in fields(self))


def _work_through(session: Session, sender: MessageSender, claim, handle, recover, summary: TickSummary,
                  worker: str, now: datetime, batch_size: int) -> None:
    base_url = current_app.config["PUBLIC_BASE_URL"]
    handled = 0
    while handled < MAX_PER_TICK:
        claimed = claim(session, worker, now, batch_size)
        if not claimed:
            return
        for invitation_id in claimed:
            try:
                summary.count(handle(session, sender, invitation_id, worker, now, base_url))
            except Exception:
                # One bad record must not hold up everyone else's texts.
                log.exception("Invitation %s could not be handled", invitation_id)
                summary.count(recover(session, invitation_id, worker, now))
        handled += len(claimed)


def run_tick(session: Session, sender: MessageSender, *, now: datetime | None = None,
             worker: str | None = None, batch_size: int = BATCH_SIZE) -> TickSummary:
    """Do everything that is due at ``now`` (default: the current time) across every council."""
    now = now or utcnow()
    worker = worker or new_worker_id()
    summary = TickSummary()
    with unscoped(session):
        summary.expired = expire_invitations(session, now)
        summary.unfinished = end_unfinished(session, now)
        close_finished_visits(session, now)
        # Before the purge: an erasure gives the person's contact details a purge date of now.
        summary.erased = carry_out_erasure_requests(session, now)
        summary.purged = purge_contact_details(session, now) + purge_finished_visits(session, now)
        _work_through(session, sender, claim_due_invitations, send_invitation, recover_invitation,
                      summary, worker, now, batch_size)
        _work_through(session, sender, claim_due_reminders, send_reminder, recover_reminder,
                      summary, worker, now, batch_size)
        summary.escalated = escalate_overdue_alerts(session, now=now)
        # After the texts: a first cut of years of answers takes a while (at most about half a
        # minute a pass; the rest is carried on by the next).
        responses = cut_old_responses(session, now)
        summary.cut, summary.purged = responses.cut, summary.purged + responses.deleted
        # Last: making a batch's PDF can take a minute, and nothing else should wait for it.
        post = batch_due_letters(session, worker, now)
        summary.batched, summary.cancelled = post["batched"], summary.cancelled + post["cancelled"]
        summary.batches = render_waiting_batches(session, worker, now)
        summary.purged += purge_posted_batches(session, now)
        summary.purged += purge_saved_forms(session, now)
    return summary

"""The post room: the dispatcher puts paper invitations that are due (and reminders that are due)
into the council's batch for the day, checking consent, screening and a safe postal address
again first, as it does before a text; it then makes each batch's PDF (for each person a covering
letter for a window envelope, then their form), a few people at a time so that the batch page
can show progress. Staff download the PDF, post the letters and mark the batch as posted, which
starts the reminder clock. The PDF holds addresses: it is encrypted, and emptied a week after
posting.

No web worker ever renders a batch: only the dispatcher (``flask jobs tick``) does.
"""
from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, format_date
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import audit
from ..capacity import direct_contact_allowed
from ..consent import may_contact
from ..models import (
    BatchStatus, ContactKind, ContactPoint, Invitation, InvitationStatus, Organisation, PaperBatch, PaperLetter,
    Participant, Response, utcnow,
)
from ..paper.codes import open_keyings
from ..paper.pdf import build_form, symbols_dir, words
from ..paper.printing import print_runs
from ..questionnaire.model import N_
from ..screening import screening_clear
from . import settings as dispatch_settings
from .checks import safe_contact
from .claims import CLAIM_TIMEOUT, claim_due_paper, claim_due_paper_reminders, still_claimed
from .reasons import failure
from .timing import LONDON

log = logging.getLogger(__name__)

PEOPLE_PER_STEP = 10
KEEP_POSTED_PDF = timedelta(days=7)
CLAIM_LIMIT = 200
SENDING = (InvitationStatus.SENDING,)

LETTER = {
    "hello": N_("Hello,"),
    "first": N_("We are sending you a form. It asks what you think about the help you got to stay safe."),
    "reminder": N_("We sent you a form a little while ago. Here is another copy, in case you want it."),
    "optional": N_("You do not have to fill it in. Nothing about your support will change, whatever you decide."),
    "return": N_("If you want to answer, please post the form back in the envelope by %(date)s. You do not need a "
                 "stamp. Or give it to your advocate."),
    "already": N_("If you have already sent it back, thank you: you do not need to do anything."),
    "phone": N_("Call %(phone)s if you have a question, or if you do not want to get letters like this."),
    "no_phone": N_("Tell us if you do not want to get letters like this."),
    "thanks": N_("Thank you."),
}
TITLE = N_("Forms for the post")


def local_today(now: datetime) -> date:
    return now.astimezone(LONDON).date()


def safe_address(session: Session, participant_id: int) -> ContactPoint | None:
    return safe_contact(session, participant_id, ContactKind.POSTAL)


def post_check(session: Session, invitation: Invitation) -> str | None:
    """Why this person may not be sent a letter now, or None if they may."""
    participant = session.get(Participant, invitation.participant_id)
    if not may_contact(session, participant.id):
        return "no_consent"
    if not direct_contact_allowed(participant):
        return "capacity"
    if not screening_clear(participant.screening):
        return "screening"
    if safe_address(session, participant.id) is None:
        return "no_safe_address"
    return None


def _todays_batch(session: Session, organisation_id: int, today: date) -> PaperBatch:
    """The council's batch for today that is still collecting letters, made if there is none."""
    batch = session.scalar(select(PaperBatch).where(
        PaperBatch.organisation_id == organisation_id, PaperBatch.batch_date == today,
        PaperBatch.status == BatchStatus.WAITING, PaperBatch.claimed_by.is_(None)).with_for_update())
    if batch is None:
        batch = PaperBatch(organisation_id=organisation_id, batch_date=today, status=BatchStatus.WAITING)
        session.add(batch)
        session.flush()
    return batch


def _add_letter(session: Session, invitation: Invitation, today: date, reminder: bool) -> None:
    batch = _todays_batch(session, invitation.organisation_id, today)
    session.add(PaperLetter(organisation_id=invitation.organisation_id, batch_id=batch.id,
                            invitation_id=invitation.id, reminder=reminder))
    batch.form_count += 1


def batch_due_letters(session: Session, worker: str, now: datetime) -> dict[str, int]:
    """Put every paper invitation and reminder due at ``now`` into today's batches."""
    counts = {"batched": 0, "cancelled": 0}
    today = local_today(now)
    while ids := claim_due_paper(session, worker, now, CLAIM_LIMIT):
        # In the order they were made, so that a batch's letters are in the same order on every database.
        for invitation in session.scalars(select(Invitation).where(Invitation.id.in_(ids)).order_by(Invitation.id)):
            reason = post_check(session, invitation)
            if reason:
                if still_claimed(session, invitation.id, worker, SENDING, status=InvitationStatus.CANCELLED,
                                 last_error=failure(reason)):
                    audit.record(session, "invitation_cancelled", invitation, reason=reason)
                    counts["cancelled"] += 1
            elif still_claimed(session, invitation.id, worker, SENDING):
                _add_letter(session, invitation, today, reminder=False)
                audit.record(session, "paper_letter_batched", invitation, reminder=False)
                counts["batched"] += 1
            session.commit()
    while ids := claim_due_paper_reminders(session, worker, now, CLAIM_LIMIT):
        for invitation in session.scalars(select(Invitation).where(Invitation.id.in_(ids)).order_by(Invitation.id)):
            answered = session.scalar(select(Response.id).where(Response.invitation_id == invitation.id)) \
                or open_keyings(session, invitation.id)
            if answered or post_check(session, invitation):
                # Nothing to remind about, or no longer a safe way to: the reminder is dropped.
                still_claimed(session, invitation.id, worker, reminder_due_at=None)
            elif still_claimed(session, invitation.id, worker, reminders_sent=1, reminder_due_at=None):
                _add_letter(session, invitation, today, reminder=True)
                audit.record(session, "paper_letter_batched", invitation, reminder=True)
                counts["batched"] += 1
            session.commit()
    return counts


@dataclass
class Letter:
    """A covering letter: the address for the envelope's window, and the words, already in the
    person's language."""

    language: str
    direction: str
    sender: str | None
    address: list[str]
    dated: str
    paragraphs: list[str]


def build_letter(invitation: Invitation, participant: Participant, council: Organisation, contact: ContactPoint,
                 language: str, direction: str, *, reminder: bool, today: date) -> Letter:
    phone = (council.settings or {}).get("help_phone")
    with force_locale(language):
        return_by = format_date(invitation.expires_at.date(), "d MMMM yyyy")
        paragraphs = [words(LETTER["hello"]), words(LETTER["reminder" if reminder else "first"]),
                      words(LETTER["optional"]), words(LETTER["return"], date=return_by)]
        if reminder:
            paragraphs.append(words(LETTER["already"]))
        paragraphs += [words(LETTER["phone"], phone=phone) if phone else words(LETTER["no_phone"]),
                       words(LETTER["thanks"])]
        return Letter(language=language, direction=direction,
                      sender=council.name if contact.may_name_council else None,
                      address=[line for line in (contact.value or "").splitlines() if line.strip()],
                      dated=format_date(today, "d MMMM yyyy"), paragraphs=paragraphs)


def _claim_batch(session: Session, worker: str, now: datetime) -> PaperBatch | None:
    """Take one batch to render: a waiting one, or one whose renderer stopped part way."""
    batch_id = session.scalar(select(PaperBatch.id).where(
        (PaperBatch.status == BatchStatus.WAITING)
        | ((PaperBatch.status == BatchStatus.RENDERING) & (PaperBatch.claimed_at <= now - CLAIM_TIMEOUT)))
        .order_by(PaperBatch.id).limit(1).with_for_update(skip_locked=True))
    if batch_id is None:
        session.rollback()
        return None
    claimed = session.execute(update(PaperBatch).where(
        PaperBatch.id == batch_id, PaperBatch.status.in_((BatchStatus.WAITING, BatchStatus.RENDERING)))
        .values(status=BatchStatus.RENDERING, claimed_by=worker, claimed_at=now, rendered_count=0)
        .execution_options(synchronize_session=False)).rowcount
    session.commit()
    return session.get(PaperBatch, batch_id, populate_existing=True) if claimed else None


def _letters(session: Session, batch: PaperBatch):
    return session.execute(
        select(PaperLetter, Invitation).join(Invitation, Invitation.id == PaperLetter.invitation_id)
        .where(PaperLetter.batch_id == batch.id).order_by(PaperLetter.id)).all()


def render_batch(session: Session, batch: PaperBatch, worker: str, now: datetime) -> None:
    """Make the batch's PDF: the letters and forms of ten people to a part, the parts made side
    by side in worker processes, progress recorded as each part finishes."""
    council = session.get(Organisation, batch.organisation_id)
    letters = _letters(session, batch)
    today = local_today(now)
    parts = []
    for start in range(0, len(letters), PEOPLE_PER_STEP):
        forms = []
        for letter, invitation in letters[start:start + PEOPLE_PER_STEP]:
            contact = safe_address(session, invitation.participant_id)
            if contact is None or not still_wanted(session, invitation):
                continue  # withdrawn or made unsafe since it was batched: no letter
            participant = session.get(Participant, invitation.participant_id)
            form = build_form(invitation, participant, council)
            form.letter = build_letter(invitation, participant, council, contact, form.language, form.direction,
                                       reminder=letter.reminder, today=today)
            forms.append(form)
        if forms:
            parts.append(render_template("paper/form.html", forms=forms, letters=True, language=forms[0].language,
                                         direction=forms[0].direction,
                                         title=in_language(forms[0].language, TITLE)))
    session.commit()  # nothing is held open while the PDF is made

    def progress(finished: int) -> None:
        _still_ours(session, batch.id, worker, rendered_count=min(len(letters), finished * PEOPLE_PER_STEP))

    processes = current_app.config.get("PAPER_RENDER_PROCESSES", 1)
    pdf = print_runs(parts, symbols_dir(), processes, progress) if parts else b""
    if _still_ours(session, batch.id, worker, commit=False, status=BatchStatus.READY, ready_at=utcnow(),
                   claimed_by=None, rendered_count=len(letters), pdf=base64.b64encode(pdf).decode("ascii")):
        audit.record(session, "paper_batch_ready", batch, forms=batch.form_count)
        session.commit()


def in_language(language: str, message: str) -> str:
    with force_locale(language):
        return words(message)


def _still_ours(session: Session, batch_id: int, worker: str, *, commit: bool = True, **values) -> bool:
    """Record progress only while this worker still holds the batch."""
    updated = session.execute(update(PaperBatch).where(
        PaperBatch.id == batch_id, PaperBatch.claimed_by == worker, PaperBatch.status == BatchStatus.RENDERING)
        .values(**values).execution_options(synchronize_session=False)).rowcount
    if commit or not updated:
        session.commit()
    return updated == 1


def render_waiting_batches(session: Session, worker: str, now: datetime) -> int:
    """Render every batch waiting for its PDF; say how many were made."""
    made = 0
    while (batch := _claim_batch(session, worker, now)) is not None:
        try:
            render_batch(session, batch, worker, now)
            made += 1
        except Exception:
            # Left claimed: another pass takes it again once the claim is old.
            session.rollback()
            log.exception("Paper batch %s could not be made", batch.id)
            break
    return made


def batch_pdf(batch: PaperBatch) -> bytes | None:
    return base64.b64decode(batch.pdf) if batch.pdf else None


def still_wanted(session: Session, invitation: Invitation) -> bool:
    """Whether a batched letter may still go: its request stands and the person still agrees."""
    return invitation.status in (InvitationStatus.SENDING, InvitationStatus.SENT, InvitationStatus.OPENED) \
        and may_contact(session, invitation.participant_id) \
        and direct_contact_allowed(session.get(Participant, invitation.participant_id))


def withdrawn_since(session: Session, batch: PaperBatch) -> list[str]:
    """Form codes of letters in the batch that must not be posted now: the request was cancelled
    or answered, or the person no longer agrees to be contacted, since the batch was made."""
    return [invitation.reference_code for _, invitation in _letters(session, batch)
            if not still_wanted(session, invitation)]


def mark_posted(session: Session, batch: PaperBatch, user, now: datetime | None = None) -> int:
    """The letters went in the post: each first letter's invitation is sent, and its reminder
    clock starts. Commits; returns how many letters count as posted."""
    now = now or utcnow()
    session.refresh(batch, with_for_update=True)
    if batch.status != BatchStatus.READY:
        session.rollback()
        return 0
    council = session.get(Organisation, batch.organisation_id)
    days = dispatch_settings.reminder_after_days(council.settings)
    posted = 0
    for letter, invitation in _letters(session, batch):
        if not still_wanted(session, invitation):
            continue
        posted += 1
        if not letter.reminder and invitation.status == InvitationStatus.SENDING:
            invitation.status, invitation.sent_at, invitation.claimed_by = InvitationStatus.SENT, now, None
            invitation.reminder_due_at = now + timedelta(days=days) if days else None
    batch.status, batch.posted_at, batch.posted_by_id = BatchStatus.POSTED, now, user.id
    audit.record(session, "paper_batch_posted", batch, user=user, letters=posted)
    session.commit()
    return posted


def purge_posted_batches(session: Session, now: datetime) -> int:
    """Empty the PDFs of batches posted more than a week ago: they hold addresses."""
    batches = session.scalars(select(PaperBatch).where(
        PaperBatch.status == BatchStatus.POSTED, PaperBatch.posted_at <= now - KEEP_POSTED_PDF,
        PaperBatch.purged_at.is_(None))).all()
    for batch in batches:
        batch.pdf, batch.purged_at = None, now
        audit.record(session, "paper_batch_purged", batch)
    session.commit()
    return len(batches)


def batches_for(session: Session, organisation_ids: set[int], limit: int = 30) -> list[PaperBatch]:
    return list(session.scalars(select(PaperBatch).where(PaperBatch.organisation_id.in_(organisation_ids))
                                .order_by(PaperBatch.batch_date.desc(), PaperBatch.id.desc()).limit(limit)))


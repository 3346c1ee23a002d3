"""When feedback was given, measured from the day its enquiry closed.

The framework counts a person's feedback on their experience from the day the enquiry closed to
eight weeks after. Feedback given while the enquiry was still open is reported apart, as
"during the enquiry", and feedback given later than eight weeks after as "late". Both the
closing date and the window are kept on the response, so that a quarter's figures read one
table, and so that they survive the retention cut that detaches a response from its participant.

The window is worked out when the answers are sent, and again whenever the enquiry's closing
date is entered or corrected (``place_enquiry_responses``).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..models import COUNTED_RESPONSES, FeedbackWindow, Participant, Response
from ..reports.periods import local_date

WINDOW_DAYS = 56  # eight weeks


def feedback_window(submitted_at: datetime | None, closed_on: date | None) -> FeedbackWindow | None:
    """The window of answers sent at ``submitted_at`` about an enquiry closed on ``closed_on``
    (dates in England), or None while either is unknown."""
    if submitted_at is None or closed_on is None:
        return None
    day = local_date(submitted_at)
    if day < closed_on:
        return FeedbackWindow.DURING
    if day <= closed_on + timedelta(days=WINDOW_DAYS):
        return FeedbackWindow.AFTER
    return FeedbackWindow.LATE


def window_closes(closed_on: date) -> date:
    """The last day on which feedback about an enquiry closed on ``closed_on`` counts as "after"."""
    return closed_on + timedelta(days=WINDOW_DAYS)


def place_enquiry_responses(session: Session, enquiry_id: int, closed_on: date | None) -> int:
    """Copy an enquiry's (new) closing date to its responses and work out their windows again;
    how many responses changed."""
    rows = session.execute(
        select(Response.id, Response.status, Response.submitted_at, Response.enquiry_closed_on,
               Response.feedback_window)
        .join(Participant, Participant.id == Response.participant_id)
        .where(Participant.enquiry_id == enquiry_id)
    ).all()
    changed = 0
    for response_id, status, submitted_at, old_closed_on, old_window in rows:
        window = feedback_window(submitted_at, closed_on) if status in COUNTED_RESPONSES else None
        if (old_closed_on, old_window) == (closed_on, window):
            continue
        session.execute(update(Response).where(Response.id == response_id)
                        .values(enquiry_closed_on=closed_on, feedback_window=window)
                        .execution_options(synchronize_session=False))
        changed += 1
    return changed

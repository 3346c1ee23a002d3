"""A council's quarterly return: a draft, then a final version that never changes again.

A draft shows the figures as they stand. Finalising stores the figures exactly as they were
(unrounded counts and published values both, so the council's own internal view of a final
return is also frozen). Responses that arrive later, or records corrected later, change the
live figures but never a final return: a correction is a new version, with its reason, that is
itself finalised in turn. Versions are numbered per council and quarter; the newest is the one
that counts.

The freeze is enforced where the data is written, not only in the pages: flushing any change
to a final return raises ``ReturnIsFinal``.
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import event, func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..models import QuarterlyReturn, ReturnStatus
from .periods import Quarter
from .benchmark import extract
from .tables import Figures

MAX_ENQUIRIES = 1_000_000
MAX_NOTES = 500
MAX_REASON = 1000


class ReturnError(ValueError):
    """A change the return's state does not allow; ``code`` picks the message shown."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class ReturnIsFinal(ReturnError):
    def __init__(self):
        super().__init__("final")


def versions(session: Session, organisation_id: int, quarter: Quarter) -> list[QuarterlyReturn]:
    """Every version of the council's return for the quarter, newest first."""
    return list(session.scalars(
        select(QuarterlyReturn)
        .where(QuarterlyReturn.organisation_id == organisation_id, QuarterlyReturn.year_start == quarter.year_start,
               QuarterlyReturn.quarter == quarter.number)
        .order_by(QuarterlyReturn.version.desc())))


def latest(session: Session, organisation_id: int, quarter: Quarter) -> QuarterlyReturn | None:
    found = versions(session, organisation_id, quarter)
    return found[0] if found else None


def statuses(session: Session, organisation_id: int, quarters) -> dict[Quarter, QuarterlyReturn]:
    """The newest version of each quarter's return, for a list of quarters."""
    newest = (select(QuarterlyReturn.year_start, QuarterlyReturn.quarter,
                     func.max(QuarterlyReturn.version).label("version"))
              .where(QuarterlyReturn.organisation_id == organisation_id)
              .group_by(QuarterlyReturn.year_start, QuarterlyReturn.quarter).subquery())
    rows = session.scalars(
        select(QuarterlyReturn).join(newest, (QuarterlyReturn.year_start == newest.c.year_start)
                                     & (QuarterlyReturn.quarter == newest.c.quarter)
                                     & (QuarterlyReturn.version == newest.c.version))
        .where(QuarterlyReturn.organisation_id == organisation_id))
    by_quarter = {Quarter(r.year_start, r.quarter): r for r in rows}
    return {q: by_quarter[q] for q in quarters if q in by_quarter}


def frozen_figures(ret: QuarterlyReturn | None) -> Figures | None:
    if ret is None or ret.status != ReturnStatus.FINAL or not ret.figures:
        return None
    return Figures.from_json(ret.figures)


def _draft(session: Session, organisation_id: int, quarter: Quarter) -> QuarterlyReturn:
    current = latest(session, organisation_id, quarter)
    if current is None:
        current = QuarterlyReturn(organisation_id=organisation_id, year_start=quarter.year_start,
                                  quarter=quarter.number, version=1, status=ReturnStatus.DRAFT)
        session.add(current)
    elif current.status == ReturnStatus.FINAL:
        raise ReturnIsFinal()
    return current


def save_details(session: Session, organisation_id: int, quarter: Quarter, *, enquiries_completed: int | None,
                 notes: str | None, user) -> QuarterlyReturn:
    """The draft's own figures: enquiries completed (when kept elsewhere) and a note."""
    if enquiries_completed is not None and not 0 <= enquiries_completed <= MAX_ENQUIRIES:
        raise ReturnError("enquiries")
    if notes is not None and len(notes) > MAX_NOTES:
        raise ReturnError("notes")
    draft = _draft(session, organisation_id, quarter)
    draft.enquiries_completed = enquiries_completed
    draft.notes = notes or None
    audit.record(session, "return.saved", draft, user=user, quarter=quarter.slug, version=draft.version)
    _commit(session)
    return draft


def finalise(session: Session, organisation_id: int, quarter: Quarter, figures: Figures, *, user,
             expected_version: int | None = None) -> QuarterlyReturn:
    """Freeze the draft with ``figures``. ``expected_version`` is the version the person saw: if
    someone else finalised or corrected it meanwhile, nothing changes."""
    draft = _draft(session, organisation_id, quarter)
    if expected_version is not None and draft.version != expected_version:
        raise ReturnError("stale")
    draft.figures = figures.to_json()
    draft.benchmark = extract(figures)
    draft.status = ReturnStatus.FINAL
    draft.finalised_at = datetime.now(timezone.utc)
    draft.finalised_by_id = getattr(user, "id", None)
    audit.record(session, "return.finalised", draft, user=user, quarter=quarter.slug, version=draft.version)
    _commit(session)
    return draft


def start_correction(session: Session, organisation_id: int, quarter: Quarter, reason: str, *, user,
                     expected_version: int | None = None) -> QuarterlyReturn:
    """A new draft version after a final one, saying why the final one needs correcting."""
    reason = (reason or "").strip()
    if not reason:
        raise ReturnError("reason_missing")
    if len(reason) > MAX_REASON:
        raise ReturnError("reason_long")
    current = latest(session, organisation_id, quarter)
    if current is None or current.status != ReturnStatus.FINAL:
        raise ReturnError("not_final")
    if expected_version is not None and current.version != expected_version:
        raise ReturnError("stale")
    correction = QuarterlyReturn(organisation_id=organisation_id, year_start=quarter.year_start,
                                 quarter=quarter.number, version=current.version + 1, status=ReturnStatus.DRAFT,
                                 correction_reason=reason, enquiries_completed=current.enquiries_completed,
                                 notes=current.notes)
    session.add(correction)
    session.flush()
    audit.record(session, "return.correction_started", correction, user=user, quarter=quarter.slug,
                 version=correction.version, reason=reason)
    _commit(session)
    return correction


def _commit(session: Session) -> None:
    try:
        session.commit()
    except IntegrityError:
        # Two people (or two clicks) made the same version at once: the first one stands.
        session.rollback()
        raise ReturnError("stale") from None


@event.listens_for(Session, "before_flush")
def _keep_final_returns_frozen(session, flush_context, instances):
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, QuarterlyReturn):
            continue
        state = inspect(obj)
        history = state.attrs.status.history
        was = history.deleted[0] if history.deleted else obj.status
        if was != ReturnStatus.FINAL:
            continue
        if obj in session.deleted or any(state.attrs[name].history.has_changes() for name in state.attrs.keys()):
            raise ReturnIsFinal()

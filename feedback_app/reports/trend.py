"""The headline figures of a council's last eight quarters, for the quarter page: the same four
rates as its headline, each quarter read from its final return where there is one (exactly as
published) and counted live otherwise."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import unscoped
from ..models import Enquiry, Invitation

from .disclosure import DisclosureRules
from .headline import HEADLINE_ITEMS, Headline, headlines
from .parts import headline_figures
from .periods import Quarter, local_date, quarters_ending
from .returns import frozen_figures, statuses
from .tables import Figures, SampleGuide

QUARTERS = 8


@dataclass(frozen=True)
class TrendRow:
    quarter: Quarter
    final: bool  # read from the quarter's final return
    headlines: list[Headline]


def headline_trend(session: Session, organisation_id: int, last: Quarter, rules: DisclosureRules,
                   today: date, last_figures: Figures | None = None) -> list[TrendRow]:
    """The headline of each of the eight quarters ending with ``last`` that have started, oldest
    first. ``last_figures``, when the caller has them, are used for ``last`` as they are; a
    quarter that ended before the council's first closed enquiry and first invitation has
    nothing to count, so is not counted."""
    quarters = [q for q in quarters_ending(last, QUARTERS) if q.start <= today]
    returns = statuses(session, organisation_id, quarters)
    began = _first_activity(session, organisation_id)
    rows = []
    for quarter in quarters:
        frozen = frozen_figures(returns.get(quarter))
        if frozen is not None:
            figures = frozen
        elif quarter == last and last_figures is not None:
            figures = last_figures
        elif began is None or quarter.end < began:
            rows.append(TrendRow(quarter, False, [replace(h, percentage=None, interval=None, base=None)
                                                  for h in headlines(EMPTY)]))
            continue
        else:
            figures = headline_figures(session, organisation_id, quarter, HEADLINE_ITEMS, rules)
        rows.append(TrendRow(quarter, frozen is not None, headlines(figures)))
    return rows


def _first_activity(session: Session, organisation_id: int) -> date | None:
    """The first day anything countable happened for the council: an enquiry closed or an
    invitation sent."""
    with unscoped(session):
        closed = session.scalar(select(func.min(Enquiry.closed_on)).where(Enquiry.organisation_id == organisation_id))
        sent = session.scalar(select(func.min(Invitation.sent_at)).where(Invitation.organisation_id == organisation_id))
    days = [d for d in (closed, local_date(sent) if sent is not None else None) if d is not None]
    return min(days) if days else None


EMPTY = Figures(None, "", DisclosureRules(), (), SampleGuide(0, None, None, {}), datetime.now(timezone.utc))

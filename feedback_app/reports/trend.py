"""The headline figures of a council's last eight quarters, for the quarter page: the same four
rates as its headline, each quarter read from its final return where there is one (exactly as
published) and counted live otherwise."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from .disclosure import DisclosureRules
from .headline import Headline, headlines
from .parts import headline_figures
from .periods import Quarter, quarters_ending
from .returns import frozen_figures, statuses

QUARTERS = 8


@dataclass(frozen=True)
class TrendRow:
    quarter: Quarter
    final: bool  # read from the quarter's final return
    headlines: list[Headline]


def headline_trend(session: Session, organisation_id: int, last: Quarter, rules: DisclosureRules,
                   today: date) -> list[TrendRow]:
    """The headline of each of the eight quarters ending with ``last`` that have started, oldest first."""
    quarters = [q for q in quarters_ending(last, QUARTERS) if q.start <= today]
    returns = statuses(session, organisation_id, quarters)
    rows = []
    for quarter in quarters:
        frozen = frozen_figures(returns.get(quarter))
        figures = frozen if frozen is not None else headline_figures(session, organisation_id, quarter, rules)
        rows.append(TrendRow(quarter, frozen is not None, headlines(figures)))
    return rows

"""Financial-year quarters and rolling years, the periods every figure is reported for.

A quarter is the national collections' unit: Q1 April-June, Q2 July-September, Q3
October-December, Q4 January-March of the following calendar year, with the year written
2025-26. Timestamps are placed in a quarter by their date in Europe/London, because that is
the date the council, and the person, would give: a form sent at 00:30 BST on 1 July belongs to
Q2 even though it is still 30 June in UTC.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

# First month of each quarter; Q4 starts in January of the following calendar year.
_FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}
_LABEL = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2})(?:\s+|\s*[-_]\s*)q\s*(\d+)\s*$", re.IGNORECASE)
_ROLLING = re.compile(r"^\s*(?:four\s+quarters|year)\s*(?:\s|-)\s*to\s*(?:\s|-)\s*(.+)$", re.IGNORECASE)


class InvalidPeriod(ValueError):
    """Text that names no real quarter; the message says what was expected."""


@dataclass(frozen=True, order=True)
class Quarter:
    year_start: int  # 2025 for 2025-26
    number: int  # 1 = April-June ... 4 = January-March

    def __post_init__(self):
        if not (isinstance(self.number, int) and 1 <= self.number <= 4):
            raise InvalidPeriod(f"A financial year has quarters 1 to 4, not {self.number!r}.")
        # The last year kept short of 9999 so that every quarter's end and the next quarter exist.
        if not (isinstance(self.year_start, int) and 1900 <= self.year_start <= 9997):
            raise InvalidPeriod(f"{self.year_start!r} is not a financial year this service reports on.")

    @property
    def financial_year(self) -> str:
        return f"{self.year_start}-{(self.year_start + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def slug(self) -> str:
        """The label as it goes in a URL or a file name: 2025-26-q1."""
        return f"{self.financial_year}-q{self.number}"

    @property
    def start(self) -> date:
        year = self.year_start + (1 if self.number == 4 else 0)
        return date(year, _FIRST_MONTH[self.number], 1)

    @property
    def end(self) -> date:
        """The last day of the quarter, inclusive."""
        return self.next().start - timedelta(days=1)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return (self,)

    def previous(self, n: int = 1) -> Quarter:
        """The quarter n quarters before this one (n may be negative to go forward)."""
        index = self.year_start * 4 + (self.number - 1) - n
        return Quarter(index // 4, index % 4 + 1)

    def next(self, n: int = 1) -> Quarter:
        return self.previous(-n)

    def contains(self, moment: date | datetime) -> bool:
        return self.start <= local_date(moment) <= self.end

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return utc_bounds(self.start, self.end)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class RollingYear:
    """Four quarters ending with ``end_quarter``: the view offered where one quarter is too small."""

    end_quarter: Quarter

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return quarters_ending(self.end_quarter, 4)

    @property
    def label(self) -> str:
        return f"four quarters to {self.end_quarter.label}"

    @property
    def slug(self) -> str:
        return f"year-to-{self.end_quarter.slug}"

    @property
    def start(self) -> date:
        return self.quarters[0].start

    @property
    def end(self) -> date:
        return self.end_quarter.end

    def previous(self, n: int = 1) -> RollingYear:
        return RollingYear(self.end_quarter.previous(n))

    def contains(self, moment: date | datetime) -> bool:
        return self.start <= local_date(moment) <= self.end

    def utc_bounds(self) -> tuple[datetime, datetime]:
        return utc_bounds(self.start, self.end)

    def __str__(self) -> str:
        return self.label


Period = Quarter | RollingYear


def local_date(moment: date | datetime) -> date:
    """The calendar date in England of a date or an aware datetime."""
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            # Guessing the zone of a naive time is how a record lands in the wrong quarter.
            raise ValueError("A naive datetime has no place in a quarter; give it a time zone.")
        return moment.astimezone(LONDON).date()
    return moment


def utc_bounds(first_day: date, last_day: date) -> tuple[datetime, datetime]:
    """Start (inclusive) and end (exclusive) in UTC of whole days in England, for timestamp filters."""
    start = datetime.combine(first_day, time(0), tzinfo=LONDON)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=LONDON)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def quarter_of(moment: date | datetime) -> Quarter:
    day = local_date(moment)
    number = (day.month - 4) % 12 // 3 + 1
    return Quarter(day.year - (1 if number == 4 else 0), number)


def quarters_ending(end: Quarter, count: int) -> tuple[Quarter, ...]:
    """``count`` consecutive quarters, oldest first, the last being ``end``: a trend's x axis."""
    return tuple(end.previous(n) for n in range(count - 1, -1, -1))


def parse_quarter(text: str) -> Quarter:
    """A quarter from its label ("2025-26 Q1") or slug ("2025-26-q1"), in any case."""
    match = _LABEL.match(text) if isinstance(text, str) else None
    if match is None:
        raise InvalidPeriod(f"{text!r} is not a quarter; write it like 2025-26 Q1.")
    first, second, number = int(match[1]), int(match[2]), int(match[3])
    if second != (first + 1) % 100:
        raise InvalidPeriod(
            f"{text!r} is not a financial year: {first} is followed by {(first + 1) % 100:02d}, "
            f"as in {first}-{(first + 1) % 100:02d}.")
    return Quarter(first, number)


def parse_period(text: str) -> Period:
    """A quarter, or a rolling year written "four quarters to 2025-26 Q3" or "year-to-2025-26-q3"."""
    match = _ROLLING.match(text) if isinstance(text, str) else None
    if match:
        return RollingYear(parse_quarter(match[1]))
    return parse_quarter(text)

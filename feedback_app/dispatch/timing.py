"""When a text may be sent: UK clock time, outside the council's quiet hours, inside the
person's safe times, and never on a Sunday or an England and Wales bank holiday.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from govuk_bank_holidays.bank_holidays import BankHolidays

LONDON = ZoneInfo("Europe/London")
SUNDAY = 6
# Far enough to pass Christmas and Easter weekends; a person whose safe times never come round
# in a fortnight cannot be texted at all, and the practitioner needs to know.
HORIZON_DAYS = 14


@dataclass(frozen=True)
class Window:
    """Clock times from ``start`` up to (not including) ``end``; it may run past midnight.
    Equal start and end mean the whole day."""

    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start == self.end:
            return True
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


def safe_window(safe_from: time | None, safe_until: time | None) -> Window | None:
    """The person's safe times to be texted, from their contact point; None means any time."""
    if safe_from is None and safe_until is None:
        return None
    return Window(safe_from or time(0, 0), safe_until or time(0, 0))


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    # The package ships GOV.UK's list; the cached copy is used so that sending never waits on,
    # or fails with, a network request.
    holidays = BankHolidays(use_cached_holidays=True)
    return frozenset(h["date"] for h in holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))


def allowed_at(moment: datetime, quiet: Window | None, safe: Window | None) -> bool:
    local = moment.astimezone(LONDON)
    if local.weekday() == SUNDAY or local.date() in bank_holidays():
        return False
    clock = local.time().replace(tzinfo=None)
    if quiet is not None and quiet.start != quiet.end and quiet.contains(clock):
        return False
    return safe is None or safe.contains(clock)


def next_allowed(moment: datetime, quiet: Window | None, safe: Window | None) -> datetime | None:
    """The earliest time from ``moment`` at which a text may go, in UTC; None if none is near.

    Allowed times form intervals that can only begin at midnight, at the end of quiet hours or
    at the start of the safe window, so those are the only candidates worth trying.
    """
    if allowed_at(moment, quiet, safe):
        return moment
    starts = {time(0, 0)}
    if quiet is not None:
        starts.add(quiet.end)
    if safe is not None:
        starts.add(safe.start)
    today = moment.astimezone(LONDON).date()
    candidates = sorted(
        datetime.combine(today + timedelta(days=offset), start, tzinfo=LONDON)
        for offset in range(HORIZON_DAYS + 1) for start in starts
    )
    for candidate in candidates:
        if candidate > moment and allowed_at(candidate, quiet, safe):
            return candidate.astimezone(timezone.utc)
    return None

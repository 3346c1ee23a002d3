"""Council settings the dispatcher reads, with their defaults. A malformed value falls back to
the default rather than stopping every council's texts."""
from __future__ import annotations

from datetime import time

DEFAULT_QUIET_HOURS = (time(20, 0), time(9, 0))
DEFAULT_REMINDER_AFTER_DAYS = 7
DEFAULT_CONTACT_RETENTION_DAYS = 14
# Two years after a quarter's feedback window ends: time for returns, their corrections and a
# look back over eight quarters, after which answers are kept only as the figures need them.
DEFAULT_RESPONSE_RETENTION_DAYS = 730


def _whole_number(raw, default: int, minimum: int = 0) -> int:
    if isinstance(raw, bool) or raw is None:
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return value if value >= minimum else default


def _clock(raw) -> time | None:
    try:
        hours, minutes = str(raw).split(":")
        return time(int(hours), int(minutes))
    except (TypeError, ValueError):
        return None


def quiet_hours(settings: dict | None) -> tuple[time, time]:
    """Start and end of the council's quiet hours ({"start": "20:00", "end": "09:00"}).

    Equal start and end mean no quiet hours; anything unreadable means the default, because a
    typing mistake should never let texts out in the middle of the night.
    """
    configured = (settings or {}).get("quiet_hours")
    if not isinstance(configured, dict):
        return DEFAULT_QUIET_HOURS
    start, end = _clock(configured.get("start")), _clock(configured.get("end"))
    if start is None or end is None:
        return DEFAULT_QUIET_HOURS
    return start, end


def reminder_after_days(settings: dict | None) -> int | None:
    """Days after the first text that the one reminder is due; None when the council sends none."""
    settings = settings or {}
    if settings.get("reminders") is False:
        return None
    days = _whole_number(settings.get("reminder_after_days"), DEFAULT_REMINDER_AFTER_DAYS)
    return days or None


def contact_retention_days(settings: dict | None) -> int:
    """Days contact details are kept after the participant's last invitation ends."""
    return _whole_number((settings or {}).get("contact_retention_days"), DEFAULT_CONTACT_RETENTION_DAYS)


def response_retention_days(settings: dict | None) -> int:
    """Days answers stay linked to the person after their quarter's feedback window ends."""
    return _whole_number((settings or {}).get("response_retention_days"), DEFAULT_RESPONSE_RETENTION_DAYS)

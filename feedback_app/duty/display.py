"""How the duty desk shows times, contact details and the words that raised an alert."""
from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time, format_timedelta
from flask_babel import get_locale
from markupsafe import Markup, escape

from ..models import ContactKind, utcnow
from ..phones import display_phone

# Councils in England work to UK clock time, whatever the server's own zone.
LONDON = ZoneInfo("Europe/London")


def absolute_time(moment: datetime) -> str:
    return format_datetime(moment, "d MMMM yyyy, HH:mm", tzinfo=LONDON, locale=get_locale())


def machine_time(moment: datetime) -> str:
    """For <time datetime>: HTML allows at most three digits of a second, so none are given."""
    return moment.isoformat(timespec="seconds")


def relative_time(moment: datetime, now: datetime | None = None) -> str:
    """"3 hours ago": how long a person has been waiting matters more than the clock time."""
    return format_timedelta(moment - (now or utcnow()), granularity="minute", add_direction=True,
                            locale=get_locale())


def clock_time(moment: time) -> str:
    return format_time(moment, "HH:mm", locale=get_locale())


def contact_value(contact) -> str:
    """A phone number as people write it in the UK; anything that is not one, as stored."""
    if contact.value and contact.kind == ContactKind.PHONE:
        try:
            return display_phone(contact.value)
        except Exception:  # a number stored before validation existed is still worth showing
            return contact.value
    return contact.value or ""


def highlight(text: str | None, phrase: str | None) -> Markup:
    """``text`` escaped for HTML, with every occurrence of ``phrase`` inside <mark>.

    Matching follows the alert check: whole words, any case, any run of spaces between words.
    Line breaks are kept, because people often write their answer in several lines.
    """
    text = text or ""
    pieces: list[str] = []
    position = 0
    words = (phrase or "").split()
    if words:
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)"
        for match in re.finditer(pattern, text, re.IGNORECASE):
            pieces.append(escape(text[position:match.start()]))
            pieces.append(Markup("<mark>%s</mark>") % match.group(0))
            position = match.end()
    pieces.append(escape(text[position:]))
    return Markup(str(Markup("").join(pieces)).replace("\n", "<br>\n"))


def line_breaks(text: str | None) -> Markup:
    return highlight(text, None)


def template_helpers() -> dict:
    return {"absolute_time": absolute_time, "relative_time": relative_time, "machine_time": machine_time,
            "clock_time": clock_time, "contact_value": contact_value, "highlight": highlight,
            "line_breaks": line_breaks}

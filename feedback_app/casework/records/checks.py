"""Reading one record's worth of raw values, from a form, a CSV row or a JSON body.

A ``Checker`` turns loose values (strings, numbers, dates, the three boxes of a date input) into
clean ones, collecting at most one message per field. Messages are lazy strings that name the
field, so every entry point shows the same words in the reader's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}
MISSING = object()


class RecordRejected(ValueError):
    """Checks that need the database failed; nothing was written.

    ``errors`` maps each field to its message, as the ``validate_*`` functions do, so every
    entry point shows these the same way as any other problem with the input.
    """

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


def today() -> date:
    """Councils in England work to UK dates, whatever the server's own time zone."""
    return datetime.now(LONDON).date()


@dataclass(frozen=True)
class DateMessages:
    required: str | None
    incomplete: str
    invalid: str
    out_of_range: str | None = None


def _tidy(value):
    if isinstance(value, str):
        # Browsers send CRLF line breaks; one character per break matches what people see.
        return value.replace("\r\n", "\n").strip()
    return value


def _blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return all(_blank(part) for part in value)
    return False


class Checker:
    def __init__(self, data: dict):
        self.data = data or {}
        self.clean: dict = {}
        self.errors: dict[str, str] = {}

    @property
    def result(self) -> tuple[dict, dict]:
        return self.clean, self.errors

    def fail(self, field: str, message) -> None:
        self.errors.setdefault(field, message)
        self.clean.pop(field, None)

    def given(self, field: str) -> bool:
        return not _blank(self.data.get(field))

    def _store(self, field, value):
        if field not in self.errors:
            self.clean[field] = value
        return value

    def text(self, field, *, max_length: int, too_long, required=None) -> str | None:
        value = _tidy(self.data.get(field))
        if value is not None and not isinstance(value, str):
            value = str(value)
        if not value:
            if required:
                self.fail(field, required)
            return self._store(field, None) if not required else None
        if len(value) > max_length:
            self.fail(field, too_long)
            return None
        return self._store(field, value)

    def choice(self, field, options, *, message, required=True):
        """One of ``options`` (an Enum class, or stable string keys)."""
        value = _tidy(self.data.get(field))
        if isinstance(value, Enum):
            value = value.value
        if _blank(value):
            if required:
                self.fail(field, message)
                return None
            return self._store(field, None)
        if isinstance(options, type) and issubclass(options, Enum):
            try:
                return self._store(field, options(value))
            except ValueError:
                self.fail(field, message)
                return None
        if value not in options:
            self.fail(field, message)
            return None
        return self._store(field, value)

    def choices(self, field, options, *, message) -> list[str]:
        """Any number of ``options``; stored in the order the options are listed."""
        raw = self.data.get(field) or []
        values = [raw] if isinstance(raw, str) else list(raw)
        values = [v for v in (_tidy(v) for v in values) if v]
        if any(value not in options for value in values):
            self.fail(field, message)
            return []
        return self._store(field, [option for option in options if option in values])

    def yes_no(self, field, *, message, required=True) -> bool | None:
        value = self.data.get(field)
        if isinstance(value, bool):
            return self._store(field, value)
        word = (str(value).strip().lower() if value is not None else "")
        if word in YES:
            return self._store(field, True)
        if word in NO:
            return self._store(field, False)
        if word or required:
            self.fail(field, message)
            return None
        return self._store(field, None)

    def whole_number(self, field, *, minimum: int, maximum: int, message, default=None) -> int | None:
        value = self.data.get(field)
        if _blank(value):
            if default is None:
                self.fail(field, message)
                return None
            return self._store(field, default)
        try:
            number = int(str(value).strip())
        except ValueError:
            self.fail(field, message)
            return None
        if not minimum <= number <= maximum:
            self.fail(field, message)
            return None
        return self._store(field, number)

    def date(self, field, messages: DateMessages, *, earliest: date | None = None,
             latest: date | None = None) -> date | None:
        """A date as a ``date``, ISO text, day/month/year text, or the three boxes of a form."""
        value = self.data.get(field)
        if _blank(value):
            if messages.required:
                self.fail(field, messages.required)
            return self._store(field, None) if not messages.required else None
        parsed = parse_date(value)
        if parsed is MISSING:
            self.fail(field, messages.incomplete)
            return None
        if parsed is None:
            self.fail(field, messages.invalid)
            return None
        if (earliest and parsed < earliest) or (latest and parsed > latest):
            self.fail(field, messages.out_of_range)
            return None
        return self._store(field, parsed)


_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(value):
    """A ``date``; ``MISSING`` when a part was left out; None when it is no real date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (list, tuple)):
        parts = [str(part or "").strip() for part in value]
        if len(parts) != 3 or not all(parts):
            return MISSING
        day, month, year = parts
    else:
        text = str(value).strip()
        if match := _ISO.match(text):
            year, month, day = match.groups()
        elif match := _DAY_MONTH_YEAR.match(text):
            day, month, year = match.groups()
        else:
            return None
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None

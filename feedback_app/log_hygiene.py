"""Nothing that leads to a person goes into a log: survey links, paper form codes, phone numbers
and email addresses are replaced before any handler sees a record, whoever logged it (our code,
the development server's access log, gunicorn's, or a library)."""
from __future__ import annotations

import logging
import re

# Order matters: a link's token may look like anything else.
PATTERNS = (
    (re.compile(r"/s/[A-Za-z0-9_-]{8,}"), "/s/[link]"),
    (re.compile(r"/paper/[A-Za-z0-9-]{4,}\.pdf"), "/paper/[form code].pdf"),
    (re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b"), "[form code]"),
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    (re.compile(r"(?:\+44\s?|\b0)7\d{3}\s?\d{3}\s?\d{3}\b"), "[phone]"),
    (re.compile(r"(?:\+44\s?|\b0)[1-3]\d{2,3}\s?\d{3}\s?\d{3,4}\b"), "[phone]"),
)


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def install() -> None:
    """Make every log record redact its message as it is made. Safe to call more than once."""
    current = logging.getLogRecordFactory()
    if getattr(current, "redacts", False):
        return

    def factory(*args, **kwargs):
        record = current(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a bad format string is the logging module's to report
            return record
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return record

    factory.redacts = True
    logging.setLogRecordFactory(factory)

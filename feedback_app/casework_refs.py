"""Case references are never stored: only a keyed hash (to match records) and a short hint."""
from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def _normalise(reference: str) -> str:
    return "".join(reference.split()).upper()


def case_reference_hash(organisation, reference: str) -> str:
    key = f"{current_app.config['LOOKUP_KEY']}:case-ref:{organisation.id}".encode()
    return hmac.new(key, _normalise(reference).encode(), hashlib.sha256).hexdigest()


def case_reference_hint(reference: str) -> str:
    """The last four characters, enough for a practitioner to recognise their own case."""
    return "…" + _normalise(reference)[-4:]

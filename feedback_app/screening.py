"""Screening: the situations in which a person must not be asked for feedback, unless a
practitioner records why asking is appropriate. Kept on the participant as
``{condition: {"present": bool, "override_reason": str | None, "by": user id, "at": iso time}}``.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

CONDITIONS = {
    "died": _l("The person has died"),
    "live_risk": _l("Someone who may cause harm can see the person's phone, post or messages"),
    "criminal_proceedings": _l("Criminal proceedings where contact could affect evidence"),
    "acute_crisis": _l("The person is in acute crisis or recently bereaved"),
    "no_further_contact": _l("The person asked for no further contact"),
    "ceased_at_request": _l("The enquiry ended at the person's request"),
}


def unresolved_conditions(screening: dict | None) -> list[str]:
    """Conditions not yet answered, or present without a recorded reason to go ahead."""
    screening = screening or {}
    unresolved = []
    for condition in CONDITIONS:
        entry = screening.get(condition)
        if entry is None or entry.get("present") is None:
            unresolved.append(condition)
        elif entry["present"] and not (entry.get("override_reason") or "").strip():
            unresolved.append(condition)
    return unresolved


def screening_clear(screening: dict | None) -> bool:
    return not unresolved_conditions(screening)

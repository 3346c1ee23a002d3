"""Screening: whether any "when not to ask" condition applies to a participant.

Each condition is answered as present or absent. A present condition blocks feedback until a
practitioner records why asking is appropriate anyway; that reason is kept with who gave it and
when, because it is a judgement someone may need to account for later.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ... import audit
from ...models import Participant, utcnow
from ...screening import CONDITIONS, unresolved_conditions
from .checks import Checker

REASON_MAX = 2000


def reason_field(condition: str) -> str:
    return f"{condition}_reason"


def validate_screening(data: dict) -> tuple[dict, dict]:
    """Every condition answered yes or no; a reason only beside a condition that applies."""
    check = Checker(data)
    for condition, label in CONDITIONS.items():
        present = check.yes_no(condition, message=_l("Select whether this applies: %(condition)s",
                                                      condition=label))
        reason = reason_field(condition)
        if present:
            check.text(reason, max_length=REASON_MAX, too_long=_l(
                "The reason must be %(max)s characters or fewer", max="2,000"))
        else:
            # A reason to go ahead means something only beside a condition that applies.
            check.clean[reason] = None
    return check.result


def record_screening(session: Session, participant: Participant, clean: dict, actor) -> list[str]:
    """Store the answers and commit; returns the conditions still blocking feedback.

    Only answers that changed take the new author and time, so an earlier practitioner's
    recorded reason keeps its name until somebody changes it.
    """
    now = utcnow().isoformat(timespec="seconds")
    screening = dict(participant.screening or {})
    changed = []
    for condition in CONDITIONS:
        entry = {"present": clean[condition], "override_reason": clean.get(reason_field(condition))}
        previous = screening.get(condition) or {}
        if {key: previous.get(key) for key in entry} != entry:
            screening[condition] = {**entry, "by": actor.id, "at": now}
            changed.append(condition)
    if changed:
        # A new dict, so that SQLAlchemy sees the JSON column change.
        participant.screening = screening
        audit.record(session, "screening_recorded", participant, user=actor, changed=changed,
                     unresolved=unresolved_conditions(screening))
        session.commit()
    return unresolved_conditions(participant.screening)

"""The MSP record items (framework questions 1 to 3), answered from the case record.

They can be recorded at any point, including at closure when nobody is asked for feedback, and
every item may be left unanswered until it is known.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ... import audit
from ...models import Enquiry, OutcomesAchieved, OutcomesAsked, RiskOutcome
from .checks import Checker

DESIRED_OUTCOMES_MAX = 5000
MSP_FIELDS = ("outcomes_asked", "desired_outcomes_text", "outcomes_achieved", "risk_outcome")


def validate_msp_record(data: dict) -> tuple[dict, dict]:
    """Check questions 1 to 3. The person's words and question 2 belong only with outcomes
    that were expressed: anything else would count in the framework return as something the
    person never said."""
    check = Checker(data)
    asked = check.choice("outcomes_asked", OutcomesAsked, required=False, message=_l(
        "Select whether the person was asked about their desired outcomes"))
    expressed = asked == OutcomesAsked.EXPRESSED
    check.text("desired_outcomes_text", max_length=DESIRED_OUTCOMES_MAX,
               required=_l("Enter the outcomes the person wanted, in their own words") if expressed else None,
               too_long=_l("Desired outcomes must be %(max)s characters or fewer", max="5,000"))
    check.choice("outcomes_achieved", OutcomesAchieved, required=False, message=_l(
        "Select whether the person’s outcomes were achieved"))
    if not expressed:
        if check.clean.get("desired_outcomes_text"):
            check.fail("desired_outcomes_text", _l(
                "Only record desired outcomes when the person was asked and expressed outcomes"))
        if check.clean.get("outcomes_achieved"):
            check.fail("outcomes_achieved", _l(
                "Only record whether outcomes were achieved when the person expressed outcomes"))
    check.choice("risk_outcome", RiskOutcome, required=False, message=_l(
        "Select what happened to the risk"))
    return check.result


def record_msp_items(session: Session, enquiry: Enquiry, clean: dict, actor) -> list[str]:
    """Store the checked answers and commit; returns the names of the items that changed."""
    changed = []
    for field in MSP_FIELDS:
        if field in clean and getattr(enquiry, field) != clean[field]:
            setattr(enquiry, field, clean[field])
            changed.append(field)
    if changed:
        audit.record(session, "msp_record_updated", enquiry, user=actor, changed=changed)
        session.commit()
    return changed

"""Consent recorded by staff: the person's decision, how it was obtained, and withdrawals.

Everything goes through ``feedback_app.consent.record_consent``, the ledger every channel
shares, so a withdrawal recorded here cancels anything still waiting to be sent.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ...consent import record_consent
from ...models import Channel, ConsentEvent, ConsentKind, Participant
from .checks import Checker

DECISIONS = (ConsentKind.GIVEN.value, ConsentKind.DECLINED.value, ConsentKind.LATER.value)
HOW_OBTAINED = ("in_person", "phone", "letter", "advocate")
NOTE_MAX = 1000


def _how_and_note(check: Checker, how_message) -> None:
    check.choice("how", HOW_OBTAINED, message=how_message)
    check.text("note", max_length=NOTE_MAX, too_long=_l(
        "The note must be %(max)s characters or fewer", max="1,000"))


def validate_consent(data: dict) -> tuple[dict, dict]:
    check = Checker(data)
    decision = check.choice("decision", DECISIONS, message=_l("Select what the person decided"))
    if decision:
        check.clean["decision"] = ConsentKind(decision)
    _how_and_note(check, _l("Select how you found out"))
    return check.result


def validate_withdrawal(data: dict) -> tuple[dict, dict]:
    check = Checker(data)
    _how_and_note(check, _l("Select how they told us"))
    return check.result


def record_consent_decision(session: Session, participant: Participant, clean: dict, actor) -> ConsentEvent:
    """Append the decision to the ledger and commit."""
    event = record_consent(session, participant, clean["decision"], Channel.STAFF, actor=actor,
                           how=clean["how"], note=clean.get("note"))
    session.commit()
    return event


def record_erasure_request(session: Session, participant: Participant, clean: dict, actor) -> ConsentEvent:
    """The person asked for their answers and details to be deleted: recorded, and carried out by
    the jobs runner; like a withdrawal, pending requests for feedback are cancelled at once."""
    event = record_consent(session, participant, ConsentKind.ERASE_REQUESTED, Channel.STAFF, actor=actor,
                           how=clean["how"], note=clean.get("note"))
    session.commit()
    return event


def record_withdrawal(session: Session, participant: Participant, clean: dict, actor) -> ConsentEvent:
    """Withdrawal wins at once: pending requests for feedback are cancelled in the same commit."""
    event = record_consent(session, participant, ConsentKind.WITHDRAWN, Channel.STAFF, actor=actor,
                           how=clean["how"], note=clean.get("note"))
    session.commit()
    return event

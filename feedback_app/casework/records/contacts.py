"""Phone numbers and postal addresses, and the safe-contact check each needs before use.

Contact can put a person at risk when the person causing harm shares their phone or post, so a
route is usable only once a practitioner has recorded that it is private to the person.
"""
from __future__ import annotations

import re
from datetime import time

import phonenumbers
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from ... import audit
from ...models import ContactKind, ContactPoint, Participant, utcnow
from ...phones import InvalidPhoneNumber, is_mobile, normalise_phone
from .checks import Checker

ADDRESS_LINE_MAX = 100
CODE_WORD_MAX = 200
# The shapes of UK postcodes (and the special GIR 0AA), checked after removing spaces.
POSTCODE = re.compile(r"^(GIR0AA|[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][ABD-HJLNP-UW-Z]{2})$")
CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def validate_phone(data: dict) -> tuple[dict, dict]:
    check = Checker(data)
    raw = check.text("phone", max_length=40, required=_l("Enter a phone number"),
                     too_long=_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
    if raw:
        try:
            check.clean["phone"] = normalise_phone(raw)
        except InvalidPhoneNumber as problem:
            check.fail("phone", problem.args[0])
    return check.result


def validate_postal(data: dict) -> tuple[dict, dict]:
    check = Checker(data)
    too_long = _l("Each line of the address must be %(max)d characters or fewer", max=ADDRESS_LINE_MAX)
    check.text("address_line_1", max_length=ADDRESS_LINE_MAX, too_long=too_long,
               required=_l("Enter address line 1, typically the building and street"))
    check.text("address_line_2", max_length=ADDRESS_LINE_MAX, too_long=too_long)
    check.text("town", max_length=ADDRESS_LINE_MAX, too_long=too_long, required=_l("Enter town or city"))
    raw = check.text("postcode", max_length=20, required=_l("Enter postcode"),
                     too_long=_l("Enter a real postcode"))
    if raw:
        squashed = re.sub(r"\s+", "", raw).upper()
        if POSTCODE.match(squashed):
            check.clean["postcode"] = f"{squashed[:-3]} {squashed[-3:]}"
        else:
            check.fail("postcode", _l("Enter a real postcode"))
    return check.result


def add_contact_point(session: Session, participant: Participant, kind: ContactKind, clean: dict,
                      actor) -> ContactPoint:
    """Store a checked phone number or address; it cannot be used until its safety check."""
    if kind == ContactKind.PHONE:
        value = clean["phone"]
    else:
        value = "\n".join(clean[field] for field in ("address_line_1", "address_line_2", "town", "postcode")
                          if clean.get(field))
    contact = ContactPoint(organisation_id=participant.organisation_id, participant_id=participant.id,
                           kind=kind, value=value, may_name_council=False)
    session.add(contact)
    session.flush()
    audit.record(session, "contact_point_added", contact, user=actor, kind=kind.value,
                 participant_id=participant.id)
    session.commit()
    return contact


def parse_clock(value) -> time | None:
    if isinstance(value, time):
        return value
    match = CLOCK.match(str(value or "").strip())
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def validate_safe_check(data: dict) -> tuple[dict, dict]:
    """The safe-contact check. A route that is not private is recorded as such and never used,
    so nothing else about it needs answering."""
    check = Checker(data)
    private = check.yes_no("is_private", message=_l("Select whether this is private to the person"))
    if private is False:
        check.clean.update(may_name_council=False, safe_from=None, safe_until=None, code_word=None)
        return check.result
    check.yes_no("may_name_council", message=_l("Select whether a message may say it is from the council"))
    times = {}
    for field, message in (("safe_from", _l("Enter the time it is safe from, like 09:30")),
                           ("safe_until", _l("Enter the time it is safe until, like 17:00"))):
        if check.given(field):
            times[field] = parse_clock(check.data[field])
            if times[field] is None:
                check.fail(field, message)
        else:
            times[field] = None
    if "safe_from" not in check.errors and "safe_until" not in check.errors:
        start, end = times["safe_from"], times["safe_until"]
        if (start is None) != (end is None):
            missing = "safe_until" if end is None else "safe_from"
            check.fail(missing, _l("Enter both safe times, or leave both empty"))
        elif start is not None and start >= end:
            check.fail("safe_until", _l("The time it is safe until must be after the time it is safe from"))
        else:
            check.clean.update(times)
    check.text("code_word", max_length=CODE_WORD_MAX, too_long=_l(
        "Code word or instruction must be %(max)d characters or fewer", max=CODE_WORD_MAX))
    return check.result


def record_safe_check(session: Session, contact: ContactPoint, clean: dict, actor) -> ContactPoint:
    """Record the check, and who made it and when: every check replaces the one before."""
    for field in ("is_private", "may_name_council", "safe_from", "safe_until", "code_word"):
        setattr(contact, field, clean.get(field))
    contact.safe_checked_by_id = actor.id
    contact.safe_checked_at = utcnow()
    audit.record(session, "safe_contact_checked", contact, user=actor, private=bool(contact.is_private))
    session.commit()
    return contact


def contact_status(contact: ContactPoint) -> str:
    """``usable``, ``not_checked`` or ``not_private``."""
    if contact.safe_checked_at is None or contact.is_private is None:
        return "not_checked"
    if not contact.is_private:
        return "not_private"
    return "usable" if contact.safe_check_complete else "not_checked"


def can_receive_texts(contact: ContactPoint) -> bool:
    if contact.kind != ContactKind.PHONE or not contact.value:
        return False
    try:
        number = phonenumbers.parse(contact.value, "GB")
    except phonenumbers.NumberParseException:
        return False
    return is_mobile(number)


def textable_contacts(participant: Participant) -> list[ContactPoint]:
    """Mobile numbers that passed the safe-contact check and are still held."""
    return [contact for contact in participant.contact_points
            if contact.purged_at is None and contact_status(contact) == "usable" and can_receive_texts(contact)]


def postable_contacts(participant: Participant) -> list[ContactPoint]:
    """Postal addresses that passed the safe-contact check and are still held."""
    return [contact for contact in participant.contact_points
            if contact.purged_at is None and contact.kind == ContactKind.POSTAL and contact.value
            and contact_status(contact) == "usable"]

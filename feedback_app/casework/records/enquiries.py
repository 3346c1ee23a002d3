"""Registering an enquiry, changing its details, and closing it.

The council's case reference is never stored: only its keyed hash, to find duplicates and
matching rows in later imports, and a short hint that lets a practitioner recognise the case.
"""
from __future__ import annotations

from dataclasses import replace

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ... import audit
from ...casework_refs import case_reference_hash, case_reference_hint
from ...models import Enquiry, EnquiryKind, Membership, Organisation, Role, User
from .checks import Checker, DateMessages, RecordRejected, today
from .scheduling import follow_closure

CASE_REFERENCE_MAX = 64

OPENED = DateMessages(
    required=_l("Enter the date the enquiry opened"),
    incomplete=_l("Date opened must include a day, month and year"),
    invalid=_l("Date opened must be a real date"),
    out_of_range=_l("Date opened must be today or in the past"),
)
CLOSED = DateMessages(
    required=None,
    incomplete=_l("Date closed must include a day, month and year"),
    invalid=_l("Date closed must be a real date"),
    out_of_range=_l("Date closed must be today or in the past"),
)
CLOSED_REQUIRED = replace(CLOSED, required=_l("Enter the date the enquiry closed"))
CLOSED_BEFORE_OPENED = _l("Date closed must be the same as or after the date opened")
DUPLICATE_REFERENCE = _l("An enquiry with this case reference is already registered")
UNKNOWN_LEAD = _l("Select who leads the enquiry")


def validate_enquiry(data: dict, *, with_reference: bool = True) -> tuple[dict, dict]:
    """Check an enquiry's details; ``with_reference=False`` when changing an existing one."""
    check = Checker(data)
    if with_reference:
        check.text("case_reference", max_length=CASE_REFERENCE_MAX,
                   required=_l("Enter the case reference"),
                   too_long=_l("Case reference must be %(max)d characters or fewer", max=CASE_REFERENCE_MAX))
    check.choice("kind", EnquiryKind, message=_l("Select the kind of enquiry"))
    opened = check.date("opened_on", OPENED, latest=today())
    closed = check.date("closed_on", CLOSED, latest=today())
    if opened and closed and closed < opened:
        check.fail("closed_on", CLOSED_BEFORE_OPENED)
    if check.given("lead_user_id"):
        lead = str(check.data["lead_user_id"]).strip()
        # A user's id: ASCII digits, no longer than an id can be ("³" and a 5,000-digit number are not).
        if lead.isascii() and lead.isdigit() and len(lead) <= 10:
            check.clean["lead_user_id"] = int(lead)
        else:
            check.fail("lead_user_id", UNKNOWN_LEAD)
    else:
        check.clean["lead_user_id"] = None
    return check.result


def validate_closure(enquiry: Enquiry, data: dict) -> tuple[dict, dict]:
    """Check the date an enquiry closed, against the date it opened."""
    check = Checker(data)
    closed = check.date("closed_on", CLOSED_REQUIRED, latest=today())
    if closed and closed < enquiry.opened_on:
        check.fail("closed_on", CLOSED_BEFORE_OPENED)
    return check.result


def possible_leads(session: Session, organisation_id: int) -> list[User]:
    """The council's practitioners who can still sign in: the people who may lead an enquiry."""
    return list(session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id, Membership.role == Role.PRACTITIONER,
               User.active.is_(True))
        .order_by(User.name, User.id).distinct()
    ))


def _lead_id(session: Session, organisation_id: int, wanted: int | None, actor) -> int | None:
    leads = {user.id for user in possible_leads(session, organisation_id)}
    if wanted is None:
        return actor.id if actor is not None and actor.id in leads else None
    if wanted not in leads:
        raise RecordRejected({"lead_user_id": UNKNOWN_LEAD})
    return wanted


def find_by_reference(session: Session, organisation: Organisation, reference: str) -> Enquiry | None:
    return session.scalar(select(Enquiry).where(
        Enquiry.organisation_id == organisation.id,
        Enquiry.case_ref_hash == case_reference_hash(organisation, reference)))


def register_enquiry(session: Session, organisation: Organisation, clean: dict, actor,
                     imported: bool = False) -> Enquiry:
    """Create the enquiry from ``validate_enquiry``'s clean values and commit.

    Raises ``RecordRejected`` for a reference the council has already registered or a lead who
    is not one of its practitioners; nothing is written then.
    """
    if find_by_reference(session, organisation, clean["case_reference"]) is not None:
        raise RecordRejected({"case_reference": DUPLICATE_REFERENCE})
    enquiry = Enquiry(
        organisation_id=organisation.id,
        case_ref_hash=case_reference_hash(organisation, clean["case_reference"]),
        case_ref_hint=case_reference_hint(clean["case_reference"]),
        kind=clean["kind"], opened_on=clean["opened_on"], closed_on=clean.get("closed_on"),
        lead_user_id=_lead_id(session, organisation.id, clean.get("lead_user_id"), actor),
        imported=imported,
    )
    session.add(enquiry)
    try:
        session.flush()
    except IntegrityError:
        # Someone registered the same reference a moment ago.
        session.rollback()
        raise RecordRejected({"case_reference": DUPLICATE_REFERENCE})
    audit.record(session, "enquiry_registered", enquiry, user=actor, kind=enquiry.kind.value,
                 imported=imported, closed=enquiry.closed_on is not None)
    session.commit()
    return enquiry


def update_enquiry(session: Session, enquiry: Enquiry, clean: dict, actor) -> Enquiry:
    """Apply changed details (any of kind, dates and lead) and commit.

    Setting the closed date closes the enquiry; feedback timed from closure moves with it.
    """
    wanted_lead = clean.get("lead_user_id")
    if wanted_lead is not None and wanted_lead != enquiry.lead_user_id:
        _lead_id(session, enquiry.organisation_id, wanted_lead, None)
    else:
        # An unchanged lead stays, even one who has since left the council.
        clean = {key: value for key, value in clean.items() if key != "lead_user_id"}
    opened = clean.get("opened_on", enquiry.opened_on)
    closed = clean.get("closed_on", enquiry.closed_on)
    if closed and closed < opened:
        raise RecordRejected({"closed_on": CLOSED_BEFORE_OPENED})
    previous_closed_on = enquiry.closed_on
    changed = []
    for field in ("kind", "opened_on", "closed_on", "lead_user_id"):
        if field in clean and getattr(enquiry, field) != clean[field]:
            setattr(enquiry, field, clean[field])
            changed.append(field)
    if not changed:
        return enquiry
    moved = follow_closure(session, enquiry, previous_closed_on)
    action = "enquiry_closed" if previous_closed_on is None and enquiry.closed_on else "enquiry_updated"
    audit.record(session, action, enquiry, user=actor, changed=changed, invitations_moved=moved)
    session.commit()
    return enquiry

"""Demo data for the advocacy service: its admin and a second advocate; people of the first
council the service was asked to hear from (two given to the demo advocate: a representative of
an adult who lacks capacity to decide, and an adult to visit in person; one waiting for the
service's admin to give it to someone); and closed enquiries to draw an independent sample from."""
from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from ..assist.work import assign_to_partner, open_assignment, take_back
from ..capacity import REPRESENTATIVE_CONSENTS
from ..models import (
    Channel, ConsentEvent, ConsentKind, ContactKind, ContactPoint, EnquiryKind, InvitationStatus, Membership,
    Organisation, Participant, ParticipantRole, RepresentativeKind, Response, ResponseStatus, Role, User, utcnow,
)
from ..reports.periods import quarter_of
from ..screening import CONDITIONS

# (case reference, role, language, format needs, representative kind, given to the demo advocate)
VISITS = [
    ("DEMO-0010", ParticipantRole.REPRESENTATIVE, "en", [], RepresentativeKind.FAMILY, True),
    ("DEMO-0011", ParticipantRole.ADULT, "en", ["easy_read", "advocate_support"], None, True),
    ("DEMO-0012", ParticipantRole.ADULT, "ur", ["interpreter"], None, False),
]
SECOND_ADVOCATE = "advocate2@northshire-advocacy.example"


def add_advocacy_work(session, council: Organisation, advocacy: Organisation, enquiry_for, participant_for) -> None:
    advocate = session.scalar(select(User).where(User.email == f"advocate@{advocacy.slug}.example"))
    checker = session.scalar(select(User).where(User.email == f"practitioner@{council.slug}.example"))
    _second_advocate(session, advocacy)
    for number, (reference, role, language, needs, rep_kind, given) in enumerate(VISITS, start=1):
        enquiry = enquiry_for(reference)
        if role == ParticipantRole.REPRESENTATIVE:
            # The adult lacks capacity to decide about being asked: only the representative is.
            adult = participant_for(enquiry, ParticipantRole.ADULT, language, None)
            adult.capacity_basis = REPRESENTATIVE_CONSENTS
        person = participant_for(enquiry, role, language, rep_kind)
        person.format_needs = needs
        person.capacity_basis = "adult_consents" if role == ParticipantRole.ADULT else None
        person.screening = {condition: {"present": False} for condition in CONDITIONS}
        _consent(session, person)
        _safe_route(session, council, person, checker, number)
        current = open_assignment(session, person.id)
        if current is not None and _still_to_do(session, current):
            continue
        if current is not None:
            take_back(session, current, None)
            session.flush()
        assignment = assign_to_partner(session, person, advocacy, reference=f"NIA-{number:03d}",
                                       initials=("J. R.", "M. K.", "S. A.")[number - 1],
                                       note="Prefers mornings. Please phone first." if number == 2 else None,
                                       actor=checker)
        assignment.advocate_id = advocate.id if given else None
    session.flush()


def _second_advocate(session, advocacy: Organisation) -> None:
    """Another advocate of the same service: sees none of the demo advocate's people."""
    if session.scalar(select(User.id).where(User.email == SECOND_ADVOCATE)) is None:
        user = User(email=SECOND_ADVOCATE, name="Demo second advocate (Northshire Independent Advocacy)", active=True)
        user.memberships.append(Membership(organisation_id=advocacy.id, role=Role.ADVOCATE))
        session.add(user)


def _consent(session, person: Participant) -> None:
    latest = session.scalar(select(ConsentEvent.kind).where(ConsentEvent.participant_id == person.id)
                            .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()).limit(1))
    if latest != ConsentKind.GIVEN:
        session.add(ConsentEvent(organisation_id=person.organisation_id, participant_id=person.id,
                                 kind=ConsentKind.GIVEN, channel=Channel.STAFF, how="in_person",
                                 note="Agreed to a visit from an advocate (demo).", created_at=utcnow()))
        session.flush()


def _safe_route(session, council, person, checker, number, phone_number: str | None = None) -> None:
    if session.scalar(select(ContactPoint.id).where(ContactPoint.participant_id == person.id)) is not None:
        return
    phone = number != 2
    session.add(ContactPoint(
        organisation_id=council.id, participant_id=person.id, kind=ContactKind.PHONE if phone else ContactKind.POSTAL,
        value=(phone_number or f"+4477009003{20 + number}") if phone else "12 Mill Lane\nNorthtown\nNT2 3AB",
        is_private=True,
        may_name_council=number == 1, code_word="Ask for Jo" if number == 1 else None,
        safe_checked_by_id=checker.id, safe_checked_at=utcnow()))


def _still_to_do(session, assignment) -> bool:
    """A visit from an earlier run that can still be walked: nothing sent, still answerable."""
    invitation = assignment.invitation
    sent = session.scalar(select(Response.id).where(Response.invitation_id == assignment.invitation_id,
                                                    Response.status != ResponseStatus.IN_PROGRESS))
    return sent is None and invitation is not None and invitation.status in (
        InvitationStatus.SENT, InvitationStatus.OPENED) and invitation.expires_at > utcnow()


POOL_FLAG = "demo_sample_pool"
POOL_SIZE = 120


def add_sample_pool(session, council: Organisation, enquiry_for, participant_for) -> None:
    """Enquiries of the first council closed last quarter whose people agreed to be asked and
    have not been yet: an analyst can draw an independent sample from them. Made once."""
    if (council.settings or {}).get(POOL_FLAG):
        return
    rng = random.Random(2026)
    checker = session.scalar(select(User).where(User.email == f"practitioner@{council.slug}.example"))
    last_quarter = quarter_of(date.today()).previous()
    days = (last_quarter.end - last_quarter.start).days
    for number in range(1, POOL_SIZE + 1):
        enquiry = enquiry_for(f"DEMO-S{number:03d}")
        enquiry.kind = EnquiryKind.S42 if rng.random() < 0.7 else EnquiryKind.OTHER
        enquiry.closed_on = last_quarter.start + timedelta(days=rng.randint(0, days))
        enquiry.opened_on = enquiry.closed_on - timedelta(days=rng.randint(20, 90))
        adult = participant_for(enquiry, ParticipantRole.ADULT, "en", None)
        adult.screening = {condition: {"present": False} for condition in CONDITIONS}
        chance = rng.random()
        if chance < 0.25:
            # Lacks capacity to decide: a representative is asked instead (or, for one in five
            # of these, nobody is on record and the enquiry is screened out for that reason).
            adult.capacity_basis = REPRESENTATIVE_CONSENTS
            if rng.random() < 0.8:
                representative = participant_for(enquiry, ParticipantRole.REPRESENTATIVE, "en",
                                                 rng.choice(list(RepresentativeKind)))
                representative.screening = {condition: {"present": False} for condition in CONDITIONS}
                _safe_route(session, council, representative, checker, 3, f"+447700900{500 + number}")
        else:
            adult.capacity_basis = "adult_consents"
            _safe_route(session, council, adult, checker, 3, f"+447700900{500 + number}")
    council.settings = {**(council.settings or {}), POOL_FLAG: True}
    session.flush()

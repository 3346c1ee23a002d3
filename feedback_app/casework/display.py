"""What the enquiry and participant pages show, gathered in one place for each page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from babel.dates import format_date, format_datetime, format_time
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..consent import consent_state
from ..dispatch.reasons import describe_failure
from ..duty.display import contact_value
from ..labels import ASKED_BY_LABELS, ENQUIRY_KIND_LABELS
from ..models import (
    Assignment, ConsentEvent, ConsentState, ContactKind, Enquiry, Invitation, Organisation, Participant, Response, Timing, User,
)
from ..screening import CONDITIONS, unresolved_conditions
from .records import (
    LATE_WARNING, can_receive_texts, contact_status, days_after_closure, is_awaiting_closure, schedule_blockers,
)
from .records.checks import LONDON


def long_date(day: date) -> str:
    return format_date(day, "d MMMM yyyy", locale=get_locale())


def moment(at: datetime) -> str:
    return format_datetime(at, "d MMMM yyyy, HH:mm", tzinfo=LONDON, locale=get_locale())


def iso_moment(text: str | None) -> str:
    """A moment kept as ISO text inside a JSON column (screening answers)."""
    try:
        return moment(datetime.fromisoformat(text)) if text else ""
    except ValueError:
        return ""


def clock(at: time) -> str:
    return format_time(at, "HH:mm", locale=get_locale())


def when_due(invitation: Invitation, enquiry: Enquiry) -> str:
    """When the request goes out, in words: a date, or how it follows the enquiry's closure."""
    if is_awaiting_closure(invitation):
        days = days_after_closure(invitation, None) or 0
        if invitation.timing == Timing.AT_CLOSURE or days == 0:
            return _("When the enquiry closes")
        return ngettext("%(num)d day after the enquiry closes", "%(num)d days after the enquiry closes", days)
    return moment(invitation.due_at)


def user_names(session: Session, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def masked_contact_value(contact) -> str:
    """Enough to tell two routes apart, never enough to use one: a phone number's last three
    digits; an address not at all."""
    if contact.kind == ContactKind.PHONE and contact.value:
        digits = [ch for ch in contact.value if ch.isdigit()]
        return _("Ending in %(digits)s", digits="".join(digits[-3:]))
    return _("Hidden")


@dataclass
class ContactRow:
    contact: object
    status: str
    textable: bool
    checked_by: str | None
    # Practitioners see the whole route and code word; an administrator, whose work does not
    # need them, sees them masked.
    revealed: bool = True

    @property
    def shown_value(self) -> str:
        return contact_value(self.contact) if self.revealed else masked_contact_value(self.contact)

    @property
    def shown_code_word(self) -> str:
        if not self.contact.code_word:
            return _("None")
        return self.contact.code_word if self.revealed else _("Hidden")


@dataclass
class ParticipantDetails:
    participant: Participant
    enquiry: Enquiry
    consent: ConsentState
    ledger: list = field(default_factory=list)  # (event, recorded by)
    contacts: list[ContactRow] = field(default_factory=list)
    screening: list = field(default_factory=list)  # (condition, label, entry, recorded by)
    unresolved: list[str] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    blockers: dict = field(default_factory=dict)
    assignments: list = field(default_factory=list)  # (assignment, partner name, advocate given)
    responses: list = field(default_factory=list)  # (response, entered by)


def participant_details(session: Session, participant: Participant, reveal_contacts: bool = True) -> ParticipantDetails:
    ledger = list(session.scalars(select(ConsentEvent).where(ConsentEvent.participant_id == participant.id)
                                  .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc())))
    contacts = [c for c in participant.contact_points if c.purged_at is None]
    invitations = list(session.scalars(select(Invitation).where(Invitation.participant_id == participant.id)
                                       .order_by(Invitation.created_at.desc(), Invitation.id.desc())))
    screening = participant.screening or {}
    responses = list(session.scalars(select(Response).where(Response.participant_id == participant.id)
                                     .order_by(Response.created_at.desc(), Response.id.desc())))
    assignments = session.execute(
        select(Assignment, Organisation.name).join(Organisation, Organisation.id == Assignment.partner_id)
        .where(Assignment.participant_id == participant.id)
        .order_by(Assignment.ended_at.is_not(None), Assignment.id.desc())).all()
    names = user_names(session, [e.actor_user_id for e in ledger] + [c.safe_checked_by_id for c in contacts]
                       + [(screening.get(k) or {}).get("by") for k in CONDITIONS]
                       + [r.entered_by_id for r in responses])
    return ParticipantDetails(
        participant=participant, enquiry=participant.enquiry, consent=consent_state(session, participant.id),
        ledger=[(event, names.get(event.actor_user_id)) for event in ledger],
        contacts=[ContactRow(c, contact_status(c), can_receive_texts(c), names.get(c.safe_checked_by_id),
                             revealed=reveal_contacts) for c in contacts],
        screening=[(key, label, screening.get(key), names.get((screening.get(key) or {}).get("by")))
                   for key, label in CONDITIONS.items()],
        unresolved=unresolved_conditions(screening), invitations=invitations,
        blockers=schedule_blockers(session, participant),
        assignments=[(assignment, partner, assignment.advocate_id is not None) for assignment, partner in assignments],
        responses=[(response, names.get(response.entered_by_id)) for response in responses],
    )


@dataclass
class EnquiryDetails:
    enquiry: Enquiry
    lead: str | None
    participants: list  # (participant, consent state)
    invitations: list  # (invitation, participant)


def enquiry_details(session: Session, enquiry: Enquiry) -> EnquiryDetails:
    participants = sorted(enquiry.participants, key=lambda p: (p.role.value != "adult", p.id))
    invitations = session.execute(
        select(Invitation, Participant).join(Participant, Participant.id == Invitation.participant_id)
        .where(Participant.enquiry_id == enquiry.id)
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())).all()
    return EnquiryDetails(
        enquiry=enquiry, lead=user_names(session, [enquiry.lead_user_id]).get(enquiry.lead_user_id),
        participants=[(p, consent_state(session, p.id)) for p in participants],
        invitations=list(invitations),
    )


def filter_options(filters) -> dict:
    """For each filter a list offers: its label, the value chosen, and the choices."""
    return {
        "lead": (_("Enquiry lead"), filters.lead, [("me", _("Me")), ("anyone", _("Anyone in the council"))]),
        "state": (_("Open or closed"), filters.state,
                  [("", _("All")), ("open", _("Open")), ("closed", _("Closed"))]),
        "kind": (_("Kind of enquiry"), filters.kind.value if filters.kind else "",
                 [("", _("All"))] + [(kind.value, str(label)) for kind, label in ENQUIRY_KIND_LABELS.items()]),
        "asked_by": (_("Who asks"), filters.asked_by.value if filters.asked_by else "",
                     [("", _("Anyone"))] + [(who.value, str(label)) for who, label in ASKED_BY_LABELS.items()]),
    }


def template_helpers() -> dict:
    return {"long_date": long_date, "moment": moment, "clock": clock, "when_due": when_due, "iso_moment": iso_moment,
            "filter_options": filter_options, "failure_words": describe_failure,
            "display_contact": contact_value, "conditions": CONDITIONS, "late_warning": LATE_WARNING}

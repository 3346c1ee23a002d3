"""The lists a practitioner works from: their enquiries, and people at each stage of being asked."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    AskedBy, ConsentEvent, ConsentKind, Enquiry, EnquiryKind, Invitation, InvitationStatus, Participant, User,
)
from ..pagination import Page, paginate
from .access import CHANGE_ROLES, organisation_ids

PAGE_SIZE = 25
INVITATION_LISTS = {
    "due": (InvitationStatus.SCHEDULED,),
    "waiting": (InvitationStatus.SENT, InvitationStatus.OPENED),
    "answered": (InvitationStatus.COMPLETED,),
    "failed": (InvitationStatus.FAILED,),
}
# The ledger events after which the person is not to be asked (see feedback_app.consent).
NOT_TO_BE_ASKED = (ConsentKind.DECLINED, ConsentKind.WITHDRAWN, ConsentKind.ERASE_REQUESTED, ConsentKind.STOP)


@dataclass(frozen=True)
class Filters:
    lead: str = "me"  # "me" or "anyone"
    state: str = ""  # enquiries only: "", "open" or "closed"
    kind: EnquiryKind | None = None
    asked_by: AskedBy | None = None

    def as_args(self) -> dict:
        return {"lead": self.lead, "state": self.state or None,
                "kind": self.kind.value if self.kind else None,
                "asked_by": self.asked_by.value if self.asked_by else None}


def _member(enum_class, value):
    try:
        return enum_class(value) if value else None
    except ValueError:
        return None


def parse_filters(args, user) -> Filters:
    """Filters from a query string; anything unrecognised falls back to showing more, not less."""
    default_lead = "me" if organisation_ids(user, CHANGE_ROLES) else "anyone"
    lead = args.get("lead") if args.get("lead") in ("me", "anyone") else default_lead
    state = args.get("state") if args.get("state") in ("open", "closed") else ""
    return Filters(lead=lead, state=state, kind=_member(EnquiryKind, args.get("kind")),
                   asked_by=_member(AskedBy, args.get("asked_by")))


def _page(session: Session, query, number: int) -> Page:
    return paginate(session, query, number, PAGE_SIZE)


def _enquiry_conditions(user, filters: Filters) -> list:
    conditions = [Enquiry.organisation_id.in_(organisation_ids(user))]
    if filters.lead == "me":
        conditions.append(Enquiry.lead_user_id == user.id)
    if filters.kind:
        conditions.append(Enquiry.kind == filters.kind)
    return conditions


def enquiry_list(session: Session, user, filters: Filters, number: int = 1) -> Page:
    """Rows of (enquiry, lead's name, number of participants), open ones first, newest first."""
    conditions = _enquiry_conditions(user, filters)
    if filters.state == "open":
        conditions.append(Enquiry.closed_on.is_(None))
    elif filters.state == "closed":
        conditions.append(Enquiry.closed_on.is_not(None))
    participants = (select(func.count(Participant.id)).where(Participant.enquiry_id == Enquiry.id)
                    .correlate(Enquiry).scalar_subquery())
    query = (select(Enquiry, User.name, participants)
             .outerjoin(User, User.id == Enquiry.lead_user_id).where(*conditions)
             .order_by(Enquiry.closed_on.is_not(None), Enquiry.opened_on.desc(), Enquiry.id.desc()))
    return _page(session, query, number)


def invitation_list(session: Session, user, which: str, filters: Filters, number: int = 1) -> Page:
    """Rows of (invitation, participant, enquiry) at one stage of being asked."""
    conditions = _enquiry_conditions(user, filters) + [Invitation.status.in_(INVITATION_LISTS[which])]
    if filters.asked_by:
        conditions.append(Invitation.asked_by == filters.asked_by)
    order = {
        "due": (Invitation.due_at, Invitation.id),
        "waiting": (func.coalesce(Invitation.sent_at, Invitation.due_at), Invitation.id),
    }.get(which, (Invitation.due_at.desc(), Invitation.id.desc()))
    query = (select(Invitation, Participant, Enquiry)
             .join(Participant, Participant.id == Invitation.participant_id)
             .join(Enquiry, Enquiry.id == Participant.enquiry_id)
             .where(*conditions).order_by(*order))
    return _page(session, query, number)


def declined_list(session: Session, user, filters: Filters, number: int = 1) -> Page:
    """Rows of (latest consent event, participant, enquiry) for people who said no or withdrew."""
    ranked = select(
        ConsentEvent.participant_id, ConsentEvent.id.label("event_id"),
        func.row_number().over(partition_by=ConsentEvent.participant_id,
                               order_by=(ConsentEvent.created_at.desc(), ConsentEvent.id.desc())).label("rank"),
    ).where(ConsentEvent.kind != ConsentKind.ERASED).subquery()
    query = (select(ConsentEvent, Participant, Enquiry)
             .join(ranked, (ranked.c.event_id == ConsentEvent.id) & (ranked.c.rank == 1))
             .join(Participant, Participant.id == ConsentEvent.participant_id)
             .join(Enquiry, Enquiry.id == Participant.enquiry_id)
             .where(*_enquiry_conditions(user, filters), ConsentEvent.kind.in_(NOT_TO_BE_ASKED))
             .order_by(ConsentEvent.created_at.desc(), ConsentEvent.id.desc()))
    return _page(session, query, number)

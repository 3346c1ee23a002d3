"""Finding the invitation behind a reference code typed from a returned form.

A code is checked in this order, and the answer says which problem it met, so that the person
keying knows what to do with the form in their hand: typed wrong (its check character fails),
unknown (including another council's code: staff must not learn that it exists), withdrawn (the
request was cancelled, the person said no or asked for their answers to be deleted), used (the
answers were already recorded, keyed or given online), or fine.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..consent import consent_state
from ..models import (
    ConsentState, Invitation, InvitationStatus, KeyingStatus, PaperKeying, Response, ResponseStatus,
)
from ..tokens import has_valid_check, normalise_reference_code

# A returned form may be keyed once it could have been posted, and after its date has passed:
# paper comes back late, and the figures say when each answer came.
KEYABLE = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT, InvitationStatus.OPENED,
           InvitationStatus.EXPIRED)


class CodeProblem(str, enum.Enum):
    EMPTY = "empty"
    MISTYPED = "mistyped"
    UNKNOWN = "unknown"
    WITHDRAWN = "withdrawn"
    USED = "used"


@dataclass(frozen=True)
class FoundCode:
    code: str
    invitation: Invitation | None = None
    problem: CodeProblem | None = None
    keyings: tuple = ()

    @property
    def waiting(self) -> PaperKeying | None:
        """The first keying, when it waits for a second person."""
        return next((k for k in self.keyings if k.status == KeyingStatus.WAITING), None)

    @property
    def different(self) -> bool:
        return any(k.status == KeyingStatus.DIFFERENT for k in self.keyings)


def open_keyings(session: Session, invitation_id: int) -> tuple:
    return tuple(session.scalars(select(PaperKeying).where(
        PaperKeying.invitation_id == invitation_id,
        PaperKeying.status.in_((KeyingStatus.WAITING, KeyingStatus.DIFFERENT))).order_by(PaperKeying.id)))


def find_code(session: Session, typed: str | None, organisation_ids: set[int]) -> FoundCode:
    """The paper invitation of ``typed`` among ``organisation_ids``' councils, or its problem."""
    code = normalise_reference_code(typed or "")
    if not code:
        return FoundCode(code, problem=CodeProblem.EMPTY)
    invitation = session.scalar(select(Invitation).where(
        Invitation.reference_code == code, Invitation.organisation_id.in_(organisation_ids)))
    if invitation is None:
        return FoundCode(code, problem=CodeProblem.UNKNOWN if has_valid_check(code) else CodeProblem.MISTYPED)
    response_status = session.scalar(select(Response.status).where(Response.invitation_id == invitation.id))
    withdrawn = (response_status == ResponseStatus.ERASED
                 or invitation.status in (InvitationStatus.CANCELLED, InvitationStatus.FAILED)
                 or consent_state(session, invitation.participant_id) in (ConsentState.WITHDRAWN,
                                                                         ConsentState.DECLINED))
    if withdrawn:
        return FoundCode(code, invitation, CodeProblem.WITHDRAWN)
    if response_status is not None or invitation.status not in KEYABLE:
        return FoundCode(code, invitation, CodeProblem.USED)
    return FoundCode(code, invitation, keyings=open_keyings(session, invitation.id))

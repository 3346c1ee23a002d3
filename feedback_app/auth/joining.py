"""Inviting someone who already has an account with another organisation.

Addresses are unique across the service, so a second account cannot be made. Instead of refusing
(which would tell the administrator that the address belongs to someone elsewhere), the service
keeps a pending membership and shows the administrator exactly what it shows for someone new: a
link, an expiry, and an "Invited" row among their users. The person follows the link and signs in
with the password they already have; only then do they join.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import audit
from ..models import Membership, Organisation, PendingMembership, User, utcnow
from ..models.enums import Role
from .accounts import RoleNotAllowed
from .passwords import verify_password
from .roles import roles_for


@dataclass
class InvitedToJoin:
    """What the administrator's pages show of a pending membership, in the shape of a user."""

    id: int
    name: str
    email: str
    invite_expires_at: datetime
    role: Role
    organisation_id: int
    password_hash: None = None  # so that it reads as an invitation not yet accepted
    active: bool = True
    last_sign_in_at: None = None
    joining: bool = True

    @property
    def memberships(self) -> list[Membership]:
        return [Membership(organisation_id=self.organisation_id, role=self.role)]


def shown(pending: PendingMembership) -> InvitedToJoin:
    return InvitedToJoin(pending.id, pending.name, pending.email, pending.expires_at, pending.role,
                         pending.organisation_id)


def invite_to_join(session: Session, organisation: Organisation, existing: User, *, name: str, email: str,
                   role: Role, invited_by: User, token_hash: str, expires_at: datetime) -> InvitedToJoin:
    """Keep a pending membership of ``organisation`` for ``existing``; any earlier one goes."""
    if role not in roles_for(organisation.kind):
        raise RoleNotAllowed(f"The role {role.value!r} does not apply to {organisation.name}.")
    session.execute(delete(PendingMembership).where(PendingMembership.organisation_id == organisation.id,
                                                    PendingMembership.user_id == existing.id))
    pending = PendingMembership(organisation_id=organisation.id, user_id=existing.id, name=name.strip(),
                                email=email, role=role, token_hash=token_hash, expires_at=expires_at,
                                invited_by_id=invited_by.id)
    session.add(pending)
    session.flush()
    # The same action as for someone new, so the trail does not tell the two apart either.
    audit.record_about(session, "user_invited", "User", existing.id, organisation_id=organisation.id,
                       user=invited_by, role=role.value)
    session.commit()
    return shown(pending)


def pending_invitations(session: Session, organisation_id: int) -> list[InvitedToJoin]:
    return [shown(pending) for pending in session.scalars(
        select(PendingMembership).where(PendingMembership.organisation_id == organisation_id)
        .order_by(PendingMembership.name, PendingMembership.id))]


def pending_invitation(session: Session, organisation_id: int, pending_id: int) -> PendingMembership | None:
    return session.scalar(select(PendingMembership).where(PendingMembership.id == pending_id,
                                                          PendingMembership.organisation_id == organisation_id))


def find_pending(session: Session, hashed_token: str | None) -> PendingMembership | None:
    """The still-valid pending membership a link belongs to."""
    if not hashed_token:
        return None
    pending = session.scalar(select(PendingMembership).where(PendingMembership.token_hash == hashed_token))
    if pending is None or pending.expires_at <= utcnow():
        return None
    user = session.get(User, pending.user_id)
    return pending if user is not None and user.active else None


def accept_membership(session: Session, hashed_token: str, password: str) -> User | None:
    """Join the organisation if ``password`` is the account's own; None otherwise."""
    pending = find_pending(session, hashed_token)
    if pending is None:
        return None
    user = session.get(User, pending.user_id)
    if not verify_password(user.password_hash, password):
        audit.record(session, "sign_in_failed", organisation_id=pending.organisation_id, joining=True)
        session.commit()
        return None
    removed = session.execute(delete(PendingMembership).where(PendingMembership.id == pending.id,
                                                              PendingMembership.token_hash == hashed_token))
    if removed.rowcount != 1:  # the same link, used twice at once
        session.rollback()
        return None
    if not any(m.organisation_id == pending.organisation_id and m.role == pending.role for m in user.memberships):
        user.memberships.append(Membership(organisation_id=pending.organisation_id, role=pending.role))
    audit.record(session, "invitation_accepted", user, organisation_id=pending.organisation_id, user=user,
                 role=pending.role.value)
    session.commit()
    return user


def cancel_pending(session: Session, pending: PendingMembership, actor: User) -> None:
    audit.record_about(session, "invitation_cancelled", "PendingMembership", pending.id,
                       organisation_id=pending.organisation_id, user=actor)
    session.delete(pending)
    session.commit()


def new_link(session: Session, pending: PendingMembership, actor: User, token_hash: str, expires_at) -> None:
    pending.token_hash, pending.expires_at = token_hash, expires_at
    audit.record_about(session, "invitation_reissued", "PendingMembership", pending.id,
                       organisation_id=pending.organisation_id, user=actor)
    session.commit()


def unused_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits, as for a new user's link

"""An administrator's view of their organisation's users, and the changes they can make.

Users and memberships are not organisation-scoped records (a person may in principle belong to
more than one organisation), so every query here filters on the administrator's organisation
explicitly rather than relying on the session's scope.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..auth.accounts import AccountError, end_all_sessions
from ..auth.invitations import is_pending
from ..models import Membership, Organisation, User, utcnow
from ..models.enums import Role


class CannotChangeOwnAccount(AccountError):
    pass


STATUS_LABELS = {
    "active": _l("Active"),
    "invited": _l("Invited"),
    "invitation_expired": _l("Invitation expired"),
    "deactivated": _l("Deactivated"),
}


def administered_organisation(user: User) -> Organisation | None:
    """The organisation ``user`` administers (the first, should they administer several)."""
    memberships = sorted(
        (m for m in user.memberships if m.role == Role.ADMIN), key=lambda m: m.organisation_id
    )
    return memberships[0].organisation if memberships else None


def _members_of(organisation_id: int):
    return select(Membership.user_id).where(Membership.organisation_id == organisation_id)


def organisation_users(session: Session, organisation_id: int) -> list[User]:
    return list(session.scalars(
        select(User).where(User.id.in_(_members_of(organisation_id))).order_by(User.name, User.id)
    ))


def organisation_user(session: Session, organisation_id: int, user_id: int) -> User | None:
    """The user with ``user_id`` if they belong to the organisation; None otherwise."""
    return session.scalar(
        select(User).where(User.id == user_id, User.id.in_(_members_of(organisation_id)))
    )


def roles_in(user: User, organisation_id: int) -> list[Role]:
    return [m.role for m in user.memberships if m.organisation_id == organisation_id]


def account_status(user: User) -> str:
    if not user.active:
        return "deactivated"
    if is_pending(user):
        expired = user.invite_expires_at is None or user.invite_expires_at <= utcnow()
        return "invitation_expired" if expired else "invited"
    return "active"


def deactivate_user(session: Session, user: User, organisation_id: int, actor: User) -> None:
    """Stop ``user`` signing in, and end the sessions they already have."""
    if user.id == actor.id:
        raise CannotChangeOwnAccount("You cannot deactivate your own account.")
    if not user.active:
        return
    user.active = False
    end_all_sessions(user)
    audit.record(session, "user_deactivated", user, organisation_id=organisation_id, user=actor)
    session.commit()


def reactivate_user(session: Session, user: User, organisation_id: int, actor: User) -> None:
    if user.active:
        return
    user.active = True
    audit.record(session, "user_reactivated", user, organisation_id=organisation_id, user=actor)
    session.commit()

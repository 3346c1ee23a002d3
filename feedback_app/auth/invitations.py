"""Invitations to staff: a single-use link with which a user sets their own password.

The same link serves a new user and one who has forgotten their password. There is no email
backend, so the administrator is shown the link once and passes it on. Only
the SHA-256 of the link's random token is stored, so a copy of the database cannot be used to
take over an account that has not yet been set up.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import audit
from ..models import Organisation, User, utcnow
from ..models.enums import Role
from .accounts import AccountError, add_user, find_user_by_email, normalise_email, primary_organisation_id
from .joining import InvitedToJoin, invite_to_join, unused_token
from .passwords import hash_password

INVITATION_LIFETIME = timedelta(days=7)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_token(user: User) -> str:
    token = secrets.token_urlsafe(32)  # 256 bits
    user.invite_token_hash = token_hash(token)
    user.invite_expires_at = utcnow() + INVITATION_LIFETIME
    return token


def invite_user(session: Session, organisation: Organisation, *, email: str, name: str, role: Role,
                invited_by: User) -> tuple[User | InvitedToJoin, str]:
    """Create a user without a password and return them with the token for their link.

    An address that already has an account elsewhere gets a pending membership instead, shown in
    the same way (see joining.py); one already in this organisation is refused as a duplicate."""
    existing = find_user_by_email(session, email)
    if existing is not None and organisation.id not in existing.organisation_ids:
        token = unused_token()
        return invite_to_join(session, organisation, existing, name=name, email=normalise_email(email), role=role,
                              invited_by=invited_by, token_hash=token_hash(token),
                              expires_at=utcnow() + INVITATION_LIFETIME), token
    user = add_user(session, email=email, name=name, organisation=organisation, role=role)
    token = _issue_token(user)
    audit.record(session, "user_invited", user, organisation_id=organisation.id, user=invited_by,
                 role=role.value)
    session.commit()
    return user, token


def is_pending(user: User) -> bool:
    """True for a user who was invited and has not yet set a password."""
    return user.password_hash is None


def reissue_invitation(session: Session, user: User, organisation_id: int, issued_by: User) -> str:
    """A new link for ``user``: a lost or expired invitation, or a forgotten password.

    Any earlier link stops working. A user who already has a password keeps it until the link
    is used, so that nobody can lock a colleague out by asking for one.
    """
    if not user.active:
        raise AccountError("A deactivated user cannot be sent a link; reactivate them first.")
    action = "invitation_reissued" if is_pending(user) else "password_reset_link_created"
    token = _issue_token(user)
    audit.record(session, action, user, organisation_id=organisation_id, user=issued_by)
    session.commit()
    return token


def find_invited_user(session: Session, hashed_token: str | None) -> User | None:
    """The user a still-valid invitation belongs to; None when unknown, used or expired."""
    if not hashed_token:
        return None
    user = session.scalar(select(User).where(User.invite_token_hash == hashed_token))
    if user is None or not user.active:
        return None
    if user.invite_expires_at is None or user.invite_expires_at <= utcnow():
        return None
    return user


def accept_invitation(session: Session, hashed_token: str, password: str) -> User | None:
    """Set the password and spend the invitation; None if it was not (or is no longer) valid."""
    user = find_invited_user(session, hashed_token)
    if user is None:
        return None
    action = "invitation_accepted" if is_pending(user) else "password_reset"
    new_hash = hash_password(password)
    # Spend the token in the same statement that checks it, so that two requests racing with
    # one link cannot both succeed. A new password also ends every session made with the old one.
    result = session.execute(
        update(User)
        .where(User.id == user.id, User.invite_token_hash == hashed_token)
        .values(password_hash=new_hash, invite_token_hash=None, invite_expires_at=None,
                session_version=User.session_version + 1)
    )
    if result.rowcount != 1:
        session.rollback()
        return None
    audit.record(session, action, user, organisation_id=primary_organisation_id(user), user=user)
    session.commit()
    return user

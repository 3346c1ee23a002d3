"""Staff accounts: creating them, signing in and signing out, each with its audit event."""
from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..models import Membership, Organisation, User, utcnow
from ..models.enums import Role
from .passwords import hash_password, needs_rehash, verify_dummy_password, verify_password
from .roles import roles_for

MAX_EMAIL_LENGTH = 320
MAX_NAME_LENGTH = 200


class AccountError(Exception):
    """A change to an account that cannot be made; the message is safe to show."""


class InvalidEmail(AccountError):
    pass


class DuplicateEmail(AccountError):
    pass


class RoleNotAllowed(AccountError):
    pass


def normalise_email(value: str) -> str:
    # Addresses are compared without case: nobody expects Jo@Council and jo@council to differ.
    return (value or "").strip().lower()


def email_domain(value: str) -> str:
    _, _, domain = normalise_email(value).rpartition("@")
    return domain[:255]


def check_email(value: str) -> str:
    """The normalised address, or ``InvalidEmail`` saying what is wrong with it."""
    email = normalise_email(value)
    if len(email) > MAX_EMAIL_LENGTH:
        raise InvalidEmail(f"The email address must be {MAX_EMAIL_LENGTH} characters or fewer.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidEmail(f"{email!r} is not a valid email address: {error}")
    return email


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def primary_organisation_id(user: User) -> int | None:
    return user.organisation.id if user.organisation else None


def add_user(session: Session, *, email: str, name: str, organisation: Organisation, role: Role,
             password: str | None = None) -> User:
    """Add a user with one membership to the session, without committing."""
    if role not in roles_for(organisation.kind):
        raise RoleNotAllowed(f"The role {role.value!r} does not apply to {organisation.name}.")
    email = normalise_email(email)
    if find_user_by_email(session, email) is not None:
        raise DuplicateEmail(f"A user with the email address {email} already exists.")
    user = User(
        email=email, name=name.strip(),
        password_hash=hash_password(password) if password else None,
    )
    user.memberships.append(Membership(organisation_id=organisation.id, role=role))
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        # Someone else took the address between the check and the insert.
        session.rollback()
        raise DuplicateEmail(f"A user with the email address {email} already exists.")
    return user


def create_user(session: Session, *, email: str, name: str, organisation: Organisation, role: Role,
                password: str, created_by: User | None = None) -> User:
    """Create a user who can sign in straight away (used from the command line)."""
    user = add_user(session, email=email, name=name, organisation=organisation, role=role,
                    password=password)
    audit.record(session, "user_created", user, organisation_id=organisation.id, user=created_by,
                 role=role.value)
    session.commit()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user these credentials belong to, or None; either way the attempt is audited.

    Unknown addresses, wrong passwords and deactivated accounts are indistinguishable to the
    caller, and take about the same time, so the sign-in page reveals nothing about who has an
    account.
    """
    user = find_user_by_email(session, email)
    if user is None:
        verify_dummy_password(password)
        correct = False
    else:
        correct = verify_password(user.password_hash, password) and user.active
    if not correct:
        audit.record(session, "sign_in_failed", email_domain=email_domain(email))
        session.commit()
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    audit.record(session, "sign_in", user, organisation_id=primary_organisation_id(user), user=user)
    session.commit()
    return user


def end_all_sessions(user: User) -> None:
    """Make every session signed in as ``user`` stop working at its next request."""
    user.session_version = (user.session_version or 0) + 1


def sign_out(session: Session, user: User) -> None:
    end_all_sessions(user)
    audit.record(session, "sign_out", user, organisation_id=primary_organisation_id(user), user=user)
    session.commit()

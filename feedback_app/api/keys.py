"""API keys: random tokens shown once, of which only a SHA-256 hash is kept."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..models import ApiKey, Organisation, utcnow

KEY_BYTES = 32
PREFIX_LENGTH = 8
NAME_MAX = 100


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, organisation: Organisation, name: str, actor) -> tuple[ApiKey, str]:
    """Store a new key for ``organisation`` and commit; returns the record and the key itself."""
    key = secrets.token_urlsafe(KEY_BYTES)
    record = ApiKey(organisation_id=organisation.id, name=name, prefix=key[:PREFIX_LENGTH],
                    key_hash=hash_key(key), created_by_id=getattr(actor, "id", None))
    session.add(record)
    session.flush()
    audit.record(session, "api_key_created", record, user=actor, name=name, prefix=record.prefix)
    session.commit()
    return record, key


def revoke_key(session: Session, record: ApiKey, actor) -> bool:
    if record.revoked_at is not None:
        return False
    record.revoked_at = utcnow()
    audit.record(session, "api_key_revoked", record, user=actor, name=record.name, prefix=record.prefix)
    session.commit()
    return True


def active_key(session: Session, key: str) -> ApiKey | None:
    """The unrevoked key matching ``key``, or None."""
    if not key:
        return None
    record = session.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(key)))
    if record is None or record.revoked_at is not None:
        return None
    return record


def organisation_keys(session: Session, organisation_id: int) -> list[ApiKey]:
    return list(session.scalars(
        select(ApiKey).where(ApiKey.organisation_id == organisation_id)
        .order_by(ApiKey.revoked_at.is_not(None), ApiKey.created_at.desc(), ApiKey.id.desc())
    ))


def organisation_key(session: Session, organisation_id: int, key_id: int) -> ApiKey | None:
    return session.scalar(select(ApiKey).where(ApiKey.id == key_id, ApiKey.organisation_id == organisation_id))

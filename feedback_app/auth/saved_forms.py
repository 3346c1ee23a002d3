"""Keeping what a member of staff typed when their session ended under them.

A duty note written over forty minutes must not be lost because the session timed out before it
was saved. When a signed-out POST arrives (idle too long, signed in too long, or sent by the page
as its session ran out), its fields are kept, encrypted, for the same user and the page the form
was on; after signing in again that page shows what was typed and puts it back in the form.
Nothing is saved from the form: the person checks it and saves it again.
"""
from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Request, current_app
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..models import SavedForm, utcnow
from .urls import safe_next_url

KEPT_FOR = timedelta(hours=4)
# Added to the form's address by the page's script when it hands the form in because the session
# ran out: such a request is never acted on.
SIGNED_OUT_FIELD = "_session_ended"
NOT_KEPT = ("csrf_token", SIGNED_OUT_FIELD)


def _kept(name: str) -> bool:
    return name not in NOT_KEPT and "password" not in name.lower()


def form_page(request: Request) -> str:
    """The page the form was on: the page that sent it, when that was on this site, else its address."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    same_site = parts.netloc in (request.host, base.netloc)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return (safe_next_url(path) if same_site and path else None) or request.path


def keep_typed_form(session: Session, user_id: int, request: Request) -> str:
    """Keep the fields of ``request`` for ``user_id`` if anything was typed; returns the form's page."""
    page = form_page(request)
    if (request.content_length or 0) > (current_app.config.get("MAX_CONTENT_LENGTH") or 0):
        return page  # an upload, not typing: reading it would be refused as too large
    fields = [[name, value] for name, value in request.form.items(multi=True) if _kept(name) and value.strip()]
    if fields:
        session.execute(delete(SavedForm).where(SavedForm.user_id == user_id, SavedForm.page_path == page))
        session.add(SavedForm(user_id=user_id, page_path=page[:500], fields=json.dumps(fields)))
        session.commit()
    return page


def saved_form_for(session: Session, user_id: int, page: str) -> list[list[str]] | None:
    """What this user typed on this page before being signed out, if it is still kept."""
    kept = session.scalar(select(SavedForm).where(
        SavedForm.user_id == user_id, SavedForm.page_path == page, SavedForm.saved_at > utcnow() - KEPT_FOR,
    ).order_by(SavedForm.saved_at.desc()).limit(1))
    return json.loads(kept.fields) if kept else None


def has_saved_forms(session: Session, user_id: int) -> bool:
    return session.scalar(select(SavedForm.id).where(SavedForm.user_id == user_id,
                                                     SavedForm.saved_at > utcnow() - KEPT_FOR).limit(1)) is not None


def forget_saved_form(session: Session, user_id: int, page: str) -> None:
    """The form on ``page`` was sent again while signed in: what was kept is no longer needed."""
    session.execute(delete(SavedForm).where(SavedForm.user_id == user_id, SavedForm.page_path == page))
    session.commit()


def purge_saved_forms(session: Session, now=None) -> int:
    """Delete what was kept longer than it is useful; returns how many."""
    result = session.execute(delete(SavedForm).where(SavedForm.saved_at <= (now or utcnow()) - KEPT_FOR))
    session.commit()
    return result.rowcount or 0

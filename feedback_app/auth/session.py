"""Signed-in sessions for staff: loading the user, the idle timeout, and what they may see."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..db import db, scope_to_organisations
from ..extensions import login_manager
from ..i18n import SESSION_KEY as LANGUAGE_KEY
from ..models import Partnership, User
from ..models.enums import Role

LAST_SEEN_KEY = "last_seen"


def load_user(user_id: str) -> User | None:
    """Flask-Login's loader: the id carries the session version, so bumping it ends sessions."""
    try:
        raw_id, raw_version = user_id.split(":", 1)
        user_pk, version = int(raw_id), int(raw_version)
    except (AttributeError, ValueError):
        return None
    user = db.session.get(User, user_pk)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def visible_organisation_ids(user: User) -> set[int] | None:
    """The organisations whose records ``user`` may see; None means every one (aggregates only)."""
    if user.has_role(Role.NATIONAL):
        return None
    ids = set(user.organisation_ids)
    advocacy_ids = {m.organisation_id for m in user.memberships if m.role == Role.ADVOCATE}
    if advocacy_ids:
        ids |= set(db.session.scalars(
            select(Partnership.council_id).where(
                Partnership.partner_id.in_(advocacy_ids), Partnership.active.is_(True)
            )
        ))
    return ids


def _clear_session_keeping_language() -> None:
    language = session.get(LANGUAGE_KEY)
    session.clear()
    if language:
        session[LANGUAGE_KEY] = language


def start_session(user: User) -> None:
    """Sign ``user`` in with a fresh session, so nothing set before sign-in carries over."""
    _clear_session_keeping_language()
    login_user(user)
    session.permanent = True
    session[LAST_SEEN_KEY] = int(time.time())


def end_session() -> None:
    logout_user()
    _clear_session_keeping_language()


def safe_next_url(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None (so sign-in cannot send people away)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _enforce_idle_timeout():
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    limit = current_app.config["STAFF_IDLE_MINUTES"]
    now = int(time.time())
    last_seen = session.get(LAST_SEEN_KEY)
    if isinstance(last_seen, int) and now - last_seen > limit * 60:
        end_session()
        flash(ngettext(
            "You were signed out because you did not do anything for %(num)d minute.",
            "You were signed out because you did not do anything for %(num)d minutes.",
            limit,
        ), "signed_out")
        return redirect(url_for("auth.login"))
    session[LAST_SEEN_KEY] = now
    return None


# The person's own pages act for whoever holds the link or the form's code, never for a member of
# staff who happens to be signed in on the same browser, so staff scoping does not apply to them.
RESPONDENT_ENDPOINTS = ("respond.", "paper.code_page")


def _scope_queries():
    if (request.endpoint or "").startswith(RESPONDENT_ENDPOINTS):
        return
    if current_user.is_authenticated:
        organisation_ids = visible_organisation_ids(current_user)
        if organisation_ids is not None:
            scope_to_organisations(db.session, organisation_ids)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    app.before_request(_enforce_idle_timeout)
    app.before_request(_scope_queries)

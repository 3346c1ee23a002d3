"""Signed-in sessions for staff: loading the user, the idle timeout, and what they may see."""
from __future__ import annotations

import time

from flask import Flask, current_app, flash, g, has_request_context, jsonify, redirect, request, session, url_for
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..db import db, scope_to_organisations
from ..extensions import login_manager
from ..i18n import SESSION_KEY as LANGUAGE_KEY
from ..models import Partnership, User
from ..models.enums import Role
from .saved_forms import (
    SIGNED_OUT_FIELD, forget_saved_form, form_page, has_saved_forms, keep_typed_form, saved_form_for,
)
from .urls import safe_next_url

LAST_SEEN_KEY = "last_seen"
SIGNED_IN_KEY = "signed_in_at"
# Set while the signed-in user has forms kept from an earlier session (see saved_forms.py).
KEPT_FORMS_KEY = "kept_forms"
# Asking how long is left must not itself keep the session alive.
QUIET_ENDPOINTS = ("auth.session_status",)


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
    session[LAST_SEEN_KEY] = session[SIGNED_IN_KEY] = _now()
    # Looked for once here, so that pages only look for kept forms when there are some.
    if has_saved_forms(db.session, user.id):
        session[KEPT_FORMS_KEY] = True


def end_session() -> None:
    logout_user()
    _clear_session_keeping_language()


def _now() -> int:
    return int(time.time())


def _ended_message(reason: str, minutes: int, hours: int) -> str:
    if reason == "lifetime":
        return ngettext("You were signed out because you had been signed in for %(num)d hour.",
                        "You were signed out because you had been signed in for %(num)d hours.", hours)
    return ngettext("You were signed out because you did not do anything for %(num)d minute.",
                    "You were signed out because you did not do anything for %(num)d minutes.", minutes)


def session_seconds_left(now: int | None = None) -> int:
    """Seconds before this session ends, by the idle limit or the absolute one, whichever is sooner."""
    now = _now() if now is None else now
    config = current_app.config
    last_seen, signed_in_at = session.get(LAST_SEEN_KEY), session.get(SIGNED_IN_KEY)
    idle_end = (last_seen if isinstance(last_seen, int) else now) + config["STAFF_IDLE_MINUTES"] * 60
    lifetime_end = (signed_in_at if isinstance(signed_in_at, int) else now) + config["STAFF_SESSION_HOURS"] * 3600
    return min(idle_end, lifetime_end) - now


def _end_reason(now: int) -> str | None:
    config = current_app.config
    signed_in_at, last_seen = session.get(SIGNED_IN_KEY), session.get(LAST_SEEN_KEY)
    if isinstance(signed_in_at, int) and now - signed_in_at > config["STAFF_SESSION_HOURS"] * 3600:
        return "lifetime"
    if isinstance(last_seen, int) and now - last_seen > config["STAFF_IDLE_MINUTES"] * 60:
        return "idle"
    return None


def _enforce_session_limits():
    """End a session idle too long or signed in too long, keeping what a form being sent held."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    now = _now()
    reason = _end_reason(now)
    if request.endpoint in QUIET_ENDPOINTS:
        # Asking how long is left neither ends the session nor lengthens it: the page that asks
        # then hands in its form, which must still find the session to keep what was typed.
        return jsonify(seconds_left=0) if reason else None
    handed_in = request.method == "POST" and SIGNED_OUT_FIELD in request.args
    if reason is None and not handed_in:
        session[LAST_SEEN_KEY] = now
        session.setdefault(SIGNED_IN_KEY, now)
        return None
    page = request.full_path.rstrip("?") if request.method == "GET" else None
    kept = False
    if request.method == "POST":
        g.form_kept = session[KEPT_FORMS_KEY] = True
        page = keep_typed_form(db.session, current_user.id, request)
        kept = saved_form_for(db.session, current_user.id, page) is not None
    if reason is None:
        # The page handed its form in as its session ran out, but the session goes on (another
        # tab kept it alive): nothing is acted on; the page shows what was typed, to send again.
        return redirect(page)
    config = current_app.config
    end_session()
    flash(_ended_message(reason, config["STAFF_IDLE_MINUTES"], config["STAFF_SESSION_HOURS"]), "signed_out")
    if kept:
        flash(_l("What you had typed has been kept. It will be put back on the page when you sign in."),
              "signed_out")
    return redirect(url_for("auth.login", next=safe_next_url(page)))


def _session_timing() -> dict:
    """For the warning before an idle sign-out: seconds left, and how long before the end to warn."""
    # Documents made outside a request (a batch of letters, a report's PDF) have no session.
    if not has_request_context() or not (current_user and current_user.is_authenticated) \
            or (request.endpoint or "").startswith(RESPONDENT_ENDPOINTS):
        return {"session_seconds": None}
    idle = current_app.config["STAFF_IDLE_MINUTES"] * 60
    return {"session_seconds": max(session_seconds_left(), 1), "timeout_warn_seconds": min(120, idle // 2)}


def _offer_saved_form():
    """On a page where this user's typing was kept when they were signed out, offer it back."""
    if request.method != "GET" or request.endpoint == "static" or not current_user.is_authenticated \
            or (request.endpoint or "").startswith(RESPONDENT_ENDPOINTS) or not session.get(KEPT_FORMS_KEY):
        return
    g.saved_form = saved_form_for(db.session, current_user.id, request.full_path.rstrip("?"))


def _forget_sent_form(response):
    """A form sent again while signed in needs nothing kept for its page: it was saved, or it is
    shown again with what was sent and what to correct."""
    if session.get(KEPT_FORMS_KEY) and request.method == "POST" and response.status_code < 500 \
            and current_user.is_authenticated and request.endpoint not in QUIET_ENDPOINTS and not g.get("form_kept"):
        forget_saved_form(db.session, current_user.id, form_page(request))
        if not has_saved_forms(db.session, current_user.id):
            session.pop(KEPT_FORMS_KEY, None)
    return response


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
    app.before_request(_enforce_session_limits)
    app.context_processor(_session_timing)
    app.before_request(_offer_saved_form)
    app.after_request(_forget_sent_form)
    app.before_request(_scope_queries)

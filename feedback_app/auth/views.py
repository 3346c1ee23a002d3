"""Signing in and out, and setting a password from an invitation link."""
from flask import flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..db import db
from .. import limits
from . import accounts
from .blueprint import bp
from .forms import JoinForm, LoginForm, SetPasswordForm
from .joining import accept_membership, find_pending
from .roles import ROLE_LABELS
from .invitations import accept_invitation, find_invited_user, token_hash
from .passwords import password_problem
from .permissions import public, requires
from .session import end_session, session_seconds_left, start_session
from .urls import safe_next_url

# The invitation's token is swapped for this session key on first use, so that the token leaves
# the address bar (and browser history) before the person types a password.
INVITATION_KEY = "invitation"
JOINING_KEY = "joining"


@bp.route("/login", methods=["GET", "POST"])
@public
@limits.sign_in
def login():
    next_url = safe_next_url(request.args.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_url or url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            start_session(user)
            return redirect(next_url or url_for("main.index"))
        form.email.errors.append(_("Enter a correct email address and password"))
    return render_template("auth/login.html", form=form)


@bp.route("/session/status")
@requires(refuse_signed_out=True)
def session_status():
    """How long this session has left; asking does not make it longer."""
    return jsonify(seconds_left=max(session_seconds_left(), 0))


@bp.route("/session/keep-alive", methods=["POST"])
@requires(refuse_signed_out=True)
def keep_alive():
    """Stay signed in: the request itself resets the idle clock."""
    return jsonify(seconds_left=max(session_seconds_left(), 0))


@bp.route("/logout", methods=["POST"])
@requires()
def logout():
    accounts.sign_out(db.session, current_user._get_current_object())
    end_session()
    flash(_("You have signed out."), "success")
    return redirect(url_for("auth.login"))


def _invitation_not_valid():
    return render_template("auth/invitation_not_valid.html"), 404


@bp.route("/invitation/<token>")
@public
def invitation(token):
    hashed = token_hash(token)
    if find_pending(db.session, hashed) is not None:
        session[JOINING_KEY] = hashed
        return redirect(url_for("auth.join"))
    if find_invited_user(db.session, hashed) is None:
        return _invitation_not_valid()
    session[INVITATION_KEY] = hashed
    return redirect(url_for("auth.set_password"))


@bp.route("/invitation/join", methods=["GET", "POST"])
@public
@limits.joining
def join():
    """Joining an organisation with the account one already has: its own password, nothing new."""
    hashed = session.get(JOINING_KEY)
    pending = find_pending(db.session, hashed)
    if pending is None:
        return _invitation_not_valid()
    form = JoinForm()
    if form.validate_on_submit():
        user = accept_membership(db.session, hashed, form.password.data)
        if user is not None:
            session.pop(JOINING_KEY, None)
            start_session(user)
            flash(_("You have joined %(organisation)s.", organisation=pending.organisation.name), "success")
            return redirect(url_for("main.index"))
        form.password.errors.append(_("Enter a correct password"))
    return render_template("auth/join.html", form=form, pending=pending, role=ROLE_LABELS[pending.role])


GUESSABLE_MESSAGES = {
    "common": _l("Choose a password that is harder to guess: this one is too common or too simple"),
    "personal": _l("Choose a password without your email address or your organisation’s name in it"),
}


def _guessable(form, user) -> bool:
    """Add a message to the form if the new password is easy to guess; say whether it did."""
    problem = password_problem(form.password.data, email=user.email,
                               names=[m.organisation.name for m in user.memberships])
    if problem:
        form.password.errors = [*form.password.errors, GUESSABLE_MESSAGES[problem]]
    return problem is not None


@bp.route("/invitation", methods=["GET", "POST"])
@public
def set_password():
    hashed = session.get(INVITATION_KEY)
    user = find_invited_user(db.session, hashed)
    if user is None:
        return _invitation_not_valid()
    form = SetPasswordForm()
    if form.validate_on_submit() and not _guessable(form, user):
        if accept_invitation(db.session, hashed, form.password.data) is None:
            return _invitation_not_valid()
        # Whoever was signed in on this browser is not the person who has just set a password.
        end_session()
        flash(_("Your password has been set. Sign in to continue."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/set_password.html", form=form, user=user)

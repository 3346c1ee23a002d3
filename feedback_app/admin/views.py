"""Administration pages: an administrator manages the users and settings of their own organisation."""
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import abort, current_app, flash, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.accounts import DuplicateEmail
from ..auth.invitations import invite_user, is_pending, reissue_invitation
from ..auth.joining import pending_invitations
from ..auth.permissions import requires
from ..auth.roles import ORGANISATION_KIND_LABELS, ROLE_HINTS, ROLE_LABELS, roles_for
from ..db import db
from ..i18n import LANGUAGES, text_direction
from ..people_languages import offered_languages
from ..translation_status import language_statuses
from ..models.enums import Role
from .blueprint import bp
from .forms import ConfirmForm, InviteUserForm
from .settings_form import CouncilSettingsForm
from .settings import save_settings
from .users import (
    STATUS_LABELS,
    CannotChangeOwnAccount,
    account_status,
    administered_organisation,
    deactivate_user,
    organisation_user,
    organisation_users,
    reactivate_user,
    roles_in,
)

LONDON = ZoneInfo("Europe/London")


def _organisation():
    organisation = administered_organisation(current_user)
    if organisation is None:
        abort(403)
    return organisation


def _council():
    """The administered organisation, which must be a council: settings, languages, recordings and
    API keys belong to the council that asks for feedback."""
    organisation = _organisation()
    if not organisation.is_council:
        abort(403)
    return organisation


def _user_or_404(organisation, user_id):
    user = organisation_user(db.session, organisation.id, user_id)
    if user is None:
        abort(404)
    return user


def _when(moment) -> str:
    return format_datetime(moment, "d MMMM yyyy, HH:mm", tzinfo=LONDON, locale=get_locale())


def _role_names(user, organisation_id) -> str:
    return ", ".join(str(ROLE_LABELS[role]) for role in roles_in(user, organisation_id))


def _labels():
    return {"status_labels": STATUS_LABELS, "when": _when, "account_status": account_status,
            "role_names": _role_names}


def _show_invitation(user, token, organisation):
    link = current_app.config["PUBLIC_BASE_URL"] + url_for("auth.invitation", token=token)
    response = make_response(render_template(
        "admin/invited.html", user=user, link=link, organisation=organisation,
        expires=_when(user.invite_expires_at), resetting=not is_pending(user),
    ))
    # The link works like a password until it is used: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/")
@requires(Role.ADMIN)
def index():
    return redirect(url_for("admin.users"))


@bp.route("/users")
@requires(Role.ADMIN)
def users():
    organisation = _organisation()
    # People invited who already had an account elsewhere are listed just as new ones are.
    listed = sorted([*organisation_users(db.session, organisation.id), *pending_invitations(db.session, organisation.id)],
                    key=lambda account: (account.name.casefold(), account.id))
    return render_template("admin/users.html", organisation=organisation, users=listed, **_labels())


@bp.route("/users/invite", methods=["GET", "POST"])
@requires(Role.ADMIN)
def invite():
    organisation = _organisation()
    roles = roles_for(organisation.kind)
    form = InviteUserForm()
    form.offer_roles(roles)
    if form.validate_on_submit():
        try:
            user, token = invite_user(
                db.session, organisation, email=form.email.data, name=form.name.data,
                role=form.chosen_role, invited_by=current_user._get_current_object(),
            )
        except DuplicateEmail:
            form.email.errors.append(_("There is already a user with this email address"))
        else:
            return _show_invitation(user, token, organisation)
    return render_template("admin/invite.html", form=form, organisation=organisation,
                           role_items=[{"hint": {"text": ROLE_HINTS[role]}} for role in roles])


@bp.route("/users/<int:user_id>")
@requires(Role.ADMIN)
def user(user_id):
    organisation = _organisation()
    return render_template("admin/user.html", user=_user_or_404(organisation, user_id),
                           organisation=organisation, form=ConfirmForm(), **_labels())


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@requires(Role.ADMIN)
def deactivate(user_id):
    organisation = _organisation()
    account = _user_or_404(organisation, user_id)
    if ConfirmForm().validate_on_submit():
        try:
            deactivate_user(db.session, account, organisation.id, current_user._get_current_object())
        except CannotChangeOwnAccount:
            flash(_("You cannot deactivate your own account."), "important")
        else:
            flash(_("%(name)s can no longer sign in.", name=account.name), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@requires(Role.ADMIN)
def reactivate(user_id):
    organisation = _organisation()
    account = _user_or_404(organisation, user_id)
    if ConfirmForm().validate_on_submit():
        reactivate_user(db.session, account, organisation.id, current_user._get_current_object())
        flash(_("%(name)s can sign in again.", name=account.name), "success")
    return redirect(url_for("admin.user", user_id=account.id))


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
@requires(Role.ADMIN)
def new_invitation(user_id):
    organisation = _organisation()
    account = _user_or_404(organisation, user_id)
    if not ConfirmForm().validate_on_submit() or not account.active:
        return redirect(url_for("admin.user", user_id=account.id))
    token = reissue_invitation(db.session, account, organisation.id,
                               current_user._get_current_object())
    return _show_invitation(account, token, organisation)


@bp.route("/organisation")
@requires(Role.ADMIN)
def organisation():
    organisation = _organisation()
    # A council's languages for people, as they are offered now (chosen on /admin/languages).
    statuses = language_statuses(offered_languages(organisation.settings)) if organisation.is_council else []
    return render_template("admin/organisation.html", organisation=organisation,
                           kind_labels=ORGANISATION_KIND_LABELS, translation_statuses=statuses)


@bp.route("/settings", methods=["GET", "POST"])
@requires(Role.ADMIN)
def settings():
    organisation = _council()
    form = CouncilSettingsForm()
    if form.validate_on_submit():
        save_settings(db.session, organisation, form.values, current_user._get_current_object())
        flash(_("Settings saved"), "success")
        return redirect(url_for("admin.settings"))
    if not form.is_submitted():
        form.fill_from(organisation.settings)
    return render_template("admin/settings.html", form=form, organisation=organisation,
                           directions={code: text_direction(code) for code in LANGUAGES})

"""An administrator's pages for an invitation to someone who already had an account elsewhere:
the same page, buttons and link as for a new user's invitation (see auth/joining.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.invitations import INVITATION_LIFETIME, token_hash
from ..auth.joining import cancel_pending, new_link, pending_invitation, shown, unused_token
from ..auth.permissions import requires
from ..db import db
from ..models import utcnow
from ..models.enums import Role
from .blueprint import bp
from .forms import ConfirmForm
from .views import _labels, _organisation, _show_invitation


def _pending_or_404(organisation, pending_id):
    pending = pending_invitation(db.session, organisation.id, pending_id)
    if pending is None:
        abort(404)
    return pending


@bp.route("/users/invited/<int:pending_id>")
@requires(Role.ADMIN)
def joining(pending_id):
    organisation = _organisation()
    pending = _pending_or_404(organisation, pending_id)
    return render_template("admin/user.html", user=shown(pending), organisation=organisation, form=ConfirmForm(),
                           reissue_url=url_for("admin.joining_link", pending_id=pending.id),
                           deactivate_url=url_for("admin.joining_cancel", pending_id=pending.id), **_labels())


@bp.route("/users/invited/<int:pending_id>/invitation", methods=["POST"])
@requires(Role.ADMIN)
def joining_link(pending_id):
    organisation = _organisation()
    pending = _pending_or_404(organisation, pending_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("admin.joining", pending_id=pending.id))
    token = unused_token()
    new_link(db.session, pending, current_user._get_current_object(), token_hash(token),
             utcnow() + INVITATION_LIFETIME)
    return _show_invitation(shown(pending), token, organisation)


@bp.route("/users/invited/<int:pending_id>/deactivate", methods=["POST"])
@requires(Role.ADMIN)
def joining_cancel(pending_id):
    organisation = _organisation()
    pending = _pending_or_404(organisation, pending_id)
    if ConfirmForm().validate_on_submit():
        name = pending.name
        cancel_pending(db.session, pending, current_user._get_current_object())
        flash(_("%(name)s can no longer sign in.", name=name), "success")
        return redirect(url_for("admin.users"))
    return redirect(url_for("admin.joining", pending_id=pending.id))

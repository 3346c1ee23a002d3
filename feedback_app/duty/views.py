"""The duty desk's pages: the queue of alerts, one alert, and acknowledging and closing it."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import requires
from ..db import db
from ..pagination import PageNotFound, page_number
from .blueprint import bp
from .display import template_helpers
from .forms import AcknowledgeForm, CloseAlertForm
from .handling import acknowledge_alert, close_alert, find_alert, view_alert
from .labels import template_labels
from .queue import (
    DESK_ROLES, alert_queue, desk_organisation_names, is_overdue, open_alert_count,
    parse_status, status_counts,
)


@bp.context_processor
def duty_context():
    return {**template_labels(), **template_helpers(), "is_overdue": is_overdue}


@bp.app_template_global()
def open_duty_alert_count() -> int:
    """For the dashboard's link to the desk: how many alerts are waiting."""
    if not current_user.is_authenticated or not current_user.has_role(*DESK_ROLES):
        return 0
    return open_alert_count(db.session, current_user)


def _alert_or_404(alert_id):
    alert = find_alert(db.session, current_user, alert_id)
    if alert is None:
        abort(404)
    return alert


def _alert_page(alert_id, form):
    details = view_alert(db.session, current_user._get_current_object(), alert_id)
    if details is None:
        abort(404)
    return render_template("duty/alert.html", details=details, alert=details.alert, form=form,
                           acknowledge_form=AcknowledgeForm())


@bp.route("/")
@requires(*DESK_ROLES)
def queue():
    status = parse_status(request.args.get("status"))
    try:
        page = alert_queue(db.session, current_user, status, page_number(request.args))
    except PageNotFound:
        abort(404)
    return render_template("duty/queue.html", page=page, counts=status_counts(db.session, current_user),
                           organisation_names=desk_organisation_names(current_user))


@bp.route("/alerts/<int:alert_id>")
@requires(*DESK_ROLES)
def alert(alert_id):
    return _alert_page(alert_id, CloseAlertForm(formdata=None))


@bp.route("/alerts/<int:alert_id>/acknowledge", methods=["POST"])
@requires(*DESK_ROLES)
def acknowledge(alert_id):
    alert = _alert_or_404(alert_id)
    if AcknowledgeForm().validate_on_submit():
        if acknowledge_alert(db.session, alert, current_user._get_current_object()):
            flash(_("You have acknowledged this alert."), "success")
        else:
            flash(_("This alert had already been acknowledged, so nothing was changed."), "important")
    return redirect(url_for("duty.alert", alert_id=alert.id))


@bp.route("/alerts/<int:alert_id>/close", methods=["POST"])
@requires(*DESK_ROLES)
def close(alert_id):
    alert = _alert_or_404(alert_id)
    form = CloseAlertForm()
    if not form.validate_on_submit():
        return _alert_page(alert.id, form)
    if close_alert(db.session, alert, current_user._get_current_object(), form.action_taken.data):
        flash(_("What you did has been recorded and the alert is closed."), "success")
    else:
        flash(_("Someone had already closed this alert, so what you wrote was not saved."), "important")
    return redirect(url_for("duty.alert", alert_id=alert.id))

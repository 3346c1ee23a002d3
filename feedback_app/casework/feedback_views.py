"""Asking for feedback: scheduling and cancelling requests, and the person's own outcomes as a
printable page to take away."""
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import requires
from ..db import db
from ..models import Organisation
from .blueprint import bp
from .access import CHANGE_ROLES, VIEW_ROLES, find_invitation
from .display import long_date
from .forms import ConfirmForm, show_errors
from .outcomes_pdf import NoOutcomesRecorded, download_outcomes_pdf
from .participant_forms import ScheduleForm
from .participant_views import participant_or_404
from .records import (
    DEFAULT_DAYS_AFTER_CLOSURE, DEFAULT_LINK_DAYS, RecordRejected, cancel_invitation, council_setting,
    schedule_blockers, schedule_feedback, validate_schedule,
)
from .views import actor


@bp.route("/participants/<int:participant_id>/schedule", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def schedule(participant_id):
    person = participant_or_404(participant_id)
    enquiry = person.enquiry
    council = db.session.get(Organisation, enquiry.organisation_id)
    defaults = {"days_after_closure": council_setting(council, "days_after_closure", DEFAULT_DAYS_AFTER_CLOSURE),
                "link_days": council_setting(council, "link_days", DEFAULT_LINK_DAYS)}
    form = ScheduleForm(data=defaults)
    # While something stops scheduling, the page lists it instead of the questions.
    blockers = schedule_blockers(db.session, person)
    if form.validate_on_submit() and not blockers:
        clean, errors = validate_schedule(form.record_data(), enquiry, council)
        if not errors:
            try:
                schedule_feedback(db.session, person, clean, actor())
            except RecordRejected as rejected:
                errors = rejected.errors
            else:
                if clean["due_on"] is None:
                    flash(_("Feedback is scheduled. The date will be set when the enquiry closes."), "success")
                else:
                    flash(_("Feedback is scheduled for %(date)s.", date=long_date(clean["due_on"])), "success")
                return redirect(url_for("casework.participant", participant_id=person.id))
        blockers = show_errors(form, errors)
    return render_template("casework/schedule.html", form=form, participant=person, enquiry=enquiry,
                           blockers=blockers, defaults=defaults)


@bp.route("/invitations/<int:invitation_id>/cancel", methods=["POST"])
@requires(*CHANGE_ROLES)
def cancel(invitation_id):
    invitation = find_invitation(db.session, current_user, invitation_id)
    if invitation is None:
        abort(404)
    if ConfirmForm().validate_on_submit():
        if cancel_invitation(db.session, invitation, actor()):
            flash(_("The request for feedback has been cancelled."), "success")
        else:
            flash(_("This request had already been sent or cancelled, so nothing was changed."), "important")
    return redirect(url_for("casework.participant", participant_id=invitation.participant_id))


@bp.route("/participants/<int:participant_id>/my-outcomes.pdf")
@requires(*VIEW_ROLES)
def my_outcomes(participant_id):
    person = participant_or_404(participant_id, change=False)
    try:
        pdf = download_outcomes_pdf(db.session, person, actor())
    except NoOutcomesRecorded:
        flash(_("Record the person’s desired outcomes in their own words first."), "important")
        return redirect(url_for("casework.enquiry", enquiry_id=person.enquiry_id))
    response = make_response(pdf)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="my-outcomes-{person.id}.pdf"'
    # Someone's own words about their safety: keep them out of shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response

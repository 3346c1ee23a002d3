"""An advocate's home and a person's page: who they are to the advocate (initials and the
council's reference, never the enquiry), what is due, their language and format needs, how to
reach them safely as the council recorded it, and what the advocate can record."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField

from .. import audit
from ..auth.permissions import requires
from ..casework.forms import ConfirmForm
from ..db import db
from ..models import ContactKind, ContactPoint, Organisation, Role
from .blueprint import bp
from .work import admin_memberships, find_my_assignment, mark_contacted, my_assignments, progress, record_refusal, \
    record_unreachable

NOTE_MAX = 2000


class RefusalForm(FlaskForm):
    note = TextAreaField(_l("Anything the council should know (optional)"), widget=GovTextArea(), description=_l(
        "Do not write why unless the person wants the council to know."))


def actor():
    return current_user._get_current_object()


def assignment_or_404(assignment_id: int):
    assignment = find_my_assignment(db.session, current_user, assignment_id)
    if assignment is None:
        abort(404)
    return assignment


def who(assignment) -> str:
    """How the advocate knows the person: the initials and reference the council gave."""
    if assignment.initials:
        return _("%(initials)s, reference %(reference)s", initials=assignment.initials, reference=assignment.reference)
    return _("Reference %(reference)s", reference=assignment.reference)


def safe_routes(assignment) -> list[ContactPoint]:
    """The phone numbers and addresses the council checked as safe and private, still held."""
    return [contact for contact in assignment.participant.contact_points
            if contact.purged_at is None and contact.value and contact.safe_check_complete]


@bp.route("/")
@requires(Role.ADVOCATE, Role.ADMIN)
def home():
    if not current_user.has_role(Role.ADVOCATE) and not admin_memberships(current_user):
        abort(404)
    assignments = my_assignments(db.session, current_user, include_ended=True)
    councils = {org.id: org.name for org in db.session.query(Organisation).filter(
        Organisation.id.in_({a.organisation_id for a in assignments}))} if assignments else {}
    # Which ways the council checked as safe, by kind only: the details are on the person's page,
    # where looking is audited.
    ways = {assignment.id: sorted({contact.kind for contact in safe_routes(assignment)}, key=list(ContactKind).index)
            for assignment in assignments if assignment.ended_at is None}
    return render_template("assist/home.html", assignments=assignments, councils=councils, progress=progress,
                           ways=ways, team=bool(admin_memberships(current_user)))


@bp.route("/people/<int:assignment_id>")
@requires(Role.ADVOCATE)
def person(assignment_id):
    assignment = assignment_or_404(assignment_id)
    participant = assignment.participant
    routes = safe_routes(assignment)
    # Seeing how to reach someone is access to personal data: recorded every time.
    audit.record(db.session, "assignment_viewed", assignment, user=actor(), participant_id=participant.id,
                 contact_points=len(routes))
    db.session.commit()
    return render_template("assist/person.html", assignment=assignment, participant=participant, routes=routes,
                           council=db.session.get(Organisation, assignment.organisation_id),
                           state=progress(assignment), form=ConfirmForm())


@bp.route("/people/<int:assignment_id>/contacted", methods=["POST"])
@requires(Role.ADVOCATE)
def contacted(assignment_id):
    assignment = assignment_or_404(assignment_id)
    if ConfirmForm().validate_on_submit() and assignment.ended_at is None:
        mark_contacted(db.session, assignment, actor())
        db.session.commit()
        flash(_("Recorded that you have been in touch."), "success")
    return redirect(url_for("assist.person", assignment_id=assignment.id))


@bp.route("/people/<int:assignment_id>/declined", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def declined(assignment_id):
    assignment = assignment_or_404(assignment_id)
    if assignment.ended_at is not None:
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    form = RefusalForm()
    if form.validate_on_submit():
        note = (form.note.data or "").strip()
        if len(note) > NOTE_MAX:
            form.note.errors = [_("The note must be %(max)s characters or fewer", max="2,000")]
        else:
            record_refusal(db.session, assignment, actor(), note)
            flash(_("Recorded that they do not want to take part. Nothing more will be sent to them."), "success")
            return redirect(url_for("assist.home"))
    return render_template("assist/declined.html", assignment=assignment, form=form)


@bp.route("/people/<int:assignment_id>/unreachable", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def unreachable(assignment_id):
    assignment = assignment_or_404(assignment_id)
    if assignment.ended_at is not None:
        return redirect(url_for("assist.person", assignment_id=assignment.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        record_unreachable(db.session, assignment, actor())
        flash(_("Recorded that you could not reach them. The council can see this."), "success")
        return redirect(url_for("assist.home"))
    return render_template("assist/unreachable.html", assignment=assignment, form=form)

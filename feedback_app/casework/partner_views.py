"""Asking a partner organisation (advocacy or Healthwatch) to hear from a person, and taking the
visit back. The partner sees the person only by the initials and reference given here."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from sqlalchemy import select
from wtforms import StringField, TextAreaField

from ..assist.work import AssignmentRefused, assign_to_partner, assignment_blockers, partners_of, take_back as end
from ..auth.permissions import requires
from ..db import db
from ..models import Assignment
from .access import CHANGE_ROLES, organisation_ids
from .blueprint import bp
from .forms import ConfirmForm, radios, show_errors
from .participant_views import participant_or_404
from .records.checks import Checker
from .views import actor

REFERENCE_MAX = 32
INITIALS_MAX = 8
NOTE_MAX = 2000


class PartnerForm(FlaskForm):
    partner = radios(_l("Which organisation?"), {})
    reference = StringField(_l("Reference to give them"), widget=GovTextInput(), description=_l(
        "How you and they will refer to this person. Do not use the case reference."))
    initials = StringField(_l("The person’s initials (optional)"), widget=GovTextInput())
    note = TextAreaField(_l("Anything they should know before making contact (optional)"), widget=GovTextArea(),
                         description=_l("For example, the best way to arrange a visit. Do not describe the enquiry."))


def validate_partner_request(data: dict, partner_ids) -> tuple[dict, dict]:
    check = Checker(data)
    check.choice("partner", tuple(str(i) for i in partner_ids), message=_l("Select an organisation"))
    check.text("reference", max_length=REFERENCE_MAX, required=_l("Enter a reference to give them"), too_long=_l(
        "The reference must be %(max)s characters or fewer", max=REFERENCE_MAX))
    check.text("initials", max_length=INITIALS_MAX, too_long=_l(
        "Initials must be %(max)s characters or fewer", max=INITIALS_MAX))
    check.text("note", max_length=NOTE_MAX, too_long=_l("The note must be %(max)s characters or fewer", max="2,000"))
    return check.result


@bp.route("/participants/<int:participant_id>/partner", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def ask_partner(participant_id):
    person = participant_or_404(participant_id)
    partners = partners_of(db.session, person.organisation_id)
    form = PartnerForm(data={"reference": f"P{person.id}"})
    form.partner.choices = [(str(p.id), p.name) for p in partners]
    blockers = assignment_blockers(db.session, person)
    if form.validate_on_submit() and not blockers:
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        clean, errors = validate_partner_request(data, [p.id for p in partners])
        if not errors:
            partner = next(p for p in partners if str(p.id) == clean["partner"])
            try:
                assign_to_partner(db.session, person, partner, reference=clean["reference"],
                                  initials=clean.get("initials"), note=clean.get("note"), actor=actor())
            except AssignmentRefused as refused:
                db.session.rollback()
                blockers = refused.errors
            else:
                db.session.commit()
                flash(_("%(partner)s has been asked to hear from them.", partner=partner.name), "success")
                return redirect(url_for("casework.participant", participant_id=person.id))
        else:
            show_errors(form, errors)
    return render_template("casework/partner.html", form=form, participant=person, enquiry=person.enquiry,
                           partners=partners, blockers=blockers)


@bp.route("/assignments/<int:assignment_id>/take-back", methods=["POST"])
@requires(*CHANGE_ROLES)
def take_back(assignment_id):
    assignment = db.session.scalar(select(Assignment).where(
        Assignment.id == assignment_id, Assignment.organisation_id.in_(organisation_ids(current_user, CHANGE_ROLES))))
    if assignment is None:
        abort(404)
    if ConfirmForm().validate_on_submit() and assignment.ended_at is None:
        end(db.session, assignment, actor())
        db.session.commit()
        flash(_("The visit has been taken back. The organisation no longer sees this person."), "success")
    return redirect(url_for("casework.participant", participant_id=assignment.participant_id))

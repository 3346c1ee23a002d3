"""Casework pages: the lists, and registering, changing and closing an enquiry."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import requires
from ..models import OrganisationKind
from ..db import db
from .blueprint import bp
from .access import CHANGE_ROLES, VIEW_ROLES, find_enquiry, may_change, practising_council
from .display import enquiry_details, template_helpers
from .forms import (
    CloseEnquiryForm, EnquiryDetailsForm, EnquiryForm, MspRecordForm, record_data, show_errors,
)
from .labels import template_labels
from ..pagination import PageNotFound, page_number
from .lists import INVITATION_LISTS, declined_list, enquiry_list, invitation_list, parse_filters
from .records import (
    RecordRejected, possible_leads, record_msp_items, register_enquiry, update_enquiry, validate_closure,
    validate_enquiry, validate_msp_record,
)


@bp.before_request
def only_for_councils():
    # Casework does not exist for someone who works only for a partner organisation (an
    # advocate, a volunteer, their admin): not even its addresses are confirmed to them.
    if current_user.is_authenticated and current_user.memberships and not any(
            m.organisation.is_council or m.organisation.kind == OrganisationKind.NATIONAL
            for m in current_user.memberships):
        abort(404)


@bp.context_processor
def casework_context():
    return {**template_labels(), **template_helpers(),
            "may_change": lambda record: current_user.is_authenticated and may_change(current_user, record)}


def actor():
    return current_user._get_current_object()


def enquiry_or_404(enquiry_id, change=False):
    enquiry = find_enquiry(db.session, current_user, enquiry_id, change=change)
    if enquiry is None:
        abort(404)
    return enquiry


@bp.route("/")
@requires(*VIEW_ROLES)
def enquiries():
    filters = parse_filters(request.args, current_user)
    try:
        page = enquiry_list(db.session, current_user, filters, page_number(request.args))
    except PageNotFound:
        abort(404)
    return render_template("casework/enquiries.html", page=page, filters=filters,
                           can_register=practising_council(current_user) is not None)


@bp.route("/due", defaults={"which": "due"}, endpoint="due")
@bp.route("/waiting", defaults={"which": "waiting"}, endpoint="waiting")
@bp.route("/answered", defaults={"which": "answered"}, endpoint="answered")
@bp.route("/failed", defaults={"which": "failed"}, endpoint="failed")
@requires(*VIEW_ROLES)
def invitations(which):
    filters = parse_filters(request.args, current_user)
    try:
        page = invitation_list(db.session, current_user, which, filters, page_number(request.args))
    except PageNotFound:
        abort(404)
    return render_template("casework/invitations.html", page=page, filters=filters, which=which,
                           statuses=INVITATION_LISTS[which])


@bp.route("/declined")
@requires(*VIEW_ROLES)
def declined():
    filters = parse_filters(request.args, current_user)
    try:
        page = declined_list(db.session, current_user, filters, page_number(request.args))
    except PageNotFound:
        abort(404)
    return render_template("casework/declined.html", page=page, filters=filters)


@bp.route("/enquiries/new", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def register():
    council = practising_council(current_user)
    if council is None:
        abort(403)
    form = EnquiryForm()
    form.offer_leads(possible_leads(db.session, council.id))
    if not form.is_submitted():
        form.lead_user_id.data = str(current_user.id)
    elif form.validate_on_submit():
        clean, errors = validate_enquiry(record_data(form))
        if not errors:
            try:
                enquiry = register_enquiry(db.session, council, clean, actor())
            except RecordRejected as rejected:
                errors = rejected.errors
            else:
                flash(_("Enquiry registered. Now add the people who may be asked for feedback."), "success")
                return redirect(url_for("casework.enquiry", enquiry_id=enquiry.id))
        show_errors(form, errors)
    return render_template("casework/enquiry_form.html", form=form, council=council)


@bp.route("/enquiries/<int:enquiry_id>")
@requires(*VIEW_ROLES)
def enquiry(enquiry_id):
    details = enquiry_details(db.session, enquiry_or_404(enquiry_id))
    return render_template("casework/enquiry.html", details=details, enquiry=details.enquiry)


@bp.route("/enquiries/<int:enquiry_id>/details", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def change_details(enquiry_id):
    record = enquiry_or_404(enquiry_id, change=True)
    form = EnquiryDetailsForm(obj=None if request.method == "POST" else record)
    form.offer_leads(possible_leads(db.session, record.organisation_id))
    if form.validate_on_submit():
        clean, errors = validate_enquiry(record_data(form), with_reference=False)
        if not errors:
            try:
                update_enquiry(db.session, record, clean, actor())
            except RecordRejected as rejected:
                errors = rejected.errors
            else:
                flash(_("The enquiry’s details have been saved."), "success")
                return redirect(url_for("casework.enquiry", enquiry_id=record.id))
        show_errors(form, errors)
    return render_template("casework/enquiry_form.html", form=form, enquiry=record)


@bp.route("/enquiries/<int:enquiry_id>/close", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def close(enquiry_id):
    record = enquiry_or_404(enquiry_id, change=True)
    form = CloseEnquiryForm(obj=None if request.method == "POST" else record)
    if form.validate_on_submit():
        clean, errors = validate_closure(record, record_data(form))
        if not errors:
            update_enquiry(db.session, record, clean, actor())
            flash(_("The enquiry is closed. Check the MSP record is complete."), "success")
            return redirect(url_for("casework.enquiry", enquiry_id=record.id))
        show_errors(form, errors)
    return render_template("casework/close.html", form=form, enquiry=record)


@bp.route("/enquiries/<int:enquiry_id>/outcomes", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def outcomes(enquiry_id):
    record = enquiry_or_404(enquiry_id, change=True)
    form = MspRecordForm(obj=None if request.method == "POST" else record)
    if form.validate_on_submit():
        clean, errors = validate_msp_record(record_data(form))
        if not errors:
            record_msp_items(db.session, record, clean, actor())
            flash(_("The MSP record has been saved."), "success")
            return redirect(url_for("casework.enquiry", enquiry_id=record.id))
        show_errors(form, errors)
    return render_template("casework/outcomes.html", form=form, enquiry=record)

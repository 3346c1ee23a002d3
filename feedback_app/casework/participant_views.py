"""Participant pages: who they are, how to reach them safely, screening and consent."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..auth.permissions import requires
from ..db import db
from ..models import ContactKind, Organisation
from ..models.enums import Role
from ..people_languages import languages_for
from .blueprint import bp
from .access import CHANGE_ROLES, VIEW_ROLES, find_contact_point, find_participant
from .display import participant_details
from .forms import record_data, show_errors
from .participant_forms import (
    ConsentForm, ParticipantForm, PhoneForm, PostalAddressForm, SafeCheckForm, WithdrawalForm,
    participant_data, safe_check_data, screening_data, screening_form_class,
)
from .records import (
    add_contact_point, add_participant, note_participant_viewed, record_consent_decision, record_erasure_request,
    record_safe_check, record_screening, record_withdrawal, update_participant, validate_consent,
    validate_participant, validate_phone, validate_postal, validate_safe_check, validate_screening,
    validate_withdrawal,
)
from .views import actor, enquiry_or_404

CONTACT_FORMS = {"phone": (PhoneForm, validate_phone), "postal": (PostalAddressForm, validate_postal)}


def participant_or_404(participant_id, change=True):
    participant = find_participant(db.session, current_user, participant_id, change=change)
    if participant is None:
        abort(404)
    return participant


def _back_to(participant):
    return redirect(url_for("casework.participant", participant_id=participant.id))


def _languages(council_id: int, current: str | None = None) -> list[str]:
    return languages_for(db.session.get(Organisation, council_id).settings, current)


@bp.route("/enquiries/<int:enquiry_id>/participants/new", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def add_person(enquiry_id):
    enquiry = enquiry_or_404(enquiry_id, change=True)
    languages = _languages(enquiry.organisation_id)
    form = ParticipantForm(languages=languages)
    if not form.is_submitted():
        form.language.data = "en"
    elif form.validate_on_submit():
        clean, errors = validate_participant(form.record_data(), languages)
        if not errors:
            participant = add_participant(db.session, enquiry, clean, actor())
            flash(_("Added. Next, add a way to contact them and complete the safe-contact check."), "success")
            return _back_to(participant)
        show_errors(form, errors)
    return render_template("casework/participant_form.html", form=form, enquiry=enquiry)


@bp.route("/participants/<int:participant_id>")
@requires(*VIEW_ROLES)
def participant(participant_id):
    person = participant_or_404(participant_id, change=False)
    note_participant_viewed(db.session, person, actor())
    reveal = current_user.has_role(*CHANGE_ROLES)
    return render_template("casework/participant.html", details=participant_details(db.session, person, reveal),
                           participant=person, enquiry=person.enquiry, contacts_revealed=reveal,
                           admin_role=Role.ADMIN)


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def change_person(participant_id):
    person = participant_or_404(participant_id)
    languages = _languages(person.organisation_id, person.language)
    form = ParticipantForm(data=None if request.method == "POST" else participant_data(person), languages=languages)
    if form.validate_on_submit():
        clean, errors = validate_participant(form.record_data(), languages)
        if not errors:
            update_participant(db.session, person, clean, actor())
            flash(_("Their details have been saved."), "success")
            return _back_to(person)
        show_errors(form, errors)
    return render_template("casework/participant_form.html", form=form, enquiry=person.enquiry,
                           participant=person)


@bp.route("/participants/<int:participant_id>/phone/new", defaults={"kind": "phone"},
          methods=["GET", "POST"], endpoint="add_phone")
@bp.route("/participants/<int:participant_id>/address/new", defaults={"kind": "postal"},
          methods=["GET", "POST"], endpoint="add_address")
@requires(*CHANGE_ROLES)
def add_contact(participant_id, kind):
    person = participant_or_404(participant_id)
    form_class, validate = CONTACT_FORMS[kind]
    form = form_class()
    if form.validate_on_submit():
        clean, errors = validate(record_data(form))
        if not errors:
            contact = add_contact_point(db.session, person, ContactKind(kind), clean, actor())
            return redirect(url_for("casework.safe_check", contact_id=contact.id))
        show_errors(form, errors)
    return render_template("casework/contact_form.html", form=form, kind=kind, participant=person,
                           enquiry=person.enquiry)


@bp.route("/contact-points/<int:contact_id>/safe-contact-check", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def safe_check(contact_id):
    contact = find_contact_point(db.session, current_user, contact_id)
    if contact is None:
        abort(404)
    form = SafeCheckForm(data=None if request.method == "POST" else safe_check_data(contact))
    if form.validate_on_submit():
        clean, errors = validate_safe_check(record_data(form))
        if not errors:
            record_safe_check(db.session, contact, clean, actor())
            flash(_("The safe-contact check has been recorded."), "success")
            return _back_to(contact.participant)
        show_errors(form, errors)
    return render_template("casework/safe_check.html", form=form, contact=contact,
                           participant=contact.participant, enquiry=contact.participant.enquiry)


def _record_for(person, form, validate, record, done_message: str, template: str):
    """One of a person's casework forms: check it, record it and go back to the person, or show
    it again with what needs fixing."""
    if form.validate_on_submit():
        clean, errors = validate(record_data(form))
        if not errors:
            record(db.session, person, clean, actor())
            flash(done_message, "success")
            return _back_to(person)
        show_errors(form, errors)
    return render_template(template, form=form, participant=person, enquiry=person.enquiry)


@bp.route("/participants/<int:participant_id>/screening", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def screening(participant_id):
    person = participant_or_404(participant_id)
    form = screening_form_class()(data=None if request.method == "POST" else screening_data(person.screening))
    return _record_for(person, form, validate_screening, record_screening, _("Screening has been recorded."),
                       "casework/screening.html")


@bp.route("/participants/<int:participant_id>/consent", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def consent(participant_id):
    return _record_for(participant_or_404(participant_id), ConsentForm(), validate_consent, record_consent_decision,
                       _("Their decision has been recorded."), "casework/consent.html")


@bp.route("/participants/<int:participant_id>/withdraw", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def withdraw(participant_id):
    return _record_for(participant_or_404(participant_id), WithdrawalForm(), validate_withdrawal, record_withdrawal,
                       _("Their withdrawal has been recorded. Nothing more will be sent to them."),
                       "casework/withdraw.html")


@bp.route("/participants/<int:participant_id>/erase", methods=["GET", "POST"])
@requires(*CHANGE_ROLES)
def erase(participant_id):
    """The person asked (by phone, letter, in person or through an advocate) for what is held
    about them to be deleted: recorded now, carried out by the jobs runner (dispatch/erasure.py)."""
    return _record_for(participant_or_404(participant_id), WithdrawalForm(), validate_withdrawal,
                       record_erasure_request,
                       _("Their request has been recorded. Nothing more will be sent to them, and their answers, "
                         "notes and contact details are deleted within a few minutes."), "casework/erase.html")

"""Forms for enquiries, and the pieces every casework form shares.

The forms only gather what was typed and draw the GOV.UK components: every check happens in
``records``, so that an import or an API call gets the same answers as these pages. Choice
fields therefore accept anything (``validate_choice=False``) and leave the judging to records.
"""
from __future__ import annotations

from datetime import date
from enum import Enum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf import wtforms_widgets as gov
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovTextArea, GovTextInput
from wtforms import Field, RadioField, SelectChoice, SelectField, StringField, TextAreaField

from ..labels import (
    ENQUIRY_KIND_LABELS, OUTCOMES_ACHIEVED_LABELS, OUTCOMES_ASKED_LABELS, RISK_OUTCOME_LABELS,
)


def stored_key(value):
    """Enums as their stored value, so radios match whatever the record holds."""
    return value.value if isinstance(value, Enum) else value


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(stored_key(key), text) for key, text in labels.items()]


def radios(label, labels: dict, description="") -> RadioField:
    return RadioField(label, description=description, widget=GovRadioInput(), coerce=stored_key,
                      validate_choice=False,
                      choices=choices(labels))


class GovDateInput(gov.GovDateInput):
    """The GOV.UK date input, with box labels in the page's language.

    govuk-frontend-wtf labels the boxes in English only, and reads back exactly three values;
    ``DateBoxesField`` makes sure there are three, even when a request leaves boxes out. The
    class keeps its parent's name because the error summary (macros/errors.html) knows date
    inputs by it, and links their errors to the day box.
    """

    def map_gov_params(self, field, **kwargs):
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        error = " govuk-input--error" if field.errors else ""
        day, month, year = field.boxes()
        params["items"] = [
            {"label": _("Day"), "id": f"{field.name}-day", "name": field.name, "value": day,
             "classes": "govuk-input--width-2" + error},
            {"label": _("Month"), "id": f"{field.name}-month", "name": field.name, "value": month,
             "classes": "govuk-input--width-2" + error},
            {"label": _("Year"), "id": f"{field.name}-year", "name": field.name, "value": year,
             "classes": "govuk-input--width-4" + error},
        ]
        return params


class DateBoxesField(Field):
    """Holds a ``date`` from the record, or the three boxes as typed (checked in records)."""

    widget = GovDateInput()

    def process_formdata(self, valuelist):
        boxes = [str(value).strip() for value in valuelist[:3]]
        self.raw_data = boxes + [""] * (3 - len(boxes))
        self.data = tuple(self.raw_data)

    def boxes(self) -> list[str]:
        if self.raw_data:
            return list(self.raw_data)
        if isinstance(self.data, date):
            return [str(self.data.day), str(self.data.month), str(self.data.year)]
        return ["", "", ""]

    def _value(self):
        return ""


def record_data(form: FlaskForm) -> dict:
    """What was typed, for a ``validate_*`` function in records."""
    return {name: field.data for name, field in form._fields.items() if name != "csrf_token"}


def show_errors(form: FlaskForm, errors: dict) -> dict:
    """Put each message on its field; returns the messages that belong to no field here."""
    elsewhere = {}
    for name, message in errors.items():
        name = getattr(form, "error_fields", {}).get(name, name)
        if name in form._fields and not form[name].errors:
            form[name].errors = [message]
        else:
            elsewhere[name] = message
    return elsewhere


class ConfirmForm(FlaskForm):
    """A button that changes something: it carries only the CSRF token."""


class EnquiryForm(FlaskForm):
    case_reference = StringField(
        _l("Case reference"), widget=GovTextInput(),
        description=_l("The reference in your case management system. Only its last 4 characters are "
                       "kept in a form people can read."))
    kind = radios(_l("Kind of enquiry"), ENQUIRY_KIND_LABELS)
    opened_on = DateBoxesField(_l("Date opened"), description=_l("For example, 27 3 2025"))
    closed_on = DateBoxesField(_l("Date closed (optional)"), description=_l(
        "Leave empty while the enquiry is open. Entering a date closes it."))
    lead_user_id = SelectField(_l("Enquiry lead"), widget=GovSelect(), validate_choice=False,
                               coerce=lambda value: "" if value is None else str(value))

    def offer_leads(self, users) -> None:
        self.lead_user_id.choices = [SelectChoice(str(user.id), user.name) for user in users]


class EnquiryDetailsForm(EnquiryForm):
    """Changing an enquiry: its reference stays as registered."""

    case_reference = None


class CloseEnquiryForm(FlaskForm):
    closed_on = DateBoxesField(_l("Date closed"), description=_l("For example, 27 3 2025"))


class MspRecordForm(FlaskForm):
    outcomes_asked = radios(_l("Was the person, or their representative, asked what their desired "
                               "outcomes were?"), OUTCOMES_ASKED_LABELS)
    desired_outcomes_text = TextAreaField(
        _l("Their desired outcomes, in their own words"), widget=GovTextArea(),
        description=_l("Only if they expressed outcomes. Write what they said they wanted to happen, "
                       "as they said it."))
    outcomes_achieved = radios(_l("In their view, were the outcomes achieved?"), OUTCOMES_ACHIEVED_LABELS,
                               description=_l("Only if they expressed outcomes."))
    risk_outcome = radios(_l("What happened to the risk?"), RISK_OUTCOME_LABELS)

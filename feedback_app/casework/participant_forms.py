"""Forms about a participant: who they are, how to reach them safely, screening, consent and
when to ask them. As in ``forms``, the checking itself happens in records."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovTextArea, GovTextInput
from wtforms import SelectMultipleField, StringField, TextAreaField

from ..i18n import LANGUAGES
from ..labels import (
    ASKED_BY_LABELS, CAPACITY_BASIS_LABELS, FORMAT_NEED_LABELS, HOW_OBTAINED_LABELS,
    PARTICIPANT_ROLE_LABELS, REPRESENTATIVE_KIND_LABELS, TIMING_LABELS, language_name,
)
from ..models import ParticipantRole, Timing
from ..screening import CONDITIONS
from .forms import DateBoxesField, choices, radios, stored_key
from .records import reason_field

YES_NO = {"yes": _l("Yes"), "no": _l("No")}
DECISION_LABELS = {
    "given": _l("They agreed to be asked for feedback"),
    "declined": _l("They do not want to be asked"),
    "later": _l("They asked us to ask them again later"),
}


def yes_no_key(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _text(label, description=None) -> StringField:
    return StringField(label, description=description, widget=GovTextInput())


def _who_labels() -> dict:
    return {ParticipantRole.ADULT.value: PARTICIPANT_ROLE_LABELS[ParticipantRole.ADULT],
            **{kind.value: label for kind, label in REPRESENTATIVE_KIND_LABELS.items()}}


class ParticipantForm(FlaskForm):
    # One question for role and kind of representative: a follow-up question revealed under
    # "a representative" would need GOV.UK's aria-expanded on a radio, which is invalid ARIA.
    who = radios(_l("Who is this?"), _who_labels(), description=_l(
        "Choose the adult, or what kind of representative this person is."))
    language = radios(_l("Which language do they want to use?"), {})
    format_needs = SelectMultipleField(
        _l("Communication and format needs"), widget=GovCheckboxesInput(), validate_choice=False,
        description=_l("Select all that apply."), choices=choices(FORMAT_NEED_LABELS))
    communication_notes = TextAreaField(
        _l("Notes about communication (optional)"), widget=GovTextArea(),
        description=_l("For example, the name of their interpreter, or what helps them take part."))
    capacity_basis = radios(
        _l("Who gives consent to being asked for feedback?"), CAPACITY_BASIS_LABELS,
        description=_l("Capacity is about this decision only. Never decide that someone lacks capacity "
                       "because of a diagnosis or condition."))
    # Where records' messages about role and kind of representative are shown.
    error_fields = {"role": "who", "representative_kind": "who"}

    def __init__(self, *args, languages=tuple(LANGUAGES), **kwargs):
        super().__init__(*args, **kwargs)
        # The council's languages for people (people_languages.languages_for), in the service's order.
        self.language.choices = choices({code: language_name(code) for code in LANGUAGES if code in languages})

    def record_data(self) -> dict:
        data = {name: field.data for name, field in self._fields.items() if name not in ("csrf_token", "who")}
        who = self.who.data or ""
        if who == ParticipantRole.ADULT.value or not who:
            data.update(role=who or None, representative_kind=None)
        else:
            data.update(role=ParticipantRole.REPRESENTATIVE.value, representative_kind=who)
        return data


class PhoneForm(FlaskForm):
    phone = StringField(_l("Phone number"), widget=GovTextInput(), description=_l(
        "To send a text message, this must be a mobile number."))


class PostalAddressForm(FlaskForm):
    address_line_1 = _text(_l("Address line 1"))
    address_line_2 = _text(_l("Address line 2 (optional)"))
    town = _text(_l("Town or city"))
    postcode = _text(_l("Postcode"))


class SafeCheckForm(FlaskForm):
    is_private = radios(_l("Is this private to the person?"), YES_NO, description=_l(
        "Choose no if someone who may cause harm could see or hear a message. A route that is not "
        "private is never used."))
    may_name_council = radios(_l("May a message say it is from the council?"), YES_NO)
    safe_from = _text(_l("Safe from (optional)"), _l("For example, 09:30"))
    safe_until = _text(_l("Safe until (optional)"), _l("For example, 17:00"))
    code_word = _text(_l("Code word or instruction (optional)"), _l(
        "What to say, or not say, if someone else may be there."))


def screening_form_class():
    """A form with one yes-or-no question per screening condition, and a reason beside each."""
    fields = {}
    for condition, label in CONDITIONS.items():
        fields[condition] = radios(label, YES_NO)
        fields[reason_field(condition)] = TextAreaField(
            _l("If it applies: why is it appropriate to ask for feedback anyway?"), widget=GovTextArea(),
            description=_l("Leave empty if it does not apply, or if asking is not appropriate. Feedback "
                           "cannot be asked for while a condition applies without a reason."))
    return type("ScreeningForm", (FlaskForm,), fields)


def screening_data(screening: dict) -> dict:
    """The stored answers, in the form's shape."""
    data = {}
    for condition in CONDITIONS:
        entry = (screening or {}).get(condition) or {}
        data[condition] = yes_no_key(entry.get("present"))
        data[reason_field(condition)] = entry.get("override_reason") or ""
    return data


class ConsentForm(FlaskForm):
    decision = radios(_l("What did they decide?"), DECISION_LABELS)
    how = radios(_l("How did you find out?"), HOW_OBTAINED_LABELS)
    note = TextAreaField(_l("Note (optional)"), widget=GovTextArea())


class WithdrawalForm(FlaskForm):
    how = radios(_l("How did they tell us?"), HOW_OBTAINED_LABELS)
    note = TextAreaField(_l("Note (optional)"), widget=GovTextArea())


class ScheduleForm(FlaskForm):
    timing = radios(_l("When should they be asked?"), TIMING_LABELS)
    due_on = DateBoxesField(_l("Date to ask, if during the enquiry"), description=_l("For example, 27 3 2025"))
    days_after_closure = _text(_l("Days after closure, if after closure"))
    asked_by = radios(_l("Who is asking?"), ASKED_BY_LABELS, description=_l(
        "Results are compared by who asked, so record it even when the text comes from the council."))
    channel = radios(_l("How should they be asked?"), {
        "sms": _l("By text message"),
        "paper": _l("By post: a printed form, in easy read or large print as their needs say"),
    })
    texts = radios(_l("How should the texts work?"), {
        "link": _l("A link to answer the questions on a phone or computer"),
        "reply": _l("The questions themselves, one text at a time, answered by replying"),
    }, description=_l("Replying suits people without a smartphone or data, or who would rather not open a link."))
    link_days = _text(_l("How many days should the link work?"))
    confirm_late = SelectMultipleField(
        _l("Asking more than 8 weeks after closure"), widget=GovCheckboxesInput(), validate_choice=False,
        choices=choices({"yes": _l("I understand, ask for feedback anyway")}))

    def record_data(self) -> dict:
        """Only the answer for the chosen timing counts; the other is ignored, as its label says."""
        timing = stored_key(self.timing.data)
        return {
            "timing": timing, "asked_by": self.asked_by.data, "link_days": self.link_days.data,
            "texts": self.texts.data, "channel": self.channel.data,
            "due_on": self.due_on.data if timing == Timing.DURING.value else None,
            "days_after_closure": self.days_after_closure.data if timing == Timing.AFTER.value else None,
            "confirm_late": "yes" if "yes" in (self.confirm_late.data or []) else "no",
        }


def participant_data(participant) -> dict:
    return {"who": stored_key(participant.representative_kind or participant.role),
            "language": participant.language, "format_needs": list(participant.format_needs or []),
            "communication_notes": participant.communication_notes or "",
            "capacity_basis": participant.capacity_basis}


def safe_check_data(contact) -> dict:
    return {"is_private": yes_no_key(contact.is_private),
            "may_name_council": yes_no_key(contact.may_name_council) if contact.safe_checked_at else None,
            "safe_from": contact.safe_from.strftime("%H:%M") if contact.safe_from else "",
            "safe_until": contact.safe_until.strftime("%H:%M") if contact.safe_until else "",
            "code_word": contact.code_word or ""}

"""The council settings form: help contacts, alert phrases and escalation, when people are asked,
disclosure control and second keying. Every check names the field and what to type instead."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextArea, GovTextInput
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, Regexp, ValidationError

from ..auth.forms import strip_whitespace
from ..duty.escalation import SETTING as ESCALATION_SETTING
from ..i18n import LANGUAGES
from .settings import (
    ALERT_PHRASES, BSL_RELAY, CALLBACK_HOURS, CONTACT_RETENTION, DAYS_AFTER_CLOSURE, DISCLOSURE, DISCLOSURE_LIMITS, HELP_EMAIL,
    HELP_PHONE, HELP_TEXT, LINK_DAYS, MAX_BSL_RELAY_LENGTH, MAX_CALLBACK_HOURS, MAX_DAYS_AFTER_CLOSURE,
    MAX_ESCALATION_MINUTES, MAX_LINK_DAYS, MAX_PHRASE_LENGTH, MAX_PHRASES_PER_LANGUAGE, MAX_REMINDER_AFTER_DAYS,
    MAX_TEXT_RELAY_LENGTH, MIN_CALLBACK_HOURS, MIN_DAYS_AFTER_CLOSURE, MIN_ESCALATION_MINUTES, MIN_LINK_DAYS,
    MIN_REMINDER_AFTER_DAYS, ORIENTATION, QUIET_HOURS, REMINDER_AFTER_DAYS, RESPONSE_RETENTION, SECOND_KEYING,
    TEXT_RELAY, MIN_CONTACT_RETENTION_DAYS, MAX_CONTACT_RETENTION_DAYS, MIN_RESPONSE_RETENTION_DAYS,
    MAX_RESPONSE_RETENTION_DAYS, current_values,
    is_https_address, is_uk_mobile, is_uk_phone, split_phrases,
)

CLOCK = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")


def _uk_phone(form, field):
    if field.data and not is_uk_phone(field.data):
        raise ValidationError(_l("Enter a UK phone number, like 0300 123 4567 or +44 300 123 4567"))


def _uk_mobile(form, field):
    if field.data and not is_uk_mobile(field.data):
        raise ValidationError(_l("Enter a UK mobile number that can receive texts, like 07700 900123"))


def _https_address(form, field):
    if field.data and not is_https_address(field.data):
        raise ValidationError(_l("Enter the full web address of the video relay service, starting with https://"))


def _phrase_list(language_name: str):
    def check(form, field):
        phrases = split_phrases(field.data)
        if any(len(phrase) > MAX_PHRASE_LENGTH for phrase in phrases):
            raise ValidationError(_l(
                "Each phrase in %(language)s must be %(max)d characters or fewer",
                language=language_name, max=MAX_PHRASE_LENGTH,
            ))
        if len(phrases) > MAX_PHRASES_PER_LANGUAGE:
            raise ValidationError(_l(
                "Enter %(max)d phrases or fewer in %(language)s",
                language=language_name, max=MAX_PHRASES_PER_LANGUAGE,
            ))
    return check


# More digits than this (leading zeros aside) make a number beyond every setting's maximum.
MOST_DIGITS = 9


def _number(text: str) -> int | None:
    """A whole number written in the digits 0 to 9, or None. One longer than any setting is read as
    just beyond them all, never given to ``int``, which refuses more than 4,300 digits."""
    if not (text.isascii() and text.isdigit()):
        return None
    digits = text.lstrip("0")
    return int(digits or "0") if len(digits) <= MOST_DIGITS else 10 ** MOST_DIGITS


def _whole_minutes(form, field):
    # Checked here rather than by an IntegerField so that the message is ours and what was
    # typed is shown back exactly.
    number = _number(field.data or "")
    if number is None:
        raise ValidationError(_l("Minutes before an alert is escalated must be a whole number, like 60"))
    if not MIN_ESCALATION_MINUTES <= number <= MAX_ESCALATION_MINUTES:
        raise ValidationError(_l(
            "Minutes before an alert is escalated must be between %(min)d and %(max)d",
            min=MIN_ESCALATION_MINUTES, max=MAX_ESCALATION_MINUTES,
        ))


def phrases_field_name(language: str) -> str:
    return f"phrases_{language}"


def _whole_days(minimum: int, maximum: int, not_a_number, out_of_range):
    # Like _whole_minutes: our own messages, and what was typed shown back exactly.
    def check(form, field):
        number = _number(field.data or "")
        if number is None:
            raise ValidationError(not_a_number)
        if not minimum <= number <= maximum:
            raise ValidationError(out_of_range)
    return check


def clock_time(text: str | None) -> str | None:
    """A 24-hour time such as 9:00 or 21:30 as the dispatcher stores it ("09:00"); None if it is not one."""
    match = CLOCK.fullmatch(text or "")
    return f"{int(match[1]):02d}:{match[2]}" if match else None


def _clock(message):
    def check(form, field):
        if clock_time(field.data) is None:
            raise ValidationError(message)
    return check


def _quiet_hours_differ(form, field):
    # The dispatcher reads equal times as no quiet hours at all: too easy to do by mistake.
    start, end = clock_time(form.quiet_hours_start.data), clock_time(field.data)
    if start is not None and start == end:
        raise ValidationError(_l("Quiet hours must end at a different time from when they start"))


def _rounding_fits_smallest_number(form, field):
    # Otherwise a number that is shown could be rounded down to a published 0.
    smallest, base = _number(form.min_count.data or ""), _number(field.data or "")
    if smallest is not None and base is not None and 2 * smallest < base:
        raise ValidationError(_l("Numbers can only be rounded to at most twice the smallest number shown"))


class CouncilSettingsForm(FlaskForm):
    help_phone = StringField(
        _l("Help phone number"),
        description=_l("Shown to people on every page of the questionnaire."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[DataRequired(message=_l("Enter a help phone number")), _uk_phone],
    )
    text_relay = StringField(
        _l("Text relay number (optional)"),
        description=_l("For people who are deaf or have difficulty speaking, like 18001 0300 123 4567."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            Length(max=MAX_TEXT_RELAY_LENGTH, message=_l(
                "Text relay number must be %(max)d characters or fewer", max=MAX_TEXT_RELAY_LENGTH,
            )),
            Regexp(r"^[0-9 ]*$", message=_l("Text relay number must only include numbers and spaces")),
        ],
    )

    help_text = StringField(
        _l("Mobile number people can text (optional)"),
        description=_l("For people who would rather send a text message than call."),
        widget=GovTextInput(), filters=[strip_whitespace], validators=[_uk_mobile],
    )
    help_email = StringField(
        _l("Email address for help (optional)"),
        widget=GovTextInput(), filters=[strip_whitespace],
        validators=[Optional(), Length(max=254, message=_l("Email address must be %(max)d characters or fewer", max=254)),
                    Email(message=_l("Enter an email address in the correct format, like name@example.com"))],
    )
    bsl_relay = StringField(
        _l("British Sign Language video relay service (optional)"),
        description=_l("The web address of the service Deaf BSL users can use to call you through an interpreter."),
        widget=GovTextInput(), filters=[strip_whitespace],
        validators=[Length(max=MAX_BSL_RELAY_LENGTH, message=_l(
            "The web address must be %(max)d characters or fewer", max=MAX_BSL_RELAY_LENGTH)), _https_address],
    )

    def fill_from(self, settings: dict | None) -> None:
        """Start the form with what the council has now."""
        values = current_values(settings)
        self.help_phone.data = values[HELP_PHONE]
        self.text_relay.data = values[TEXT_RELAY]
        self.help_text.data = values[HELP_TEXT]
        self.help_email.data = values[HELP_EMAIL]
        self.bsl_relay.data = values[BSL_RELAY]
        for code, phrases in values[ALERT_PHRASES].items():
            self[phrases_field_name(code)].data = "\n".join(phrases)
        self.escalation_minutes.data = str(values[ESCALATION_SETTING])
        self.safety_callback_hours.data = str(values[CALLBACK_HOURS])
        self.days_after_closure.data = str(values[DAYS_AFTER_CLOSURE])
        self.link_days.data = str(values[LINK_DAYS])
        self.reminder_after_days.data = str(values[REMINDER_AFTER_DAYS])
        self.quiet_hours_start.data = values[QUIET_HOURS]["start"]
        self.quiet_hours_end.data = values[QUIET_HOURS]["end"]
        for name in DISCLOSURE_LIMITS:
            self[name].data = str(values[DISCLOSURE][name])
        self.contact_retention_days.data = str(values[CONTACT_RETENTION])
        self.response_retention_days.data = str(values[RESPONSE_RETENTION])
        self.second_keying.data = values[SECOND_KEYING]
        self.orientation.data = values[ORIENTATION]

    def phrase_fields(self) -> list[tuple[str, object]]:
        return [(code, self[phrases_field_name(code)]) for code in LANGUAGES]

    @property
    def values(self) -> dict:
        """The settings as they are stored."""
        phrases = {code: split_phrases(field.data) for code, field in self.phrase_fields()}
        return {
            HELP_PHONE: self.help_phone.data,
            TEXT_RELAY: self.text_relay.data or "",
            HELP_TEXT: self.help_text.data or "",
            HELP_EMAIL: self.help_email.data or "",
            BSL_RELAY: self.bsl_relay.data or "",
            ALERT_PHRASES: phrases,
            ESCALATION_SETTING: int(self.escalation_minutes.data),
            CALLBACK_HOURS: int(self.safety_callback_hours.data),
            DAYS_AFTER_CLOSURE: int(self.days_after_closure.data),
            LINK_DAYS: int(self.link_days.data),
            REMINDER_AFTER_DAYS: int(self.reminder_after_days.data),
            QUIET_HOURS: {"start": clock_time(self.quiet_hours_start.data),
                          "end": clock_time(self.quiet_hours_end.data)},
            DISCLOSURE: {name: int(self[name].data) for name in DISCLOSURE_LIMITS},
            CONTACT_RETENTION: int(self.contact_retention_days.data),
            RESPONSE_RETENTION: int(self.response_retention_days.data),
            SECOND_KEYING: bool(self.second_keying.data),
            ORIENTATION: bool(self.orientation.data),
        }

    def disclosure_fields(self) -> list:
        return [self[name] for name in DISCLOSURE_LIMITS]


# Added after the class, in page order, so that the error summary lists them as the page does.
for _code, _name in LANGUAGES.items():
    setattr(CouncilSettingsForm, phrases_field_name(_code), TextAreaField(
        _name, widget=GovTextArea(), validators=[_phrase_list(_name)],
    ))
def _number_field(label, *, description, required, check) -> StringField:
    """A setting typed as a whole number: required, trimmed, and checked by ``check``."""
    return StringField(label, description=description, widget=GovTextInput(), filters=[strip_whitespace],
                       validators=[DataRequired(message=required), check])


CouncilSettingsForm.escalation_minutes = StringField(
    _l("Minutes before an alert is escalated"),
    description=_l("If nobody on the duty desk acknowledges an alert within this time, it is marked "
                   "as overdue. Between %(min)d and %(max)d minutes.",
                   min=MIN_ESCALATION_MINUTES, max=MAX_ESCALATION_MINUTES),
    widget=GovTextInput(),
    filters=[strip_whitespace],
    validators=[DataRequired(message=_l("Enter the number of minutes before an alert is escalated")),
                _whole_minutes],
)
CouncilSettingsForm.safety_callback_hours = _number_field(
    _l("Hours within which the duty desk gets in touch"),
    description=_l("People who ask to be contacted about their safety are told they will hear from you "
                   "within this time. Between %(min)d and %(max)d hours.",
                   min=MIN_CALLBACK_HOURS, max=MAX_CALLBACK_HOURS),
    required=_l("Enter the hours within which the duty desk gets in touch"),
    check=_whole_days(
        MIN_CALLBACK_HOURS, MAX_CALLBACK_HOURS,
        _l("Hours within which the duty desk gets in touch must be a whole number, like 24"),
        _l("Hours within which the duty desk gets in touch must be between %(min)d and %(max)d",
           min=MIN_CALLBACK_HOURS, max=MAX_CALLBACK_HOURS),
    ),
)
CouncilSettingsForm.days_after_closure = _number_field(
    _l("Days after closure to ask for feedback"),
    description=_l("Suggested when someone schedules feedback after an enquiry closes. They can change it "
                   "for each person. Between %(min)d and %(max)d days.",
                   min=MIN_DAYS_AFTER_CLOSURE, max=MAX_DAYS_AFTER_CLOSURE),
    required=_l("Enter the number of days after closure to ask for feedback"),
    check=_whole_days(
        MIN_DAYS_AFTER_CLOSURE, MAX_DAYS_AFTER_CLOSURE,
        _l("Days after closure to ask for feedback must be a whole number, like 14"),
        _l("Days after closure to ask for feedback must be between %(min)d and %(max)d",
           min=MIN_DAYS_AFTER_CLOSURE, max=MAX_DAYS_AFTER_CLOSURE),
    ),
)
CouncilSettingsForm.link_days = _number_field(
    _l("Days a survey link works"),
    description=_l("Suggested when someone schedules feedback. Between %(min)d and %(max)d days.",
                   min=MIN_LINK_DAYS, max=MAX_LINK_DAYS),
    required=_l("Enter the number of days a survey link works"),
    check=_whole_days(
        MIN_LINK_DAYS, MAX_LINK_DAYS,
        _l("Days a survey link works must be a whole number, like 28"),
        _l("Days a survey link works must be between %(min)d and %(max)d", min=MIN_LINK_DAYS, max=MAX_LINK_DAYS),
    ),
)
CouncilSettingsForm.reminder_after_days = _number_field(
    _l("Days before the reminder"),
    description=_l("If the person has not answered, one reminder is sent this many days after the first "
                   "text. Enter 0 to send no reminder. Between %(min)d and %(max)d days.",
                   min=MIN_REMINDER_AFTER_DAYS, max=MAX_REMINDER_AFTER_DAYS),
    required=_l("Enter the number of days before the reminder, or 0 for no reminder"),
    check=_whole_days(
        MIN_REMINDER_AFTER_DAYS, MAX_REMINDER_AFTER_DAYS,
        _l("Days before the reminder must be a whole number, like 7"),
        _l("Days before the reminder must be between %(min)d and %(max)d",
           min=MIN_REMINDER_AFTER_DAYS, max=MAX_REMINDER_AFTER_DAYS),
    ),
)
CouncilSettingsForm.contact_retention_days = _number_field(
    _l("Days contact details are kept"),
    description=_l("Phone numbers, addresses and code words are deleted this many days after the person’s last "
                   "invitation ends. Between %(min)d and %(max)d days.",
                   min=MIN_CONTACT_RETENTION_DAYS, max=MAX_CONTACT_RETENTION_DAYS),
    required=_l("Enter the number of days contact details are kept"),
    check=_whole_days(
        MIN_CONTACT_RETENTION_DAYS, MAX_CONTACT_RETENTION_DAYS,
        _l("Days contact details are kept must be a whole number, like 14"),
        _l("Days contact details are kept must be between %(min)d and %(max)d",
           min=MIN_CONTACT_RETENTION_DAYS, max=MAX_CONTACT_RETENTION_DAYS),
    ),
)
CouncilSettingsForm.response_retention_days = _number_field(
    _l("Days answers stay linked to the person"),
    description=_l("Counted from the end of the eight weeks after each quarter in which people can give feedback. "
                   "After that, answers are kept only as the figures need them: not linked to the person, and "
                   "without their own words. Between %(min)d and %(max)d days.",
                   min=MIN_RESPONSE_RETENTION_DAYS, max=MAX_RESPONSE_RETENTION_DAYS),
    required=_l("Enter the number of days answers stay linked to the person"),
    check=_whole_days(
        MIN_RESPONSE_RETENTION_DAYS, MAX_RESPONSE_RETENTION_DAYS,
        _l("Days answers stay linked to the person must be a whole number, like 730"),
        _l("Days answers stay linked to the person must be between %(min)d and %(max)d",
           min=MIN_RESPONSE_RETENTION_DAYS, max=MAX_RESPONSE_RETENTION_DAYS),
    ),
)
CouncilSettingsForm.quiet_hours_start = StringField(
    _l("Quiet hours start"),
    widget=GovTextInput(),
    filters=[strip_whitespace],
    validators=[DataRequired(message=_l("Enter the time quiet hours start")),
                _clock(_l("Quiet hours start must be a time on the 24-hour clock, like 20:00"))],
)
CouncilSettingsForm.quiet_hours_end = StringField(
    _l("Quiet hours end"),
    widget=GovTextInput(),
    filters=[strip_whitespace],
    validators=[DataRequired(message=_l("Enter the time quiet hours end")),
                _clock(_l("Quiet hours end must be a time on the 24-hour clock, like 09:00")),
                _quiet_hours_differ],
)

CouncilSettingsForm.min_count = _number_field(
    _l("Smallest number shown"),
    description=_l("Smaller numbers are shown as [c]. At least %(min)d.", min=DISCLOSURE_LIMITS["min_count"][0]),
    required=_l("Enter the smallest number shown"),
    check=_whole_days(*DISCLOSURE_LIMITS["min_count"],
                      _l("The smallest number shown must be a whole number, like 5"),
                      _l("The smallest number shown must be between %(min)d and %(max)d",
                         min=DISCLOSURE_LIMITS["min_count"][0], max=DISCLOSURE_LIMITS["min_count"][1])),
)
CouncilSettingsForm.rounding_base = StringField(
    _l("Round other numbers to the nearest"),
    description=_l("At least %(min)d.", min=DISCLOSURE_LIMITS["rounding_base"][0]),
    widget=GovTextInput(),
    filters=[strip_whitespace],
    validators=[
        DataRequired(message=_l("Enter what numbers are rounded to")),
        _whole_days(*DISCLOSURE_LIMITS["rounding_base"],
                    _l("What numbers are rounded to must be a whole number, like 5"),
                    _l("What numbers are rounded to must be between %(min)d and %(max)d",
                       min=DISCLOSURE_LIMITS["rounding_base"][0], max=DISCLOSURE_LIMITS["rounding_base"][1])),
        _rounding_fits_smallest_number,
    ],
)
CouncilSettingsForm.min_percentage_base = _number_field(
    _l("Fewest people for a percentage"),
    description=_l("No percentage is shown of fewer people than this. At least %(min)d.",
                   min=DISCLOSURE_LIMITS["min_percentage_base"][0]),
    required=_l("Enter the fewest people for a percentage"),
    check=_whole_days(*DISCLOSURE_LIMITS["min_percentage_base"],
                      _l("The fewest people for a percentage must be a whole number, like 10"),
                      _l("The fewest people for a percentage must be between %(min)d and %(max)d",
                         min=DISCLOSURE_LIMITS["min_percentage_base"][0],
                         max=DISCLOSURE_LIMITS["min_percentage_base"][1])),
)

CouncilSettingsForm.second_keying = BooleanField(
    _l("Key every returned paper form twice"),
    description=_l("A second person keys each form without seeing the first keying. Any difference is "
                   "settled before the answers count."),
    widget=GovCheckboxInput(),
)
CouncilSettingsForm.orientation = BooleanField(
    _l("Remind people when their enquiry ended and who their worker was"),
    description=_l("On the first page of the questionnaire: the month and the worker’s first name. Only "
                   "where the safe-contact check says a message may name the council. It helps people "
                   "with memory difficulties know what the questions are about."),
    widget=GovCheckboxInput(),
)

"""Forms for managing an organisation: its users and its settings."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from ..auth.accounts import MAX_NAME_LENGTH
from ..auth.forms import email_field, strip_whitespace
from ..auth.roles import ROLE_LABELS
from ..duty.escalation import SETTING as ESCALATION_SETTING
from ..i18n import LANGUAGES
from ..models.enums import Role
from .settings import (
    ALERT_PHRASES, HELP_PHONE, MAX_ESCALATION_MINUTES, MAX_PHRASE_LENGTH, MAX_PHRASES_PER_LANGUAGE,
    MAX_TEXT_RELAY_LENGTH, MIN_ESCALATION_MINUTES, TEXT_RELAY, current_values, is_uk_phone, split_phrases,
)


class InviteUserForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=_l("Enter the person’s full name")),
            Length(max=MAX_NAME_LENGTH, message=_l(
                "Full name must be %(max)d characters or fewer", max=MAX_NAME_LENGTH
            )),
        ],
    )
    email = email_field()
    role = RadioField(
        _l("Role"),
        widget=GovRadioInput(),
        choices=[],
        invalid_choice_message=_l("Select a role"),
    )

    def offer_roles(self, roles) -> None:
        self.role.choices = [(role.value, ROLE_LABELS[role]) for role in roles]

    @property
    def chosen_role(self) -> Role:
        return Role(self.role.data)


class ConfirmForm(FlaskForm):
    """A button that changes something: carries only the CSRF token."""


def _uk_phone(form, field):
    if field.data and not is_uk_phone(field.data):
        raise ValidationError(_l("Enter a UK phone number, like 0300 123 4567 or +44 300 123 4567"))


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


def _whole_minutes(form, field):
    # Checked here rather than by an IntegerField so that the message is ours and what was
    # typed is shown back exactly.
    text = field.data or ""
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(_l("Minutes before an alert is escalated must be a whole number, like 60"))
    if not MIN_ESCALATION_MINUTES <= int(text) <= MAX_ESCALATION_MINUTES:
        raise ValidationError(_l(
            "Minutes before an alert is escalated must be between %(min)d and %(max)d",
            min=MIN_ESCALATION_MINUTES, max=MAX_ESCALATION_MINUTES,
        ))


def phrases_field_name(language: str) -> str:
    return f"phrases_{language}"


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

    def fill_from(self, settings: dict | None) -> None:
        """Start the form with what the council has now."""
        values = current_values(settings)
        self.help_phone.data = values[HELP_PHONE]
        self.text_relay.data = values[TEXT_RELAY]
        for code, phrases in values[ALERT_PHRASES].items():
            self[phrases_field_name(code)].data = "\n".join(phrases)
        self.escalation_minutes.data = str(values[ESCALATION_SETTING])

    def phrase_fields(self) -> list[tuple[str, object]]:
        return [(code, self[phrases_field_name(code)]) for code in LANGUAGES]

    @property
    def values(self) -> dict:
        """The settings as they are stored."""
        phrases = {code: split_phrases(field.data) for code, field in self.phrase_fields()}
        return {
            HELP_PHONE: self.help_phone.data,
            TEXT_RELAY: self.text_relay.data or "",
            ALERT_PHRASES: phrases,
            ESCALATION_SETTING: int(self.escalation_minutes.data),
        }


# Added after the class, in page order, so that the error summary lists them as the page does.
for _code, _name in LANGUAGES.items():
    setattr(CouncilSettingsForm, phrases_field_name(_code), TextAreaField(
        _name, widget=GovTextArea(), validators=[_phrase_list(_name)],
    ))
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


class ApiKeyForm(FlaskForm):
    name = StringField(
        _l("Name"),
        description=_l("Say which system will use the key, so you know which one to revoke later."),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            DataRequired(message=_l("Enter a name for the key")),
            Length(max=100, message=_l("Name must be %(max)d characters or fewer", max=100)),
        ],
    )

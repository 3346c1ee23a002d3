"""Forms for managing an organisation's users and API keys (its settings: ``settings_form``)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextInput
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..auth.accounts import MAX_NAME_LENGTH
from ..auth.forms import email_field, strip_whitespace
from ..auth.roles import ROLE_LABELS
from ..models.enums import Role


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

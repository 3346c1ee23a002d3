"""Sign-in and set-password forms, rendered with GOV.UK Frontend widgets."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovTextInput
from wtforms import PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from .accounts import MAX_EMAIL_LENGTH
from .passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def strip_whitespace(value):
    return value.strip() if isinstance(value, str) else value


def email_field(required_message=None) -> StringField:
    """An email address field with the messages the GOV.UK Design System recommends."""
    return StringField(
        _l("Email address"),
        widget=GovTextInput(),
        filters=[strip_whitespace],
        validators=[
            InputRequired(message=required_message or _l("Enter an email address")),
            Length(max=MAX_EMAIL_LENGTH, message=_l(
                "Email address must be %(max)d characters or fewer", max=MAX_EMAIL_LENGTH
            )),
            Email(message=_l("Enter an email address in the correct format, like name@example.com")),
        ],
    )


class LoginForm(FlaskForm):
    email = email_field(required_message=_l("Enter your email address"))
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter your password")),
            Length(max=MAX_PASSWORD_LENGTH, message=_l(
                "Password must be %(max)d characters or fewer", max=MAX_PASSWORD_LENGTH
            )),
        ],
    )


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Create a password"),
        description=_l(
            "Use at least %(min)d characters. Three random words together are easy to remember "
            "and hard to guess.", min=MIN_PASSWORD_LENGTH
        ),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter a password")),
            Length(min=MIN_PASSWORD_LENGTH, message=_l(
                "Password must be %(min)d characters or more", min=MIN_PASSWORD_LENGTH
            )),
            Length(max=MAX_PASSWORD_LENGTH, message=_l(
                "Password must be %(max)d characters or fewer", max=MAX_PASSWORD_LENGTH
            )),
        ],
    )
    password_confirm = PasswordField(
        _l("Confirm your password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Enter the password again")),
            EqualTo("password", message=_l("The passwords do not match")),
        ],
    )


class JoinForm(FlaskForm):
    """Joining another organisation with the password of the account one already has."""

    password = PasswordField(
        _l("Your password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password")),
                    Length(max=MAX_PASSWORD_LENGTH, message=_l("Enter a correct password"))],
    )

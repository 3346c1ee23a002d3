"""Forms on an alert's page. Both post, and both carry the CSRF token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from .handling import ACTION_TAKEN_MAX


def _tidy(value):
    # Browsers send line breaks as CRLF; counting them as one character each matches what the
    # person sees, so a note that fits on screen is never refused for its length.
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


class AcknowledgeForm(FlaskForm):
    """The Acknowledge button: it carries only the CSRF token."""


class CloseAlertForm(FlaskForm):
    action_taken = TextAreaField(
        _l("Record what you did"),
        description=_l("Say what action you took, for example who you contacted and what was "
                       "agreed. Saving this closes the alert. Up to %(max)s characters.", max="2,000"),
        widget=GovTextArea(),
        filters=[_tidy],
        validators=[
            DataRequired(message=_l("Enter what you did about this alert")),
            Length(max=ACTION_TAKEN_MAX, message=_l(
                "What you did must be %(max)s characters or fewer", max="2,000")),
        ],
    )

"""The quarterly return's forms. Each posts with its CSRF token and the version it was shown."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovTextArea, GovTextInput
from wtforms import BooleanField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..reports.returns import MAX_ENQUIRIES, MAX_NOTES, MAX_REASON


def _tidy(value):
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value


_ENQUIRIES_MESSAGE = _l("Enquiries completed must be a whole number from 0 to %(max)s", max="1,000,000")


def _at_most_a_million(form, field):
    # WTForms runs this even when the pattern before it failed: compare only a number it let through.
    if field.data and not field.errors and int(field.data.replace(",", "")) > MAX_ENQUIRIES:
        raise ValidationError(_ENQUIRIES_MESSAGE)


def enquiries_number(field) -> int | None:
    return int(field.data.replace(",", "")) if field.data else None


class ReturnDetailsForm(FlaskForm):
    enquiries_completed = StringField(
        _l("Enquiries completed in the quarter (optional)"),
        description=_l("Only if your council records its enquiries somewhere else. Leave it blank to use "
                       "the enquiries completed in this service."),
        widget=GovTextInput(),
        filters=[_tidy],
        validators=[Optional(), Regexp(r"^[0-9][0-9,]{0,8}$", message=_ENQUIRIES_MESSAGE), _at_most_a_million],
        render_kw={"inputmode": "numeric", "spellcheck": "false"},
    )
    notes = TextAreaField(
        _l("Notes for this return (optional)"),
        description=_l("For example, why a figure is lower than usual. Up to %(max)s characters.", max=MAX_NOTES),
        widget=GovTextArea(), filters=[_tidy],
        validators=[Optional(), Length(max=MAX_NOTES, message=_l(
            "Notes must be %(max)s characters or fewer", max=MAX_NOTES))],
    )


class FinaliseForm(FlaskForm):
    version = HiddenField()
    confirm = BooleanField(
        _l("I have checked these figures and want to make this return final"),
        widget=GovCheckboxInput(),
        validators=[DataRequired(message=_l("Confirm that you have checked the figures"))],
    )


class CorrectionForm(FlaskForm):
    version = HiddenField()
    reason = TextAreaField(
        _l("Why does the final return need correcting?"),
        description=_l("This is kept with the new version. Up to %(max)s characters.", max="1,000"),
        widget=GovTextArea(), filters=[_tidy],
        validators=[DataRequired(message=_l("Enter why the return needs correcting")),
                    Length(max=MAX_REASON, message=_l("The reason must be %(max)s characters or fewer",
                                                      max="1,000"))],
    )

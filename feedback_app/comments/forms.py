"""Forms for reviewing a comment and for a council's themes. All post, with the CSRF token."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovRadioInput, GovTextArea, GovTextInput
from wtforms import HiddenField, IntegerField, RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..questionnaire import FREE_TEXT_MAX
from .labels import DECISION_LABELS
from .themes import LABEL_MAX, WORD_MAX, WORDS_MAX


def _tidy(value):
    # Browsers send line breaks as CRLF; the stored text has LF.
    return value.replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(value, str) else value


class ReviewForm(FlaskForm):
    themes = SelectMultipleField(_l("Themes"), widget=GovCheckboxesInput(), coerce=int, validate_choice=False,
                                 description=_l("Select all that apply."))
    decision = RadioField(
        _l("Can this comment be quoted in reports?"), widget=GovRadioInput(), validate_choice=True,
        choices=[SelectChoice(value, label) for value, label in DECISION_LABELS.items()],
        validators=[InputRequired(message=_l("Select whether this comment can be quoted in reports"))],
    )
    text = TextAreaField(
        _l("Take out more words (optional)"), widget=GovTextArea(), filters=[_tidy],
        validators=[DataRequired(message=_l("Enter the text of the comment")),
                    Length(max=FREE_TEXT_MAX * 2, message=_l("The comment is too long"))],
    )
    text_version = IntegerField(widget=HiddenInput(), validators=[Optional()])

    def __init__(self, *args, theme_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes.choices = [SelectChoice(value, label) for value, label in theme_choices]


class ThemeForm(FlaskForm):
    label = StringField(
        _l("Name of the theme"), widget=GovTextInput(), filters=[_tidy],
        validators=[DataRequired(message=_l("Enter a name for the theme")),
                    Length(max=LABEL_MAX, message=_l("The name of the theme must be %(max)d characters or fewer",
                                                     max=LABEL_MAX))],
    )


class RetireForm(FlaskForm):
    """A button to retire or restore a theme: it carries only the CSRF token and the choice."""

    active = HiddenField()


def _each_word_short(form, field):
    lines = [line.strip() for line in (field.data or "").splitlines() if line.strip()]
    if any(len(line) > WORD_MAX for line in lines):
        raise ValidationError(_l("Each word or phrase must be %(max)d characters or fewer", max=WORD_MAX))
    if len(lines) > WORDS_MAX:
        raise ValidationError(_l("Enter %(max)d words or phrases or fewer", max=WORDS_MAX))


class ExtraWordsForm(FlaskForm):
    words = TextAreaField(
        _l("Other words to take out of comments"), widget=GovTextArea(), filters=[_tidy],
        description=_l("One word or phrase on each line, for example the name of a care home or a street. "
                       "Staff names are taken out already."),
        validators=[_each_word_short],
    )

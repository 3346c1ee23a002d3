"""Words for the keys in report tables, in the reader's language.

Tables keep stable keys (``asked_expressed``, ``s42``, ``total``) so that a frozen return and a
file made from it read the same whichever language they are shown in; these functions give
each key its label when a page or a file is made.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..labels import (
    ASKED_BY_LABELS, CHANNEL_LABELS, ENQUIRY_KIND_LABELS, OUTCOMES_ACHIEVED_LABELS, OUTCOMES_ASKED_LABELS,
    RESPONDENT_LABELS, RISK_OUTCOME_LABELS, TIMING_LABELS,
)
from ..capacity import NOBODY_RECORDED, NOBODY_TO_ASK
from ..framework import display as framework_label
from ..models import FeedbackWindow, OutcomesAsked
from ..screening import CONDITIONS
from .figures import UNKNOWN
from .tables import ANSWERED, RECEIVED, SENT, TOTAL_KEY, Table

ACTIVITY_LABELS = {
    "activity:enquiries": _l("Enquiries closed in this service"),
    "activity:channel": _l("Invitations and responses by channel"),
    "activity:asked_by": _l("Invitations and responses by who asked"),
    "activity:timing": _l("Invitations and responses by when people were asked"),
    "activity:organisation": _l("Invitations and responses"),
    "themes": _l("Themes in comments"),
    "funnel": _l("From enquiries closed to answers"),
    "cross:safer_by_outcomes": _l("Feeling safer, by whether the outcomes the person wanted were achieved (in their view)"),
    "funnel:screened": _l("Enquiries screened out, by reason"),
    "funnel:channel": _l("Enquiries invited and answered, by channel"),
    "funnel:asked_by": _l("Enquiries invited and answered, by who asked"),
    "funnel:timing": _l("Enquiries invited and answered, by when people were asked"),
}
DIMENSION_LABELS = {
    "answer": _l("Answer"),
    "category": _l("Category"),
    "respondent": _l("Who answered"),
    "enquiry_kind": _l("Kind of enquiry"),
    "channel": _l("Channel"),
    "asked_by": _l("Who asked"),
    "timing": _l("When asked"),
    "source": _l("How the enquiry was recorded"),
    "measure": _l("Measure"),
    "theme": _l("Theme"),
    "organisation": _l("Council"),
    "window": _l("When the feedback was given"),
    "stage": _l("Stage"),
    "outcomes_view": _l("Outcomes achieved, in the person’s view"),
    "reason": _l("Reason"),
}
MEASURE_LABELS = {
    SENT: _l("Invitations sent"),
    ANSWERED: _l("Invitations answered"),
    RECEIVED: _l("Responses received"),
    "comments": _l("Comments"),
    "enquiries": _l("Enquiries"),
}
WINDOW_LABELS = {
    FeedbackWindow.DURING.value: _l("During the enquiry"),
    FeedbackWindow.AFTER.value: _l("Closure to 8 weeks after (counted)"),
    FeedbackWindow.LATE.value: _l("More than 8 weeks after closure"),
}
STAGE_LABELS = {
    "closed": _l("Enquiries closed"),
    "screened_out": _l("Screened out"),
    "declined": _l("Declined"),
    "not_asked": _l("Not asked yet"),
    "invited": _l("Invited"),
    "answered": _l("Answered"),
}
REASON_LABELS = {
    NOBODY_RECORDED: _l("Nobody recorded to ask"),
    NOBODY_TO_ASK: _l("Lacks capacity to decide, with nobody to ask"),
    **CONDITIONS,
}
SOURCE_LABELS = {"entered": _l("Entered in this service"), "imported": _l("Imported")}
CATEGORY_LABELS = {
    **{k.value: v for k, v in OUTCOMES_ASKED_LABELS.items()},
    **{k.value: v for k, v in OUTCOMES_ACHIEVED_LABELS.items()},
    **{k.value: v for k, v in RISK_OUTCOME_LABELS.items()},
    OutcomesAsked.NOT_RECORDED.value: _l("Not recorded"),
}
_BY_DIMENSION = {
    "respondent": {**{k.value: v for k, v in RESPONDENT_LABELS.items()}, UNKNOWN: _l("Not known")},
    "enquiry_kind": {k.value: v for k, v in ENQUIRY_KIND_LABELS.items()},
    "channel": {k.value: v for k, v in CHANNEL_LABELS.items()},
    "asked_by": {k.value: v for k, v in ASKED_BY_LABELS.items()},
    "timing": {k.value: v for k, v in TIMING_LABELS.items()},
    "source": SOURCE_LABELS,
    "measure": MEASURE_LABELS,
    "category": CATEGORY_LABELS,
    "window": WINDOW_LABELS,
    "stage": STAGE_LABELS,
    "reason": REASON_LABELS,
}


POPULATION_SOURCES = {"entered": _l("your council’s own figure"), "counted": _l("counted in this service")}


def enquiries_completed_label(source: str | None) -> str:
    """"Enquiries completed", saying where the figure comes from when that is known."""
    if source in POPULATION_SOURCES:
        return _("Enquiries completed (%(source)s)", source=POPULATION_SOURCES[source])
    return _("Enquiries completed")


def table_title(table: Table) -> str:
    """What the table shows, e.g. "Q4: Did people listen to the person? – by who answered"."""
    if table.item in ACTIVITY_LABELS:
        return str(ACTIVITY_LABELS[table.item])
    if table.part in ("experience", "record"):
        base = framework_label(table.item)
        if table.question:
            base = _("%(item)s – question asked: “%(question)s”", item=base, question=question_text(table.question))
        if table.columns_by in ("respondent", "enquiry_kind", "window"):
            return _("%(title)s – by %(dimension)s", title=base,
                     dimension=str(DIMENSION_LABELS[table.columns_by]).lower())
        return base
    return str(ACTIVITY_LABELS.get(table.item, table.item))


def question_text(question_key: str) -> str:
    """The question as the person read it (the adult wording), or its key if no survey has it."""
    from ..questionnaire.registry import all_surveys

    for survey in all_surveys().values():
        if survey.has_question(question_key):
            return survey.question(question_key).text_translated()
    return question_key


def question_for(framework_item: str) -> str | None:
    """The key of the first question of the loaded surveys that feeds ``framework_item``."""
    from ..questionnaire.registry import all_surveys

    return next((q.key for survey in all_surveys().values() for q in survey.questions
                 if q.framework == framework_item), None)


def answer_label(question_key: str | None, key: str) -> str:
    from ..questionnaire.registry import all_surveys

    for survey in all_surveys().values():
        if question_key and survey.has_question(question_key):
            question = survey.question(question_key)
            if key in question.choice_keys:
                return question.choice(key).label_translated()
    return key


def key_label(table: Table, dimension: str, key: str, organisation_names: dict | None = None) -> str:
    """The label of a row or column key of ``table`` along ``dimension``."""
    if key == TOTAL_KEY:
        if dimension == "organisation":
            # "England" only where the caller knows every English council is in the sum.
            return (organisation_names or {}).get(TOTAL_KEY) or _("All councils in this service")
        if dimension == "respondent":
            return _("All respondents, one per enquiry")
        return _("Total")
    if dimension == "answer":
        return answer_label(table.question, key)
    if dimension == "outcomes_view":  # the answers to the question asking about outcomes achieved
        return answer_label(question_for("mspof:Q2"), key)
    if dimension == "organisation":
        return (organisation_names or {}).get(key, key)
    labels = _BY_DIMENSION.get(dimension, {})
    return str(labels.get(key, key))


def row_label(table: Table, key: str, organisation_names: dict | None = None) -> str:
    return key_label(table, table.rows_by, key, organisation_names)


def column_label(table: Table, key: str, organisation_names: dict | None = None) -> str:
    return key_label(table, table.columns_by, key, organisation_names)

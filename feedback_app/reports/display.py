"""What report templates need: labels for table keys and the words for a published value."""
from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _

from ..labels import RESPONDENT_LABELS
from . import labels
from ..reports.disclosure import MISSING, SUPPRESSED
from ..reports.downloads.common import long_date, published_guide
from ..reports.periods import RollingYear


def value_text(value) -> str:
    if value == SUPPRESSED or value == MISSING:
        return value
    return format_decimal(value)


def value_meaning(value) -> str | None:
    """Words for a screen reader beside [c] and [x], which read badly as symbols."""
    if value == SUPPRESSED:
        return _("hidden to protect people’s privacy")
    if value == MISSING:
        return _("not available")
    return None


def percentage_text(value) -> str:
    if value == SUPPRESSED or value == MISSING:
        return value
    return _("%(value)s%%", value=value)


def period_label(period) -> str:
    if isinstance(period, RollingYear):
        return _("Four quarters to %(quarter)s", quarter=period.end_quarter.label)
    return period.label


def template_helpers() -> dict:
    return {
        "table_title": labels.table_title,
        "row_label": labels.row_label,
        "column_label": labels.column_label,
        "value_text": value_text,
        "value_meaning": value_meaning,
        "percentage_text": percentage_text,
        "framework_label": labels.framework_label,
        "dimension_labels": labels.DIMENSION_LABELS,
        "period_label": period_label,
        "enquiries_completed_label": labels.enquiries_completed_label,
        "published_guide": published_guide,
        "long_date": long_date,
        "respondent_labels": {k.value: v for k, v in RESPONDENT_LABELS.items()},
    }

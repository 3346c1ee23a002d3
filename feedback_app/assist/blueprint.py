"""The assist blueprint: the pages of advocates and Healthwatch volunteers, and of the partner
organisation's admin who shares the work out."""
from flask import Blueprint

from ..casework.display import long_date
from ..duty.display import template_helpers
from ..labels import (
    ANSWER_MODE_LABELS, ASKED_BY_LABELS, ASSIGNMENT_STATUS_LABELS, CONTACT_KIND_LABELS, REPRESENTATIVE_KIND_LABELS,
    SUPPORT_LABELS, format_need_names, language_name,
)
from ..models import ContactKind

bp = Blueprint("assist", __name__)


@bp.context_processor
def assist_helpers():
    return {**template_helpers(), "long_date": long_date, "contact_kind_labels": CONTACT_KIND_LABELS,
            "ContactKind": ContactKind, "assignment_status_labels": ASSIGNMENT_STATUS_LABELS,
            "answer_mode_labels": ANSWER_MODE_LABELS, "asked_by_labels": ASKED_BY_LABELS,
            "support_labels": SUPPORT_LABELS, "representative_kind_labels": REPRESENTATIVE_KIND_LABELS,
            "format_need_names": format_need_names, "language_name": language_name}


@bp.after_request
def no_caching(response):
    # How to reach a person safely, and what they said: never kept by a browser or a proxy.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

"""Casework: practitioners register enquiries and the people who may be asked for feedback,
record consent, safe contact, screening and the MSP record items, and schedule feedback."""
from flask import Blueprint

bp = Blueprint("casework", __name__)

from . import views, participant_views, feedback_views, import_views  # noqa: E402,F401

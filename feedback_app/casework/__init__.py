"""Casework: practitioners register enquiries and the people who may be asked for feedback,
record consent, safe contact, screening and the MSP record items, and schedule feedback."""
from . import feedback_views, import_views, participant_views, partner_views, views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

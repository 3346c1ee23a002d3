"""The casework pages, registered on the blueprint that the application mounts."""
from . import (  # noqa: F401 (the views register their routes)
    feedback_views, import_views, participant_views, partner_views, telephone_views, views,
)
from .blueprint import bp

__all__ = ["bp"]

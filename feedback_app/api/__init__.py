"""The JSON API a council's case-management system uses to register enquiries and follow feedback."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

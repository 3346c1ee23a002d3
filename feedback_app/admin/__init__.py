"""The admin pages."""
from . import api_keys, audit_views, joining_views, languages, recordings, views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

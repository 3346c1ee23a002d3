"""Comments people wrote in their own words: redacted, themed and approved by analysts."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

"""Comments people wrote in their own words: redacted, themed and approved by analysts."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp
from .themes import seed_demo_comments  # noqa: F401

__all__ = ["bp"]

"""The duty desk: alerts raised by feedback, and what the council did about them."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

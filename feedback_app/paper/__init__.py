"""Paper: the printable questionnaire (easy read and large print), the page its QR code opens,
and re-keying returned forms, once or twice."""
from . import batch_views, online, views  # noqa: F401 (they register their routes)
from .blueprint import bp

__all__ = ["bp"]

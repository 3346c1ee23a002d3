"""The comments pages, registered on the blueprint that the application mounts."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

"""The paper pages, registered on the blueprint that the application mounts."""
from . import batch_views, online, views  # noqa: F401 (they register their routes)
from .blueprint import bp

__all__ = ["bp"]

"""The reports pages, registered on the blueprint that the application mounts."""
from . import benchmark_views, return_views, sample_views, views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

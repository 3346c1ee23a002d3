"""The assist pages, registered on the blueprint that the application mounts."""
from . import answer_views, team_views, views  # noqa: F401 (they register their routes)
from .blueprint import bp

__all__ = ["bp"]

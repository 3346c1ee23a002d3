"""The person's web questionnaire: a link from a text, a letter or an advocate, in easy read."""
from . import views  # noqa: F401 (the views register their routes)
from .blueprint import bp

__all__ = ["bp"]

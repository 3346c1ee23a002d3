"""The person's web questionnaire: a link from a text, a letter or an advocate, in easy read."""
from flask import Blueprint

bp = Blueprint("respond", __name__)

from . import views  # noqa: E402,F401

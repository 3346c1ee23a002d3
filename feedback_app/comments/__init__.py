"""Comments people wrote in their own words: redacted, themed and approved by analysts."""
from flask import Blueprint

bp = Blueprint("comments", __name__)

from . import views  # noqa: E402,F401
from .themes import seed_demo_comments  # noqa: E402,F401

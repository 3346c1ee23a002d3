"""The duty desk: alerts raised by feedback, and what the council did about them."""
from flask import Blueprint

bp = Blueprint("duty", __name__)

from . import views  # noqa: E402,F401

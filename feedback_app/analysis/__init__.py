"""Reports: a council's figures for a quarter, its quarterly return, downloads and benchmarks."""
from flask import Blueprint

bp = Blueprint("analysis", __name__)

from . import views  # noqa: E402,F401

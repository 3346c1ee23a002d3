from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import views  # noqa: E402,F401
from . import api_keys  # noqa: E402,F401

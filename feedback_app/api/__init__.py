"""The JSON API a council's case-management system uses to register enquiries and follow feedback."""
from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
# Clients authenticate with a key in a header, never a cookie, so a forged cross-site request
# carries nothing to act on.
csrf.exempt(bp)

from . import views  # noqa: E402,F401

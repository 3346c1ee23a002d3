"""The api blueprint; the view modules register their routes on it."""
from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
# Clients authenticate with a key in a header, never a cookie, so a forged cross-site request
# carries nothing to act on.
csrf.exempt(bp)

"""The casework blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("casework", __name__)

"""The respond blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("respond", __name__)

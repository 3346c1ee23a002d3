"""The duty blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("duty", __name__)

"""The main blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("main", __name__)

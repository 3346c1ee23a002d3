"""The comments blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("comments", __name__)

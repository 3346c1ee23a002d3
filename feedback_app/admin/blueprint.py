"""The admin blueprint; the view modules register their routes on it."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

"""The reports blueprint, served under /reports; its views live in views, return_views and
benchmark_views."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

"""The paper blueprint: printable forms, re-keying returned forms, and the code page a form's QR
code opens."""
from flask import Blueprint

from ..casework.display import long_date

bp = Blueprint("paper", __name__)


@bp.context_processor
def paper_helpers():
    return {"long_date": long_date}


@bp.after_request
def no_caching(response):
    # Forms carry a person's code, and keying pages their answers: never kept by a browser or proxy.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

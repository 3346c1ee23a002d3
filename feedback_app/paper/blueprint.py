"""The paper blueprint: printable forms, re-keying returned forms, and the code page a form's QR
code opens."""
from flask import Blueprint, Response
from flask_login import current_user

from ..casework.access import VIEW_ROLES, organisation_ids
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


def councils() -> set[int]:
    """The councils whose paper forms the signed-in member of staff may print and key."""
    return organisation_ids(current_user, VIEW_ROLES)


def pdf_attachment(pdf: bytes, filename: str) -> Response:
    """A PDF to save (``no_caching`` above keeps it out of every cache)."""
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})

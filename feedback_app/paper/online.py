"""The page a paper form's QR code opens: it asks for the form code and nothing else.

The QR code holds only this page's address, never a survey link. A code typed here opens the
questionnaire online while the form could still be answered and nothing has been keyed from it;
every other code gets the same answer, which gives away nothing about the form or the person.
Tries are limited per address.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from ..auth.permissions import public
from ..casework.forms import ConfirmForm
from ..capacity import direct_contact_allowed
from ..consent import may_contact
from ..db import db
from .. import limits
from ..models import Channel, Invitation
from ..respond.links import begin_answering, usable_invitation
from ..tokens import normalise_reference_code
from .blueprint import bp
from .codes import open_keyings
from .pdf import CODE_PAGE_PATH


def answerable_by_code(typed: str) -> Invitation | None:
    code = normalise_reference_code(typed or "")
    if not code:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.reference_code == code,
                                                            Invitation.channel == Channel.PAPER))
    if not usable_invitation(db.session, invitation) or open_keyings(db.session, invitation.id) \
            or not may_contact(db.session, invitation.participant_id) \
            or not direct_contact_allowed(invitation.participant):
        return None
    return invitation


@bp.route(CODE_PAGE_PATH, methods=["GET", "POST"])
@public
@limits.paper_code
def code_page():
    form = ConfirmForm()
    error = False
    typed = ""
    if request.method == "POST" and form.validate_on_submit():
        typed = (request.form.get("code") or "")[:40]
        invitation = answerable_by_code(typed)
        if invitation is not None:
            begin_answering(db.session, invitation)
            return redirect(url_for("respond.start"))
        error = True
    response = render_template("paper/code_page.html", form=form, error=error, typed=typed)
    return (response, 400) if error else response

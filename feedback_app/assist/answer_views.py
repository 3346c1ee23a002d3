"""An advocate answering with a person on a visit: the assisted-response pages (``flow``) for
one of the assignments given to them."""
from __future__ import annotations

from flask import url_for

from ..auth.permissions import requires
from ..db import db
from ..models import Role
from . import flow
from ..casework.records.checks import LONDON
from .answering import Setup
from .blueprint import bp
from .views import assignment_or_404, who
from .work import mark_contacted, record_answered, record_declined_in_questionnaire


class Visit(flow.Work):
    def __init__(self, assignment):
        self.assignment = assignment
        self.invitation_id = assignment.invitation_id
        self.label = who(assignment)
        self.back_url = url_for("assist.person", assignment_id=assignment.id)
        self.done_url = url_for("assist.home")
        self.earliest = assignment.created_at.astimezone(LONDON).date()

    def url(self, page: str, **values) -> str:
        return url_for(f"assist.{page}", assignment_id=self.assignment.id, **values)

    @property
    def ended(self) -> bool:
        return self.assignment.ended_at is not None

    def begin(self, setup: Setup, user) -> int:
        mark_contacted(db.session, self.assignment, user)
        db.session.commit()
        return self.invitation_id

    def sent(self, user) -> None:
        record_answered(db.session, self.assignment, user)

    def declined(self, user) -> None:
        record_declined_in_questionnaire(db.session, self.assignment, user)


@bp.route("/people/<int:assignment_id>/start", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def start(assignment_id):
    return flow.start_page(Visit(assignment_or_404(assignment_id)))


@bp.route("/people/<int:assignment_id>/q/<key>", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def question(assignment_id, key):
    return flow.question_page(Visit(assignment_or_404(assignment_id)), key)


@bp.route("/people/<int:assignment_id>/check", methods=["GET", "POST"])
@requires(Role.ADVOCATE)
def check(assignment_id):
    return flow.check_page(Visit(assignment_or_404(assignment_id)))

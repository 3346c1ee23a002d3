"""The audit trail for a council's administrators, and a person's subject access export."""
from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..auth.permissions import requires
from ..db import db
from ..models import Membership, Participant, User
from ..models.enums import Role
from ..pagination import PageNotFound, page_number, paginate
from .audit_trail import PAGE_SIZE, actions_recorded, audit_csv, audit_query, detail_text, local_time, read_filter
from .blueprint import bp
from .subject_access import subject_access_pdf
from .views import _council


@bp.route("/audit")
@requires(Role.ADMIN)
def audit_trail():
    council = _council()
    chosen, problems = read_filter(request.args)
    page = None
    if not problems:
        # A filter that cannot be read shows no events rather than all of them.
        try:
            page = paginate(db.session, audit_query(db.session, council.id, chosen), page_number(request.args),
                            PAGE_SIZE)
        except PageNotFound:
            abort(404)
    users = db.session.execute(select(User.id, User.name).join(Membership, Membership.user_id == User.id)
                               .where(Membership.organisation_id == council.id).order_by(User.name)).all()
    return render_template("admin/audit.html", organisation=council, page=page, chosen=chosen, problems=problems,
                           args=chosen.args() if not problems else {}, users=users,
                           actions=actions_recorded(db.session, council.id), detail_text=detail_text,
                           local_time=local_time, has_errors=bool(problems)), (400 if problems else 200)


@bp.route("/audit.csv")
@requires(Role.ADMIN)
def audit_export():
    council = _council()
    chosen, problems = read_filter(request.args)
    if problems:
        abort(400)
    body = audit_csv(db.session, audit_query(db.session, council.id, chosen))
    audit.record(db.session, "audit_exported", council, filters=chosen.args())
    db.session.commit()
    return Response("\ufeff" + body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=audit-trail.csv"})


@bp.route("/people/<int:participant_id>/subject-access.pdf")
@requires(Role.ADMIN)
def subject_access(participant_id):
    council = _council()
    participant = db.session.scalar(select(Participant).where(Participant.id == participant_id,
                                                              Participant.organisation_id == council.id))
    if participant is None:
        abort(404)
    pdf = subject_access_pdf(db.session, participant, current_user._get_current_object())
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=person-{participant.id}-information-held.pdf"})

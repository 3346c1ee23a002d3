"""The partner organisation's admin shares out the work a council gave the organisation: each
person to one of the organisation's advocates or volunteers."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from ..auth.permissions import requires
from ..db import db, unscoped
from ..models import Organisation, Role
from .blueprint import bp
from .views import actor
from .work import admin_memberships, advocates_of, find_team_assignment, give_to_advocate, progress, team_assignments


def _partner_ids() -> set[int]:
    ids = admin_memberships(current_user)
    if not ids:
        abort(404)
    return ids


@bp.route("/team")
@requires(Role.ADMIN, Role.ADVOCATE)
def team():
    _partner_ids()
    # The organisation's admin holds no role in the councils, so its records are read outside
    # the session's scope, narrowed to the organisation's own work by ``team_assignments``.
    with unscoped(db.session):
        assignments = team_assignments(db.session, current_user)
    people = {partner_id: advocates_of(db.session, partner_id) for partner_id in {a.partner_id for a in assignments}}
    names = {user.id: user.name for users in people.values() for user in users}
    councils = {org.id: org.name for org in db.session.query(Organisation).filter(
        Organisation.id.in_({a.organisation_id for a in assignments}))} if assignments else {}
    return render_template("assist/team.html", assignments=assignments, people=people, names=names,
                           councils=councils, progress=progress, form=FlaskForm())


@bp.route("/team/<int:assignment_id>", methods=["POST"])
@requires(Role.ADMIN, Role.ADVOCATE)
def give(assignment_id):
    _partner_ids()
    with unscoped(db.session):
        assignment = find_team_assignment(db.session, current_user, assignment_id)
    if assignment is None:
        abort(404)
    if FlaskForm().validate_on_submit():
        chosen = request.form.get("advocate", "")
        people = {str(user.id): user for user in advocates_of(db.session, assignment.partner_id)}
        if chosen and chosen not in people:
            flash(_("Choose one of the people listed."), "important")
        else:
            advocate = people.get(chosen)
            give_to_advocate(db.session, assignment, advocate, actor())
            flash(_("%(reference)s is now with %(name)s.", reference=assignment.reference, name=advocate.name)
                  if advocate else _("%(reference)s is now with nobody.", reference=assignment.reference), "success")
    return redirect(url_for("assist.team"))



@bp.route("/team/everyone-waiting", methods=["POST"])
@requires(Role.ADMIN, Role.ADVOCATE)
def give_everyone_waiting():
    """Give every person not yet given to anyone to one advocate in one go: a sample can be a
    hundred people."""
    _partner_ids()
    if FlaskForm().validate_on_submit():
        with unscoped(db.session):
            waiting = [a for a in team_assignments(db.session, current_user) if a.advocate_id is None]
        chosen = request.form.get("advocate", "")
        given, name = 0, ""
        people = {partner_id: {str(user.id): user for user in advocates_of(db.session, partner_id)}
                  for partner_id in {assignment.partner_id for assignment in waiting}}
        for assignment in waiting:
            advocate = people[assignment.partner_id].get(chosen)
            if advocate is not None:
                give_to_advocate(db.session, assignment, advocate, actor())
                given, name = given + 1, advocate.name
        if given:
            flash(ngettext("%(num)d person is now with %(name)s.", "%(num)d people are now with %(name)s.", given,
                           name=name), "success")
        else:
            flash(_("Choose one of the people listed."), "important")
    return redirect(url_for("assist.team"))

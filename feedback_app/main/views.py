from flask import jsonify, render_template
from flask_login import current_user

from ..assist.work import admin_memberships
from ..auth.permissions import public, requires
from ..db import db
from .blueprint import bp


@bp.route("/")
@requires()
def index():
    return render_template("main/index.html", memberships=current_user.memberships,
                           partner_admin=bool(admin_memberships(current_user)),
                           council_staff=any(m.organisation.is_council for m in current_user.memberships))


@bp.route("/healthz")
@public
def healthz():
    if db.ping():
        return jsonify(status="ok")
    return jsonify(status="unavailable"), 503

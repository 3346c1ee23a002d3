"""Administration pages for the API keys a council's case-management system uses."""
from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..api.keys import create_key, organisation_key, organisation_keys, revoke_key
from ..auth.permissions import requires
from ..db import db
from ..models.enums import Role
from .blueprint import bp
from .forms import ApiKeyForm, ConfirmForm
from .views import _council, _when


def _list(organisation, form, status=200):
    return render_template("admin/api_keys.html", organisation=organisation, form=form,
                           confirm=ConfirmForm(), keys=organisation_keys(db.session, organisation.id),
                           when=_when), status


@bp.route("/api-keys")
@requires(Role.ADMIN)
def api_keys():
    return _list(_council(), ApiKeyForm(formdata=None))


@bp.route("/api-keys", methods=["POST"])
@requires(Role.ADMIN)
def create_api_key():
    organisation = _council()
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _list(organisation, form)
    record, key = create_key(db.session, organisation, form.name.data,
                             current_user._get_current_object())
    response = make_response(render_template("admin/api_key_created.html", organisation=organisation,
                                             record=record, key=key))
    # The key works like a password and is shown only here: keep it out of every cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/api-keys/<int:key_id>/revoke", methods=["POST"])
@requires(Role.ADMIN)
def revoke_api_key(key_id):
    organisation = _council()
    record = organisation_key(db.session, organisation.id, key_id)
    if record is None:
        abort(404)
    if ConfirmForm().validate_on_submit() and revoke_key(db.session, record, current_user._get_current_object()):
        flash(_("The key %(name)s has been revoked. Requests that use it will be refused.", name=record.name),
              "success")
    return redirect(url_for("admin.api_keys"))

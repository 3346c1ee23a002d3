"""Importing closed enquiries from a CSV file: check the file and see what each line will do, then
import it and see what each line did.

There is no server-side store for an upload between the check and the import, so the checked
file travels with the confirmation form, signed so that it cannot be altered on the way, and is
checked again before anything is written. A long file is then imported beside the request
(import_jobs.py), and its page shows how far it has got.
"""
from flask import Response, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput
from itsdangerous import BadSignature, URLSafeSerializer
from wtforms import HiddenField

from ..auth.permissions import requires
from ..db import db
from .blueprint import bp
from .access import CHANGE_ROLES, practising_council
from ..models import ImportJob
from .import_jobs import INLINE_LINES, background_enabled, counts, run_in_background, shown_results, start_import
from .importing import (
    COLUMNS, CREATED, REFUSED, UNCHANGED, UPDATED, ImportRefused, decode, dry_run, import_rows, read_csv, template_csv,
)

SALT = "casework-import"
# Werkzeug refuses form fields over 500 kB by default (MAX_FORM_MEMORY_SIZE); leave room for the rest.
MAX_TOKEN = 450_000


class CheckFileForm(FlaskForm):
    csv_file = FileField(_l("Upload a file"), widget=GovFileInput(), validators=[
        FileRequired(_l("Select a CSV file")),
        FileAllowed(["csv"], _l("The selected file must be a CSV")),
    ])


class ImportFileForm(FlaskForm):
    checked_file = HiddenField()


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _council():
    council = practising_council(current_user)
    if council is None:
        abort(403)
    return council


@bp.route("/import", methods=["GET", "POST"], endpoint="import_enquiries")
@requires(*CHANGE_ROLES)
def import_enquiries():
    council = _council()
    form, confirm = CheckFileForm(), None
    results, refused, done = [], None, False
    if request.method == "POST" and "checked_file" in request.form:
        confirm = ImportFileForm()
        try:
            organisation_id, text = _serializer().loads(confirm.checked_file.data or "")
        except BadSignature:
            abort(400)
        if organisation_id != council.id:
            abort(400)
        rows = read_csv(text)
        if len(rows) > INLINE_LINES:
            job = start_import(db.session, council, text, len(rows), current_user._get_current_object())
            if background_enabled():
                run_in_background(current_app._get_current_object(), job.id)
            return redirect(url_for("casework.import_progress", job_id=job.id), 303)
        results = import_rows(db.session, council, rows, current_user._get_current_object())
        confirm, done = None, True
        changed = sum(r.outcome in (CREATED, UPDATED) for r in results)
        flash(ngettext("%(num)d enquiry imported or updated.", "%(num)d enquiries imported or updated.", changed),
              "success")
    elif form.validate_on_submit():
        data = form.csv_file.data.read()
        try:
            text = decode(data)
            rows = read_csv(text)
        except ImportRefused as refusal:
            refused = refusal.message
        else:
            results = dry_run(db.session, council, rows)
            if any(r.outcome in (CREATED, UPDATED) for r in results):
                token = _serializer().dumps([council.id, text])
                if len(token) > MAX_TOKEN:
                    refused = _("The file is too large to import at once. Split it into smaller files.")
                    results = []
                else:
                    confirm = ImportFileForm(formdata=None, checked_file=token)
    if refused:
        form.csv_file.errors = [refused]
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in (CREATED, UPDATED, UNCHANGED, REFUSED)}
    return render_template("casework/import.html", form=form, confirm=confirm, results=results, counts=counts,
                           done=done, refused=refused, council=council, columns=COLUMNS,
                           problems=[p for r in results for p in r.problems])


@bp.route("/import/template.csv", endpoint="import_template")
@requires(*CHANGE_ROLES)
def import_template():
    return Response(template_csv(), mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=enquiries-template.csv"})


def _job_or_404(job_id: int) -> ImportJob:
    # Scoped to the council like every casework query: another council's job is not found.
    job = db.session.scalar(select(ImportJob).where(ImportJob.id == job_id))
    if job is None:
        abort(404)
    return job


@bp.route("/import/<int:job_id>", endpoint="import_progress")
@requires(*CHANGE_ROLES)
def import_progress(job_id):
    council = _council()
    job = _job_or_404(job_id)
    if job.status != "done":
        return render_template("casework/import_progress.html", job=job, council=council)
    results = shown_results(job)
    return render_template("casework/import.html", form=CheckFileForm(), confirm=None, results=results,
                           counts=counts(job), done=True, refused=None, council=council, columns=COLUMNS,
                           problems=[p for r in results for p in r.problems])


@bp.route("/import/<int:job_id>/progress.json", endpoint="import_progress_data")
@requires(*CHANGE_ROLES)
def import_progress_data(job_id):
    job = _job_or_404(job_id)
    return jsonify(done_lines=job.done_lines, total_lines=job.total_lines, finished=job.status == "done")

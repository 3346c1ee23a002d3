"""The post room's pages: the council's daily batches of letters, how far each has got, the PDF
to print, and marking a batch as posted."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import audit
from ..auth.permissions import requires
from ..casework.access import VIEW_ROLES
from ..casework.forms import ConfirmForm
from ..db import db
from ..models import PaperBatch
from .blueprint import bp, councils, pdf_attachment
from ..dispatch.post_room import batch_pdf, batches_for, mark_posted, withdrawn_since


def batch_or_404(batch_id: int) -> PaperBatch:
    batch = db.session.scalar(select(PaperBatch).where(PaperBatch.id == batch_id,
                                                       PaperBatch.organisation_id.in_(councils())))
    if batch is None:
        abort(404)
    return batch


@bp.route("/paper/batches")
@requires(*VIEW_ROLES)
def batches():
    return render_template("paper/batches.html", batches=batches_for(db.session, councils()))


@bp.route("/paper/batches/<int:batch_id>")
@requires(*VIEW_ROLES)
def batch(batch_id):
    found = batch_or_404(batch_id)
    return render_template("paper/batch.html", batch=found, form=ConfirmForm(),
                           withdrawn=withdrawn_since(db.session, found))


@bp.route("/paper/batches/<int:batch_id>.pdf")
@requires(*VIEW_ROLES, refuse_signed_out=True)
def batch_download(batch_id):
    found = batch_or_404(batch_id)
    pdf = batch_pdf(found)
    if pdf is None:
        abort(404)
    audit.record(db.session, "paper_batch_downloaded", found, user=current_user._get_current_object())
    db.session.commit()
    return pdf_attachment(pdf, f"letters-{found.batch_date.isoformat()}-{found.id}.pdf")


@bp.route("/paper/batches/<int:batch_id>/posted", methods=["POST"])
@requires(*VIEW_ROLES)
def batch_posted(batch_id):
    found = batch_or_404(batch_id)
    if ConfirmForm().validate_on_submit():
        posted = mark_posted(db.session, found, current_user._get_current_object())
        if posted or found.status.value == "posted":
            flash(_("The batch is marked as posted. Reminders, if the council sends them, are counted from today."),
                  "success")
        else:
            flash(_("This batch cannot be marked as posted until its PDF is ready."), "important")
    return redirect(url_for("paper.batch", batch_id=found.id))

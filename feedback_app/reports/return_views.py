"""A council's quarterly return (saved as a draft, made final, corrected) and the downloads of
its figures as CSV, XLSX and PDF."""
from __future__ import annotations


from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..auth.permissions import requires
from ..db import db
from ..models import ReturnStatus, Role
from .downloads import ReportHeader, filename
from .downloads.csv_file import render_csv
from .downloads.pdf_file import render_pdf
from .downloads.xlsx_file import render_xlsx
from .returns import ReturnError, finalise, latest, save_details, start_correction
from .blueprint import bp
from .access import chosen_council
from .forms import CorrectionForm, FinaliseForm, ReturnDetailsForm, enquiries_number
from .display import long_date, period_label

from .views import (
    figures_for, has_ended, live_figures, period_or_404, period_page, quarter_or_404, return_forms,
)

RETURN_MESSAGES = {
    "final": _l("This return is final, so it cannot be changed. To change it, start a correction."),
    "stale": _l("Someone else changed this return while you were looking at it. Check it again below."),
    "not_final": _l("Only a final return can be corrected."),
    "enquiries": _l("Enquiries completed must be a whole number from 0 to %(max)s", max="1,000,000"),
    "notes": _l("Notes must be %(max)s characters or fewer", max=500),
    "reason_missing": _l("Enter why the return needs correcting"),
    "reason_long": _l("The reason must be %(max)s characters or fewer", max="1,000"),
}
FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "pdf": "application/pdf"}


def _redisplay(council, quarter, **posted):
    """The quarter's page again with the posted form and its errors, nothing saved."""
    history, figures = figures_for(council, quarter)
    forms = return_forms(history[0] if history else None, **posted)
    return period_page(council, quarter, history, figures, False, forms, status=400)


def _back_to_quarter(council, quarter, message=None, category="important"):
    """Back to the quarter's page, with a message for it to show."""
    if message:
        flash(str(message), category)
    return redirect(url_for("reports.period", period_slug=quarter.slug, council=council.slug))


def _return_error(council, quarter, error: ReturnError):
    return _back_to_quarter(council, quarter, RETURN_MESSAGES.get(error.code, RETURN_MESSAGES["stale"]))


def _version(form) -> int | None:
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


@bp.route("/<period_slug>/return", methods=["POST"])
@requires(Role.ANALYST)
def save_return(period_slug):
    council = chosen_council()
    quarter = quarter_or_404(period_slug)
    form = ReturnDetailsForm()
    if not form.validate_on_submit():
        return _redisplay(council, quarter, details=form)
    try:
        save_details(db.session, council.id, quarter, enquiries_completed=enquiries_number(form.enquiries_completed),
                     notes=form.notes.data, user=current_user._get_current_object())
    except ReturnError as error:
        db.session.rollback()
        return _return_error(council, quarter, error)
    return _back_to_quarter(council, quarter, _("The draft return has been saved."), "success")


@bp.route("/<period_slug>/finalise", methods=["POST"])
@requires(Role.ANALYST)
def finalise_return(period_slug):
    council = chosen_council()
    quarter = quarter_or_404(period_slug)
    form = FinaliseForm()
    if not form.validate_on_submit():
        return _redisplay(council, quarter, finalise=form)
    ret = latest(db.session, council.id, quarter)
    if ret is not None and ret.status == ReturnStatus.FINAL:
        return _return_error(council, quarter, ReturnError("final"))
    if not has_ended(quarter):
        return _back_to_quarter(council, quarter, _(
            "You can make the return for %(period)s final once the quarter has ended, after %(date)s.",
            period=quarter.label, date=long_date(quarter.end)))
    if _version(form) != (ret.version if ret else None):
        return _return_error(council, quarter, ReturnError("stale"))
    figures = live_figures(council, quarter, ret)
    if figures.is_empty:
        return _back_to_quarter(council, quarter, _(
            "There is nothing to report for %(period)s yet, so the return cannot be made final.", period=quarter.label))
    try:
        done = finalise(db.session, council.id, quarter, figures, user=current_user._get_current_object(),
                        expected_version=ret.version if ret else None)
    except ReturnError as error:
        db.session.rollback()
        return _return_error(council, quarter, error)
    return _back_to_quarter(council, quarter, _("Version %(version)d of the return for %(period)s is now final.",
                                                version=done.version, period=quarter.label), "success")


@bp.route("/<period_slug>/correct", methods=["POST"])
@requires(Role.ANALYST)
def correct_return(period_slug):
    council = chosen_council()
    quarter = quarter_or_404(period_slug)
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _redisplay(council, quarter, correction=form)
    try:
        done = start_correction(db.session, council.id, quarter, form.reason.data,
                                user=current_user._get_current_object(), expected_version=_version(form))
    except ReturnError as error:
        db.session.rollback()
        return _return_error(council, quarter, error)
    return _back_to_quarter(council, quarter, _(
        "Version %(version)d has been started as a draft. Version %(previous)d stays as it was until this one is "
        "made final.", version=done.version, previous=done.version - 1), "success")


@bp.route("/<period_slug>/download.<fmt>")
@requires(Role.ANALYST)
def download(period_slug, fmt):
    if fmt not in FORMATS:
        abort(404)
    council = chosen_council()
    period = period_or_404(period_slug)
    history, figures = figures_for(council, period)
    ret = history[0] if history else None
    if figures.is_empty:
        return render_template("reports/no_data.html", council=council, period=period), 404
    final = ret is not None and ret.status == ReturnStatus.FINAL
    header = ReportHeader(
        organisation_name=council.name, ons_code=council.ons_code, organisation_slug=council.slug,
        period_label=period_label(period), period_slug=period.slug, status="final" if final else "draft",
        version=ret.version if ret else None, finalised_at=ret.finalised_at if final else None,
        correction_reason=ret.correction_reason if ret else None, generated_at=figures.generated_at)
    published = figures.published()
    body = {"csv": render_csv, "xlsx": render_xlsx, "pdf": render_pdf}[fmt](published, header)
    audit.record(db.session, "reports.downloaded", council, period=period.slug, format=fmt,
                 version=ret.version if ret else None)
    db.session.commit()
    return Response(body, mimetype=FORMATS[fmt], headers={
        "Content-Disposition": f'attachment; filename="{filename(header, fmt)}"',
        "Cache-Control": "no-store",
    })

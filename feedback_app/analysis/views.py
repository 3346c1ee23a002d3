"""The analysts' and national viewers' report pages."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .. import audit
from ..auth.permissions import requires
from ..comments.queries import approved_quotes, theme_counts
from ..db import db
from ..labels import RESPONDENT_LABELS
from ..models import Organisation, ReturnStatus, Role
from ..reports.disclosure import DisclosureRules
from ..reports.downloads import ReportHeader, filename
from ..reports.downloads.csv_file import render_benchmark_csv, render_csv
from ..reports.downloads.pdf_file import render_pdf
from ..reports.downloads.xlsx_file import render_xlsx
from ..reports.periods import InvalidPeriod, Quarter, RollingYear, parse_period, quarter_of
from ..reports.quarterly import PARTS, benchmark_figures, council_figures, strictest
from ..reports.stats import responses_needed
from ..reports.returns import (
    ReturnError, final_councils, finalise, frozen_figures, latest, save_details, start_correction, statuses, versions,
)
from . import bp
from .access import all_councils, analyst_councils, chosen_council, is_national
from .forms import CorrectionForm, FinaliseForm, ReturnDetailsForm, enquiries_number
from .helpers import long_date, period_label, template_helpers

QUARTERS_LISTED = 8
RESPONDENT_LABELS_BY_VALUE = {k.value: v for k, v in RESPONDENT_LABELS.items()}
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


@bp.context_processor
def analysis_context():
    return template_helpers()


def _today() -> date:
    return date.today()


def _has_ended(quarter: Quarter) -> bool:
    return quarter.end < _today()


def _latest_complete_quarter() -> Quarter:
    return quarter_of(_today()).previous()


def _period_or_404(slug: str):
    """The period a URL names; one that is not a real quarter, or has not started, is not found."""
    try:
        period = parse_period(slug)
    except InvalidPeriod:
        period = None
    if period is not None and period.start > _today():
        period = None
    if period is None:
        abort(Response(render_template("analysis/period_not_found.html", slug=slug), 404))
    return period


def _quarter_or_404(slug: str) -> Quarter:
    period = _period_or_404(slug)
    if not isinstance(period, Quarter):
        abort(Response(render_template("analysis/period_not_found.html", slug=slug), 404))
    return period


def _comment_extras(council: Organisation, period):
    """Theme counts and approved quotes for the period, from the comment reviews."""
    themes = theme_counts(db.session, [council.id], period)
    quotes = [{"text": q.text, "question_key": q.question_key, "themes": list(q.themes)}
              for q in approved_quotes(db.session, council.id, period)]
    return themes, quotes


def _live_figures(council: Organisation, period, ret=None):
    themes, quotes = _comment_extras(council, period)
    return council_figures(db.session, council.id, period, DisclosureRules.for_council(council.settings),
                           themes=themes, quotes=quotes,
                           enquiries_completed=ret.enquiries_completed if ret is not None else None)


def _figures_for(council: Organisation, period):
    """Every version of the quarter's return (newest first; none for a rolling year), and the
    frozen figures of a final return or the live figures (with the draft's own numbers)."""
    history = versions(db.session, council.id, period) if isinstance(period, Quarter) else []
    ret = history[0] if history else None
    frozen = frozen_figures(ret)
    return history, (frozen if frozen is not None else _live_figures(council, period, ret))


@bp.route("/")
@requires(Role.ANALYST, Role.NATIONAL)
def index():
    councils = analyst_councils(current_user)
    if not councils:
        return redirect(url_for("analysis.benchmark", period_slug=_latest_complete_quarter().slug))
    council = chosen_council()
    current = quarter_of(_today())
    quarters = [current.previous(n) for n in range(QUARTERS_LISTED)]
    return render_template("analysis/index.html", council=council, councils=councils, quarters=quarters,
                           returns=statuses(db.session, council.id, quarters),
                           rolling=RollingYear(_latest_complete_quarter()), current=current,
                           national=is_national(current_user))


@bp.route("/<period_slug>")
@requires(Role.ANALYST)
def period(period_slug):
    council = chosen_council()
    period = _period_or_404(period_slug)
    internal = request.args.get("view") == "internal"
    history, figures = _figures_for(council, period)
    ret = history[0] if history else None
    if internal:
        audit.record(db.session, "reports.internal_viewed", council, period=period.slug,
                     version=ret.version if ret else None)
        db.session.commit()
    forms = _return_forms(ret) if isinstance(period, Quarter) else {}
    return _period_page(council, period, history, figures, internal, forms)


def chosen_margin(figures):
    """The analyst's own margin of error (``?margin=3`` for plus or minus 3 points), if asked:
    (typed text, responses needed or None, error message or None)."""
    typed = (request.args.get("margin") or "").strip()
    if not typed:
        return None
    text = typed.removesuffix("%").strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 50:
        return typed, None, _("Enter a margin of error as a whole number of percentage points from 1 to 50, like 5")
    return typed, responses_needed(int(text) / 100, figures.guide.population or None), None


def _period_page(council, period, history, figures, internal, forms, status=200):
    margin = chosen_margin(figures)
    if margin is not None and margin[2]:
        status = 400 if status == 200 else status
    return render_template(
        "analysis/period.html", council=council, period=period, ret=history[0] if history else None,
        figures=figures, internal=internal,
        ended=isinstance(period, Quarter) and _has_ended(period),
        margin=margin, has_errors=bool(margin and margin[2]),
        parts=PARTS, forms=forms, is_quarter=isinstance(period, Quarter),
        history=history,
        form=next((f for f in forms.values() if f is not None and f.errors), None),
    ), status


def _return_forms(ret, **posted) -> dict:
    """The return's forms: details and finalise while it is a draft, correction once final.
    A form just posted (with its errors) replaces the empty one."""
    if ret is None or ret.status == ReturnStatus.DRAFT:
        details = ReturnDetailsForm(formdata=None, data={
            "enquiries_completed": "" if ret is None or ret.enquiries_completed is None else str(ret.enquiries_completed),
            "notes": ret.notes if ret else ""})
        forms = {"details": details, "finalise": FinaliseForm(formdata=None, data={"version": ret.version if ret else ""}),
                 "correction": None}
    else:
        forms = {"details": None, "finalise": None,
                 "correction": CorrectionForm(formdata=None, data={"version": ret.version})}
    return {name: posted.get(name) or form if form is not None else None for name, form in forms.items()}


def _redisplay(council, quarter, **posted):
    """The quarter's page again with the posted form and its errors, nothing saved."""
    history, figures = _figures_for(council, quarter)
    forms = _return_forms(history[0] if history else None, **posted)
    return _period_page(council, quarter, history, figures, False, forms, status=400)


def _back_to_quarter(council, quarter, message=None, category="important"):
    """Back to the quarter's page, with a message for it to show."""
    if message:
        flash(str(message), category)
    return redirect(url_for("analysis.period", period_slug=quarter.slug, council=council.slug))


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
    quarter = _quarter_or_404(period_slug)
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
    quarter = _quarter_or_404(period_slug)
    form = FinaliseForm()
    if not form.validate_on_submit():
        return _redisplay(council, quarter, finalise=form)
    ret = latest(db.session, council.id, quarter)
    if ret is not None and ret.status == ReturnStatus.FINAL:
        return _return_error(council, quarter, ReturnError("final"))
    if not _has_ended(quarter):
        return _back_to_quarter(council, quarter, _(
            "You can make the return for %(period)s final once the quarter has ended, after %(date)s.",
            period=quarter.label, date=long_date(quarter.end)))
    if _version(form) != (ret.version if ret else None):
        return _return_error(council, quarter, ReturnError("stale"))
    figures = _live_figures(council, quarter, ret)
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
    quarter = _quarter_or_404(period_slug)
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
    period = _period_or_404(period_slug)
    history, figures = _figures_for(council, period)
    ret = history[0] if history else None
    if figures.is_empty:
        return render_template("analysis/no_data.html", council=council, period=period), 404
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


@bp.route("/benchmark/")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark_latest():
    return redirect(url_for("analysis.benchmark", period_slug=_latest_complete_quarter().slug))


RESPONDENT_FILTERS = ("adult", "adult_with_help", "representative")


def _benchmark(period_slug: str, action: str):
    """Every council's published figures for the quarter the URL names, for the group of
    respondents asked for (anything unknown means everyone); the look is audited as ``action``."""
    quarter = _quarter_or_404(period_slug)
    respondent = request.args.get("respondent")
    if respondent not in RESPONDENT_FILTERS:
        respondent = None
    councils = all_councils(db.session)
    rules = strictest(DisclosureRules.for_council(c.settings) for c in councils)
    figures = benchmark_figures(db.session, [c.id for c in councils], quarter, rules, respondent)
    own = [c.id for c in analyst_councils(current_user)]
    audit.record(db.session, action, None, organisation_id=own[0] if own else None, period=quarter.slug,
                 respondent=respondent)
    db.session.commit()
    return quarter, respondent, councils, figures, set(own)


@bp.route("/benchmark/<period_slug>")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark(period_slug):
    quarter, respondent, councils, figures, own = _benchmark(period_slug, "reports.benchmark_viewed")
    final = final_councils(db.session, quarter)
    return render_template("analysis/benchmark.html", quarter=quarter, figures=figures, councils=councils,
                           final_count=sum(1 for c in councils if c.id in final),
                           own=own, respondent=respondent, respondents=RESPONDENT_FILTERS,
                           names={str(c.id): c.name for c in councils},
                           previous=quarter.previous(), next=quarter.next() if quarter.next().start <= _today() else None)


@bp.route("/benchmark/<period_slug>/download.csv")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark_download(period_slug):
    quarter, respondent, councils, figures, _own = _benchmark(period_slug, "reports.benchmark_downloaded")
    with force_locale("en"):
        group = str(RESPONDENT_LABELS_BY_VALUE[respondent]) if respondent else "Everyone"
    body = render_benchmark_csv(figures, councils, quarter.label, group)
    name = f"england-{quarter.slug}{'-' + respondent.replace('_', '-') if respondent else ''}.csv"
    return Response(body, mimetype=FORMATS["csv"], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

"""Comparing councils: every council's published figures for a quarter, on a page and as CSV."""
from __future__ import annotations


from flask import Response, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.permissions import requires
from ..db import db
from ..models import Role
from .disclosure import DisclosureRules
from .downloads.csv_file import render_benchmark_csv
from .benchmark import benchmark_figures, covers_england, strictest
from .tables import TOTAL_KEY
from .blueprint import bp
from .access import all_councils, analyst_councils

from .return_views import FORMATS
from .views import RESPONDENT_LABELS_BY_VALUE, latest_complete_quarter, quarter_or_404, today

@bp.route("/benchmark/")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark_latest():
    return redirect(url_for("reports.benchmark", period_slug=latest_complete_quarter().slug))


RESPONDENT_FILTERS = ("adult", "adult_with_help", "representative")


def _benchmark(period_slug: str, action: str):
    """Every council's published figures for the quarter the URL names, for the group of
    respondents asked for (anything unknown means everyone); the look is audited as ``action``."""
    quarter = quarter_or_404(period_slug)
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
    included = [c for c in councils if c.id in set(figures.organisation_ids)]
    return quarter, respondent, councils, figures, set(own), covers_england(included)


@bp.route("/benchmark/<period_slug>")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark(period_slug):
    quarter, respondent, councils, figures, own, england = _benchmark(period_slug, "reports.benchmark_viewed")
    missing = set(figures.missing)
    names = {str(c.id): c.name for c in councils}
    if england:
        names[TOTAL_KEY] = _("England")
    return render_template("reports/benchmark.html", quarter=quarter, figures=figures, councils=councils,
                           final_count=len(figures.organisation_ids),
                           missing=[c for c in councils if c.id in missing], england=england,
                           own=own, respondent=respondent, respondents=RESPONDENT_FILTERS, names=names,
                           previous=quarter.previous(), next=quarter.next() if quarter.next().start <= today() else None)


@bp.route("/benchmark/<period_slug>/download.csv")
@requires(Role.ANALYST, Role.NATIONAL)
def benchmark_download(period_slug):
    quarter, respondent, councils, figures, _own, england = _benchmark(period_slug, "reports.benchmark_downloaded")
    with force_locale("en"):
        group = str(RESPONDENT_LABELS_BY_VALUE[respondent]) if respondent else "Everyone"
    body = render_benchmark_csv(figures, councils, quarter.label, group, england=england)
    area = "england" if england else "councils"
    name = f"{area}-{quarter.slug}{'-' + respondent.replace('_', '-') if respondent else ''}.csv"
    return Response(body, mimetype=FORMATS["csv"], headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

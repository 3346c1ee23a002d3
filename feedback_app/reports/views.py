"""The analysts' report pages: the list of periods and a council's figures for one of them,
and the helpers the return, download and benchmark views share."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth.permissions import requires
from ..comments.queries import approved_quotes, theme_counts
from ..db import db
from ..i18n import current_language, text_direction
from ..labels import RESPONDENT_LABELS
from ..models import Organisation, ReturnStatus, Role
from ..paper.keying import forms_awaiting_second_keying
from .access import analyst_councils, chosen_council, is_national
from .blueprint import bp
from .disclosure import DisclosureRules
from .display import template_helpers
from .forms import CorrectionForm, FinaliseForm, ReturnDetailsForm
from .headline import answer_charts, headlines
from .trend import headline_trend
from .parts import council_figures
from .periods import InvalidPeriod, Quarter, RollingYear, parse_period, quarter_of
from .returns import frozen_figures, statuses, versions
from .stats import responses_needed
from .tables import PARTS


QUARTERS_LISTED = 8
RESPONDENT_LABELS_BY_VALUE = {k.value: v for k, v in RESPONDENT_LABELS.items()}


@bp.context_processor
def report_helpers():
    return template_helpers()


def today() -> date:
    return date.today()


def has_ended(quarter: Quarter) -> bool:
    return quarter.end < today()


def latest_complete_quarter() -> Quarter:
    return quarter_of(today()).previous()


def period_or_404(slug: str):
    """The period a URL names; one that is not a real quarter, or has not started, is not found."""
    try:
        period = parse_period(slug)
    except InvalidPeriod:
        period = None
    if period is not None and period.start > today():
        period = None
    if period is None:
        abort(Response(render_template("reports/period_not_found.html", slug=slug), 404))
    return period


def quarter_or_404(slug: str) -> Quarter:
    period = period_or_404(slug)
    if not isinstance(period, Quarter):
        abort(Response(render_template("reports/period_not_found.html", slug=slug), 404))
    return period


def comment_extras(council: Organisation, period):
    """Theme counts and approved quotes for the period, from the comment reviews."""
    themes = theme_counts(db.session, [council.id], period)
    quotes = [{"text": q.text, "question_key": q.question_key, "themes": list(q.themes)}
              for q in approved_quotes(db.session, council.id, period)]
    return themes, quotes


def live_figures(council: Organisation, period, ret=None):
    themes, quotes = comment_extras(council, period)
    return council_figures(db.session, council.id, period, DisclosureRules.for_council(council.settings),
                           themes=themes, quotes=quotes,
                           enquiries_completed=ret.enquiries_completed if ret is not None else None)


def figures_for(council: Organisation, period):
    """Every version of the quarter's return (newest first; none for a rolling year), and the
    frozen figures of a final return or the live figures (with the draft's own numbers)."""
    history = versions(db.session, council.id, period) if isinstance(period, Quarter) else []
    ret = history[0] if history else None
    frozen = frozen_figures(ret)
    return history, (frozen if frozen is not None else live_figures(council, period, ret))


@bp.route("/")
@requires(Role.ANALYST, Role.NATIONAL)
def index():
    councils = analyst_councils(current_user)
    if not councils:
        return redirect(url_for("reports.benchmark", period_slug=latest_complete_quarter().slug))
    council = chosen_council()
    current = quarter_of(today())
    quarters = [current.previous(n) for n in range(QUARTERS_LISTED)]
    return render_template("reports/index.html", council=council, councils=councils, quarters=quarters,
                           returns=statuses(db.session, council.id, quarters),
                           rolling=RollingYear(latest_complete_quarter()), current=current,
                           national=is_national(current_user))


@bp.route("/<period_slug>")
@requires(Role.ANALYST)
def period(period_slug):
    council = chosen_council()
    period = period_or_404(period_slug)
    internal = request.args.get("view") == "internal"
    history, figures = figures_for(council, period)
    ret = history[0] if history else None
    if internal:
        audit.record(db.session, "reports.internal_viewed", council, period=period.slug,
                     version=ret.version if ret else None)
        db.session.commit()
    forms = return_forms(ret) if isinstance(period, Quarter) else {}
    return period_page(council, period, history, figures, internal, forms)


def chosen_margin(figures):
    """The analyst's own margin of error (``?margin=3`` for plus or minus 3 points), if asked:
    (typed text, responses needed or None, error message or None)."""
    typed = (request.args.get("margin") or "").strip()
    if not typed:
        return None
    text = typed.removesuffix("%").strip()
    # At most two digits (leading zeros aside) before int(), which refuses more than 4,300.
    if not (text.isascii() and text.isdigit()) or len(text.lstrip("0")) > 2 or not 1 <= int(text) <= 50:
        return typed, None, _("Enter a margin of error as a whole number of percentage points from 1 to 50, like 5")
    return typed, responses_needed(int(text) / 100, figures.guide.population or None), None


def period_page(council, period, history, figures, internal, forms, status=200):
    margin = chosen_margin(figures)
    if margin is not None and margin[2]:
        status = 400 if status == 200 else status
    return render_template(
        "reports/period.html", council=council, period=period, ret=history[0] if history else None,
        figures=figures, internal=internal,
        ended=isinstance(period, Quarter) and has_ended(period),
        margin=margin, has_errors=bool(margin and margin[2]),
        parts=PARTS, forms=forms, is_quarter=isinstance(period, Quarter),
        headlines=headlines(figures), charts=answer_charts(figures, text_direction(current_language())),
        trend=(headline_trend(db.session, council.id, period, DisclosureRules.for_council(council.settings), today(),
                              figures) if isinstance(period, Quarter) else []),
        paper_waiting=forms_awaiting_second_keying(db.session, council.id, period.start, period.end),
        history=history,
        form=next((f for f in forms.values() if f is not None and f.errors), None),
    ), status


def return_forms(ret, **posted) -> dict:
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

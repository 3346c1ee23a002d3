"""The independent sample: an analyst sees who could be asked in a quarter, how many the sample
size guide suggests, draws a seeded sample for a partner organisation, and follows its progress."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import StringField

from ..assist.sampling import (
    EXCLUSIONS, SEED_MAX, STRATA, allocate, close_sample, create_sample, new_seed, population, sample_progress, suggested_size,
)
from ..assist.work import partners_of, progress
from ..auth.permissions import requires
from ..casework.forms import radios, show_errors
from ..casework.records.checks import Checker
from ..db import db
from ..labels import ASSIGNMENT_STATUS_LABELS
from ..models import Assignment, IndependentSample, Organisation, Role
from .access import analyst_councils, chosen_council
from .blueprint import bp
from .periods import parse_quarter, quarter_of, quarters_ending
from .views import today

MARGINS = {"5": _l("Plus or minus 5 percentage points"), "10": _l("Plus or minus 10 percentage points"),
           "15": _l("Plus or minus 15 percentage points")}
STRATUM_LABELS = {
    "s42/adult": _l("Section 42 enquiries: the adult is asked"),
    "s42/representative": _l("Section 42 enquiries: a representative is asked"),
    "other/adult": _l("Other enquiries: the adult is asked"),
    "other/representative": _l("Other enquiries: a representative is asked"),
}
EXCLUSION_LABELS = {
    "nobody_recorded": _l("Nobody recorded to ask"),
    "capacity_nobody_to_ask": _l("The adult lacks capacity to decide and has no representative on record"),
    "screening": _l("A screening condition applies, or screening is not complete"),
    "no_consent": _l("Has not agreed to be asked"),
    "being_asked": _l("Already being asked another way"),
    "already_answered": _l("Already answered"),
    "in_open_sample": _l("In another open sample or visit"),
}
PROGRESS_STATES = ("assigned", "contacted", "answered", "declined", "unreachable", "withdrawn")


class SampleForm(FlaskForm):
    quarter = radios(_l("Enquiries closed in which quarter?"), {})
    margin = radios(_l("Margin of error"), MARGINS, description=_l(
        "How close the sample’s percentages should be to everyone’s, 19 times out of 20."))
    response_rate = StringField(_l("Share of people you expect to answer"), widget=GovTextInput(), description=_l(
        "As a percentage. Visits by an advocate often reach about half."))
    size = StringField(_l("Number to draw (optional)"), widget=GovTextInput(), description=_l(
        "Leave empty to draw the number the guide suggests."))
    seed = StringField(_l("Seed (optional)"), widget=GovTextInput(), description=_l(
        "A number that fixes which people are drawn. Leave empty for a new one; enter an earlier "
        "sample’s seed to draw it again from the same records."))
    partner = radios(_l("Which organisation will ask them?"), {})


def _quarters():
    return list(reversed(quarters_ending(quarter_of(today()), 8)))


def validate_sample(data: dict, partner_ids, quarters) -> tuple[dict, dict]:
    check = Checker(data)
    check.choice("quarter", tuple(q.slug for q in quarters), message=_l("Select a quarter"))
    check.choice("margin", tuple(MARGINS), message=_l("Select a margin of error"))
    check.whole_number("response_rate", minimum=1, maximum=100, default=50, message=_l(
        "The share expected to answer must be a whole number from 1 to 100"))
    if (data.get("size") or "").strip():
        check.whole_number("size", minimum=1, maximum=100_000, message=_l(
            "The number to draw must be a whole number of at least 1"))
    if (data.get("seed") or "").strip():
        check.whole_number("seed", minimum=1, maximum=SEED_MAX, message=_l(
            "The seed must be a whole number from 1 to 999,999"))
    check.choice("partner", tuple(str(i) for i in partner_ids), required=False, message=_l("Select an organisation"))
    return check.result


@bp.route("/samples", methods=["GET", "POST"])
@requires(Role.ANALYST)
def samples():
    council = chosen_council()
    partners = partners_of(db.session, council.id)
    quarters = _quarters()
    form = SampleForm(data={"response_rate": "50"})
    form.quarter.choices = [(q.slug, q.label) for q in quarters]
    form.partner.choices = [(str(p.id), p.name) for p in partners]
    preview = None
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        clean, errors = validate_sample(data, [p.id for p in partners], quarters)
        if request.form.get("action") == "draw" and not clean.get("partner") and not errors:
            errors = {"partner": _("Select an organisation")}
        if errors:
            show_errors(form, errors)
        else:
            preview = _preview(council, clean)
            if request.form.get("action") == "draw":
                return _draw(council, partners, clean, preview)
    existing = list(db.session.scalars(select(IndependentSample).where(IndependentSample.organisation_id == council.id)
                                       .order_by(IndependentSample.id.desc())))
    names = {p.id: p.name for p in db.session.scalars(select(Organisation).where(
        Organisation.id.in_({s.partner_id for s in existing})))} if existing else {}
    return render_template("reports/samples.html", council=council, form=form, partners=partners, preview=preview,
                           existing=existing, partner_names=names, stratum_labels=STRATUM_LABELS,
                           exclusion_labels=EXCLUSION_LABELS, strata=STRATA, exclusions=EXCLUSIONS)


def _preview(council, clean) -> dict:
    quarter = parse_quarter(clean["quarter"])
    found = population(db.session, council.id, quarter.start, quarter.end)
    eligible = len(found.candidates)
    margin = int(clean["margin"]) / 100
    rate = clean["response_rate"] / 100
    guide = suggested_size(eligible, margin, rate)
    size = min(clean.get("size") or guide, eligible)
    return {"quarter": quarter, "found": found, "eligible": eligible, "guide": guide, "size": size,
            "shares": allocate(found.sizes, size), "margin": margin, "rate": rate}


def _draw(council, partners, clean, preview):
    if preview["size"] == 0:
        flash(_("Nobody in that quarter can be asked, so there is no sample to draw."), "important")
        return redirect(url_for("reports.samples", council=council.slug))
    partner = next(p for p in partners if str(p.id) == clean["partner"])
    seed = clean.get("seed") or new_seed()
    quarter = preview["quarter"]
    sample = create_sample(db.session, council, partner, closed_from=quarter.start, closed_to=quarter.end,
                           size=preview["size"], seed=seed, margin=preview["margin"], response_rate=preview["rate"],
                           actor=current_user._get_current_object(), found=preview["found"])
    flash(_("The sample is drawn: %(size)s people, seed %(seed)s. %(partner)s can now share them out.",
            size=sample.size, seed=sample.seed, partner=partner.name), "success")
    return redirect(url_for("reports.sample", sample_id=sample.id))


def _sample_or_404(sample_id):
    sample = db.session.scalar(select(IndependentSample).options(
        selectinload(IndependentSample.assignments).selectinload(Assignment.invitation)).where(
        IndependentSample.id == sample_id,
        IndependentSample.organisation_id.in_([c.id for c in analyst_councils(current_user)])))
    if sample is None:
        abort(404)
    return sample


@bp.route("/samples/<int:sample_id>")
@requires(Role.ANALYST)
def sample(sample_id):
    found = _sample_or_404(sample_id)
    return render_template("reports/sample.html", sample=found, counts=sample_progress(found),
                           partner=db.session.get(Organisation, found.partner_id), stratum_labels=STRATUM_LABELS,
                           exclusion_labels=EXCLUSION_LABELS, strata=STRATA, exclusions=EXCLUSIONS,
                           states=PROGRESS_STATES, form=FlaskForm(), progress=progress,
                           state_labels={state.value: label for state, label in ASSIGNMENT_STATUS_LABELS.items()})


@bp.route("/samples/<int:sample_id>/close", methods=["POST"])
@requires(Role.ANALYST)
def close_sample_page(sample_id):
    found = _sample_or_404(sample_id)
    if FlaskForm().validate_on_submit() and found.closed_at is None:
        ended = close_sample(db.session, found, current_user._get_current_object())
        flash(_("The sample is closed. Visits not finished were taken back: %(count)s.", count=ended), "success")
    return redirect(url_for("reports.sample", sample_id=found.id))


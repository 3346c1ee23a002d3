"""From enquiries closed to answers: what became of each enquiry closed in the period.

Every enquiry closed in the period is in exactly one place, checked in this order:

- **answered**: someone (the adult or a representative) sent answers about it;
- **invited**: an invitation went out, and no answers came back (yet);
- **declined**: the person to ask, or anyone on the enquiry, said no or withdrew;
- **screened out**: nobody could be asked (no one recorded, or an adult who lacks capacity to
  decide with nobody to ask for them), or a screening condition stands with no reason recorded
  to go ahead; the first such reason is counted;
- **not asked**: none of these (yet): the practitioner has not screened or asked.

The funnel shows closed → screened out → declined → invited → answered, with the share of
closed enquiries at each step and the share of invited ones that answered, and splits the
invited and answered by channel, by who asked and by timing (of the answered invitation, or the
first one sent). All of it is controlled as one set of additive lines, so a hidden figure in one
table cannot be worked out from another.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..capacity import NOBODY_RECORDED, NOBODY_TO_ASK, person_to_ask
from ..consent import consent_states
from ..db import unscoped
from ..models import (
    COUNTED_RESPONSES, ConsentState, Enquiry, Invitation, Participant, ParticipantRole, Response,
)
from ..screening import CONDITIONS
from .disclosure import TOTAL, DisclosureRules, protect_lines, publish_percentage
from .figures import _value
from .periods import Period
from .tables import PART_ACTIVITY, ROUTES, Cell, Table, percentage_interval

CLOSED, SCREENED, DECLINED, NOT_ASKED, INVITED, ANSWERED = (
    "closed", "screened_out", "declined", "not_asked", "invited", "answered")
STAGES = (CLOSED, SCREENED, DECLINED, NOT_ASKED, INVITED, ANSWERED)
REASONS = (NOBODY_RECORDED, NOBODY_TO_ASK, *CONDITIONS)
ENQUIRIES = "enquiries"
_UNANSWERED = "invited_unanswered"  # invited and not (yet) answered: the part of INVITED besides ANSWERED


def _screened_reason(person, reason: str | None) -> str | None:
    if person is None:
        return reason
    for condition in CONDITIONS:
        entry = (person.screening or {}).get(condition) or {}
        if entry.get("present") and not (entry.get("override_reason") or "").strip():
            return condition
    return None


def _first_routes(session: Session, model, of_period, condition, first_by) -> dict[int, tuple]:
    """{enquiry: (channel, asked_by, timing)} of the first response or invitation about it."""
    routes: dict[int, tuple] = {}
    for enquiry_id, *route in session.execute(
            select(Participant.enquiry_id, model.channel, model.asked_by, model.timing)
            .join(model, model.participant_id == Participant.id)
            .where(of_period, condition).order_by(first_by)):
        routes.setdefault(enquiry_id, tuple(_value(v) for v in route))
    return routes


def enquiry_places(session: Session, council_id: int, period: Period) -> list[tuple[str, str | None, tuple | None]]:
    """(place, screening reason, route) for each enquiry the council closed in the period; the
    route is (channel, asked_by, timing) for the invited and answered."""
    closed = (Enquiry.organisation_id == council_id, Enquiry.closed_on >= period.start,
              Enquiry.closed_on <= period.end)
    # The period's people, found by joining to its enquiries rather than by listing hundreds of ids.
    of_period = Participant.enquiry_id.in_(select(Enquiry.id).where(*closed))
    with unscoped(session):
        rows = session.execute(select(Enquiry.id, Enquiry.answered_route).where(*closed)).all()
        if not rows:
            return []
        enquiries = [enquiry_id for enquiry_id, _route in rows]
        # Plain rows with only what placing an enquiry reads: no need to build whole records.
        people = session.execute(
            select(Participant.id, Participant.enquiry_id, Participant.role, Participant.capacity_basis,
                   Participant.screening).where(of_period).order_by(Participant.id)).all()
        answered = _first_routes(session, Response, of_period, Response.status.in_(COUNTED_RESPONSES),
                                 Response.submitted_at)
        # Answers cut from the people who gave them (see dispatch/response_retention.py) left
        # their route on the enquiry; they came first, so they stand before any later answer.
        answered.update({enquiry_id: tuple(route) for enquiry_id, route in rows if route})
        invited = _first_routes(session, Invitation, of_period, Invitation.sent_at.is_not(None), Invitation.sent_at)
        # Consent only matters for enquiries nobody was invited about.
        undecided = [p.id for p in people if p.enquiry_id not in answered and p.enquiry_id not in invited]
        states = consent_states(session, undecided) if undecided else {}
    by_enquiry: dict[int, list] = {}
    for person in people:
        by_enquiry.setdefault(person.enquiry_id, []).append(person)
    places = []
    for enquiry_id in enquiries:
        members = by_enquiry.get(enquiry_id, [])
        if enquiry_id in answered:
            places.append((ANSWERED, None, answered[enquiry_id]))
        elif enquiry_id in invited:
            places.append((INVITED, None, invited[enquiry_id]))
        elif any(states.get(p.id) in (ConsentState.DECLINED, ConsentState.WITHDRAWN) for p in members):
            places.append((DECLINED, None, None))
        else:
            adult = next((p for p in members if p.role == ParticipantRole.ADULT), None)
            person, reason = person_to_ask(adult, [p for p in members if p.role == ParticipantRole.REPRESENTATIVE])
            reason = _screened_reason(person, reason)
            places.append((SCREENED, reason, None) if reason else (NOT_ASKED, None, None))
    return places


def funnel_tables(places: Iterable[tuple[str, str | None, tuple | None]], rules: DisclosureRules) -> list[Table]:
    """The funnel, the reasons for screening out, and the invited and answered by route."""
    places = list(places)
    counts: Counter = Counter()
    for place, reason, route in places:
        counts[place] += 1
        if place == SCREENED:
            counts[("reason", reason)] += 1
        if place in (INVITED, ANSWERED):
            for (dimension, _keys), value in zip(ROUTES, route):
                counts[(dimension, INVITED, value)] += 1
                if place == ANSWERED:
                    counts[(dimension, ANSWERED, value)] += 1
    raw = {CLOSED: len(places), SCREENED: counts[SCREENED], DECLINED: counts[DECLINED],
           NOT_ASKED: counts[NOT_ASKED], _UNANSWERED: counts[INVITED], ANSWERED: counts[ANSWERED]}
    raw[INVITED] = raw[_UNANSWERED] + raw[ANSWERED]
    lines = [([SCREENED, DECLINED, NOT_ASKED, INVITED], CLOSED), ([_UNANSWERED, ANSWERED], INVITED)]
    reasons = [("reason", r) for r in REASONS]
    raw.update({key: counts[key] for key in reasons})
    lines.append((reasons, SCREENED))
    for dimension, keys in ROUTES:
        for stage in (INVITED, ANSWERED):
            parts = [(dimension, stage, k) for k in keys]
            raw.update({key: counts[key] for key in parts})
            lines.append((parts, stage))
    values, suppressed = protect_lines(raw, lines, rules)

    def cell(key, base_key=None) -> Cell:
        if base_key is None or not raw[base_key]:
            return Cell(raw[key], values[key])
        percentage = publish_percentage(raw[key], raw[base_key], rules,
                                        numerator_suppressed=key in suppressed or base_key in suppressed)
        return Cell(raw[key], values[key], percentage, percentage_interval(raw[key], raw[base_key], percentage))

    stages = {CLOSED: cell(CLOSED), SCREENED: cell(SCREENED, CLOSED), DECLINED: cell(DECLINED, CLOSED),
              NOT_ASKED: cell(NOT_ASKED, CLOSED), INVITED: cell(INVITED, CLOSED), ANSWERED: cell(ANSWERED, INVITED)}
    tables = [Table("funnel", PART_ACTIVITY, "funnel", "stage", "measure", STAGES,
                    (ENQUIRIES,), {(stage, ENQUIRIES): c for stage, c in stages.items()}, None, "row")]
    tables.append(Table("funnel-screened", PART_ACTIVITY, "funnel:screened", "reason", "measure",
                        (*REASONS, "total"), (ENQUIRIES,),
                        {**{(r, ENQUIRIES): cell(("reason", r)) for r in REASONS}, ("total", ENQUIRIES): cell(SCREENED)}))
    for dimension, keys in ROUTES:
        cells = {}
        for key in (*keys, TOTAL):
            invited_key = INVITED if key is TOTAL else (dimension, INVITED, key)
            answered_key = ANSWERED if key is TOTAL else (dimension, ANSWERED, key)
            row = "total" if key is TOTAL else key
            cells[(row, INVITED)] = cell(invited_key)
            cells[(row, ANSWERED)] = cell(answered_key, invited_key)
        tables.append(Table(f"funnel-{dimension.replace('_', '-')}", PART_ACTIVITY, f"funnel:{dimension}", dimension,
                            "stage", (*keys, "total"), (INVITED, ANSWERED), cells, None, "row"))
    return tables


def council_funnel(session: Session, council_id: int, period: Period, rules: DisclosureRules) -> list[Table]:
    return funnel_tables(enquiry_places(session, council_id, period), rules)

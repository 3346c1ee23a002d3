"""The independent sample: a random, reproducible sample of closed enquiries whose person has
agreed to be asked, for a partner organisation (advocacy or Healthwatch) to hear from.

For each enquiry closed in the period, the person to ask is the adult, or, when the adult is
recorded as lacking capacity to decide about being asked (or no adult is recorded), a
representative on record. The enquiry counts only if that person has agreed to be asked, no
screening condition stands in the way, and nobody is asking them already (an invitation pending,
an answer already sent, or a visit in another open sample). What is left is stratified by kind of
enquiry (section 42 or other) and by whether the adult or a representative is to be asked.

The size follows the sample size guide (``reports.stats.responses_needed``) for the margin of
error chosen, grossed up for the share of people expected to answer, and is shared between the
strata in proportion to their size (largest remainders). Within each stratum the draw is
``random.Random(seed).sample`` over the candidates in a fixed order, so the same seed over the
same records draws the same people; the seed is shown with the sample.
"""
from __future__ import annotations

import math
import random
import secrets
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..capacity import person_to_ask
from ..consent import consent_states
from ..models import (
    COUNTED_RESPONSES, Assignment, AskedBy, ConsentState, Enquiry, IndependentSample, Invitation,
    InvitationStatus, Organisation, Participant, ParticipantRole, Response, utcnow,
)
from ..reports.stats import responses_needed
from ..screening import screening_clear
from .work import assign_to_partner, progress, take_back

KINDS = ("s42", "other")
WHO = ("adult", "representative")
STRATA = tuple(f"{kind}/{who}" for kind in KINDS for who in WHO)
# Why an enquiry closed in the period is not in the population, in the order they are checked.
EXCLUSIONS = ("nobody_recorded", "capacity_nobody_to_ask", "screening", "no_consent", "in_open_sample",
              "being_asked", "already_answered")
PENDING = (InvitationStatus.SCHEDULED, InvitationStatus.SENDING, InvitationStatus.SENT, InvitationStatus.OPENED)
SEED_MAX = 999_999


@dataclass(frozen=True)
class Candidate:
    participant_id: int
    enquiry_id: int
    stratum: str


@dataclass
class Population:
    closed: int = 0
    excluded: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EXCLUSIONS, 0))
    candidates: list[Candidate] = field(default_factory=list)

    def in_stratum(self, stratum: str) -> list[Candidate]:
        return sorted((c for c in self.candidates if c.stratum == stratum), key=lambda c: c.participant_id)

    @property
    def sizes(self) -> dict[str, int]:
        return {stratum: len(self.in_stratum(stratum)) for stratum in STRATA}


def population(session: Session, council_id: int, closed_from: date, closed_to: date) -> Population:
    enquiries = list(session.scalars(select(Enquiry).where(
        Enquiry.organisation_id == council_id, Enquiry.closed_on.is_not(None),
        Enquiry.closed_on >= closed_from, Enquiry.closed_on <= closed_to).order_by(Enquiry.id)))
    result = Population(closed=len(enquiries))
    ids = [enquiry.id for enquiry in enquiries]
    people = list(session.scalars(select(Participant).where(Participant.enquiry_id.in_(ids))
                                  .order_by(Participant.id))) if ids else []
    person_ids = [p.id for p in people]
    pending = set(session.scalars(select(Invitation.participant_id).where(
        Invitation.participant_id.in_(person_ids), Invitation.status.in_(PENDING)))) if person_ids else set()
    answered = set(session.scalars(select(Participant.enquiry_id).join(Response, Response.participant_id == Participant.id)
                                   .where(Participant.id.in_(person_ids),
                                          Response.status.in_(COUNTED_RESPONSES)))) if person_ids else set()
    assigned = set(session.scalars(select(Assignment.participant_id).where(
        Assignment.participant_id.in_(person_ids), Assignment.ended_at.is_(None)))) if person_ids else set()
    agreed = {pid for pid, state in consent_states(session, person_ids).items() if state == ConsentState.GIVEN}
    by_enquiry: dict[int, list[Participant]] = {}
    for person in people:
        by_enquiry.setdefault(person.enquiry_id, []).append(person)
    for enquiry in enquiries:
        members = by_enquiry.get(enquiry.id, [])
        adult = next((p for p in members if p.role == ParticipantRole.ADULT), None)
        representatives = [p for p in members if p.role == ParticipantRole.REPRESENTATIVE]
        person, reason = person_to_ask(adult, representatives)
        if person is not None:
            reason = _reason_not_to_ask(person, enquiry, agreed, pending, answered, assigned)
        if reason:
            result.excluded[reason] += 1
            continue
        who = "adult" if person.role == ParticipantRole.ADULT else "representative"
        result.candidates.append(Candidate(person.id, enquiry.id, f"{enquiry.kind.value}/{who}"))
    return result


def _reason_not_to_ask(person, enquiry, agreed, pending, answered, assigned) -> str | None:
    if not screening_clear(person.screening):
        return "screening"
    if person.id not in agreed:
        return "no_consent"
    if person.id in assigned:
        return "in_open_sample"
    if person.id in pending:
        return "being_asked"
    if enquiry.id in answered:
        return "already_answered"
    return None


def suggested_size(eligible: int, margin: float, response_rate: float) -> int:
    """How many to draw: the responses the guide needs for the margin, over the share expected to
    answer, and never more than there are."""
    if eligible <= 0:
        return 0
    needed = responses_needed(margin, population=eligible)
    return min(eligible, math.ceil(needed / response_rate))


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """``total`` shared in proportion to ``sizes`` (largest remainders, ties in stratum order)."""
    population_size = sum(sizes.values())
    total = min(total, population_size)
    if population_size == 0 or total <= 0:
        return dict.fromkeys(sizes, 0)
    exact = {stratum: total * size / population_size for stratum, size in sizes.items()}
    shares = {stratum: math.floor(value) for stratum, value in exact.items()}
    order = sorted(sizes, key=lambda s: (-(exact[s] - shares[s]), STRATA.index(s) if s in STRATA else 0))
    for stratum in order[: total - sum(shares.values())]:
        shares[stratum] += 1
    return shares


def draw(found: Population, size: int, seed: int) -> list[Candidate]:
    """The sample: the same seed over the same population always draws the same people."""
    rng = random.Random(seed)
    shares = allocate(found.sizes, size)
    chosen = []
    for stratum in STRATA:
        chosen.extend(rng.sample(found.in_stratum(stratum), shares[stratum]))
    return chosen


def new_seed() -> int:
    return secrets.randbelow(SEED_MAX) + 1


def create_sample(session: Session, council: Organisation, partner: Organisation, *, closed_from: date,
                  closed_to: date, size: int, seed: int, margin: float, response_rate: float,
                  actor, found: Population | None = None) -> IndependentSample:
    """Draw the sample and ask the partner to hear from everyone in it; commits. ``found`` is the
    population just read for the same period, if the caller has it."""
    found = found or population(session, council.id, closed_from, closed_to)
    chosen = draw(found, size, seed)
    sample = IndependentSample(
        organisation_id=council.id, partner_id=partner.id, closed_from=closed_from, closed_to=closed_to, seed=seed,
        size=len(chosen), drawn_by_id=getattr(actor, "id", None),
        strata={"closed": found.closed, "excluded": found.excluded, "population": found.sizes,
                "drawn": allocate(found.sizes, size), "margin": margin, "response_rate": response_rate,
                "members": {str(c.participant_id): c.stratum for c in chosen}})
    session.add(sample)
    session.flush()
    people = {p.id: p for p in session.scalars(select(Participant).where(
        Participant.id.in_([c.participant_id for c in chosen])))}
    for number, candidate in enumerate(sorted(chosen, key=lambda c: c.participant_id), start=1):
        assign_to_partner(session, people[candidate.participant_id], partner, reference=f"S{sample.id}-{number:03d}",
                          initials=None, note=None, actor=actor, sample_id=sample.id, asked_by=AskedBy.INDEPENDENT)
    audit.record(session, "sample_drawn", sample, user=actor, seed=seed, size=len(chosen), partner_id=partner.id,
                 closed_from=closed_from.isoformat(), closed_to=closed_to.isoformat())
    session.commit()
    return sample


def sample_progress(sample: IndependentSample) -> dict[str, dict[str, int]]:
    """Counts of each state of the work, per stratum and in all ("all")."""
    members = sample.strata.get("members", {})
    counts: dict[str, dict[str, int]] = {}
    for assignment in sample.assignments:
        stratum = members.get(str(assignment.participant_id), "")
        state = progress(assignment).value
        for key in (stratum, "all"):
            counts.setdefault(key, {}).setdefault(state, 0)
            counts[key][state] += 1
    return counts


def close_sample(session: Session, sample: IndependentSample, actor) -> int:
    """End the sample: visits not finished are taken back, so its people may be sampled again."""
    ended = 0
    for assignment in sample.assignments:
        if assignment.ended_at is None:
            take_back(session, assignment, actor)
            ended += 1
    sample.closed_at = utcnow()
    audit.record(session, "sample_closed", sample, user=actor, visits_taken_back=ended)
    session.commit()
    return ended

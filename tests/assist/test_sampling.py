"""The independent sample: who could be asked in a quarter (and why the others cannot), a size
from the sample size guide shared between the strata in proportion, a seeded draw that the same
seed repeats, each person in at most one open sample, and its progress on one page."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.assist.sampling import (
    STRATA, allocate, close_sample, create_sample, draw, population, sample_progress, suggested_size,
)
from feedback_app.assist.work import record_refusal
from feedback_app.capacity import REPRESENTATIVE_CONSENTS
from feedback_app.models import (
    Assignment, AssignmentStatus, AskedBy, Channel, EnquiryKind, IndependentSample, InvitationStatus,
    ParticipantRole,
)
from feedback_app.reports.periods import quarter_of
from feedback_app.reports.stats import responses_needed
from tests.factories import answer, create_enquiry, create_invitation, reload

from .conftest import PASSWORD, ready_person, visit

QUARTER = quarter_of(date.today()).previous()


def _closed_in_quarter(session, council, kind=EnquiryKind.S42, day=10):
    enquiry = create_enquiry(session, council, kind=kind)
    enquiry.closed_on = QUARTER.start + timedelta(days=day)
    session.commit()
    return enquiry


def _people(session, council, count, kind=EnquiryKind.S42, **options):
    return [ready_person(session, council, enquiry=_closed_in_quarter(session, council, kind), phone=None, **options)
            for _ in range(count)]


def test_the_population_leaves_out_those_who_cannot_be_asked_and_says_why(session, council, partner):
    adults = _people(session, council, 3)
    # An adult lacking capacity: their representative is the one to ask.
    lacking = _people(session, council, 1, capacity=REPRESENTATIVE_CONSENTS)[0]
    representative = ready_person(session, council, role=ParticipantRole.REPRESENTATIVE, enquiry=lacking.enquiry,
                                  phone=None)
    _people(session, council, 1, capacity=REPRESENTATIVE_CONSENTS)  # nobody to ask
    _people(session, council, 1, consent=False)
    unscreened = _people(session, council, 1)[0]
    unscreened.screening = {}
    being_asked = _people(session, council, 1)[0]
    create_invitation(session, being_asked, channel=Channel.SMS)
    answered = _people(session, council, 1)[0]
    invitation, _ = create_invitation(session, answered, channel=Channel.WEB)
    answer(session, invitation, ("consent", "yes"), submit=True)
    visited = _people(session, council, 1)[0]
    visit(session, visited, partner)
    outside = ready_person(session, council, phone=None)  # closed five days ago, this quarter
    session.commit()

    found = population(session, council.id, QUARTER.start, QUARTER.end)
    assert found.closed == 10
    assert found.excluded == {"nobody_recorded": 0, "capacity_nobody_to_ask": 1, "screening": 1, "no_consent": 1,
                              "being_asked": 1, "already_answered": 1, "in_open_sample": 1}
    assert sorted(c.participant_id for c in found.candidates) == sorted([p.id for p in adults] + [representative.id])
    assert found.sizes == {"s42/adult": 3, "s42/representative": 1, "other/adult": 0, "other/representative": 0}
    assert outside.id not in {c.participant_id for c in found.candidates}


def test_the_size_follows_the_guide_and_the_share_expected_to_answer():
    assert suggested_size(0, 0.1, 0.5) == 0
    assert suggested_size(1000, 0.1, 0.5) == -(-responses_needed(0.1, population=1000) // 0.5)
    assert suggested_size(1000, 0.05, 1.0) == responses_needed(0.05, population=1000)
    assert suggested_size(30, 0.05, 0.5) == 30  # never more than there are


@pytest.mark.parametrize("sizes,total", [
    ({"s42/adult": 70, "s42/representative": 20, "other/adult": 9, "other/representative": 1}, 10),
    ({"s42/adult": 1, "s42/representative": 1, "other/adult": 1, "other/representative": 0}, 2),
    ({"s42/adult": 5, "s42/representative": 0, "other/adult": 0, "other/representative": 0}, 9),
])
def test_the_sample_is_shared_in_proportion_and_adds_up(sizes, total):
    shares = allocate(sizes, total)
    assert sum(shares.values()) == min(total, sum(sizes.values()))
    drawn = min(total, sum(sizes.values()))
    for stratum, share in shares.items():
        assert share <= sizes[stratum]
        assert abs(share - drawn * sizes[stratum] / sum(sizes.values())) < 1


def test_the_same_seed_draws_the_same_people_and_another_seed_others(session, council):
    _people(session, council, 12)
    _people(session, council, 8, kind=EnquiryKind.OTHER)
    found = population(session, council.id, QUARTER.start, QUARTER.end)
    first = draw(found, 10, seed=4242)
    assert draw(found, 10, seed=4242) == first
    assert {tuple(draw(found, 10, seed=seed)) for seed in (1, 2, 3)} != {tuple(first)}
    strata = [c.stratum for c in first]
    assert (strata.count("s42/adult"), strata.count("other/adult")) == (6, 4)


def test_drawing_asks_the_partner_and_no_one_is_in_two_open_samples(session, council, partner, analyst):
    people = _people(session, council, 6)
    sample = create_sample(session, council, partner, closed_from=QUARTER.start, closed_to=QUARTER.end, size=4,
                           seed=99, margin=0.1, response_rate=0.5, actor=analyst)
    assignments = session.scalars(select(Assignment).where(Assignment.sample_id == sample.id)).all()
    assert len(assignments) == sample.size == 4
    assert {a.partner_id for a in assignments} == {partner.id}
    assert {a.invitation.asked_by for a in assignments} == {AskedBy.INDEPENDENT}
    assert {a.invitation.channel for a in assignments} == {Channel.ASSISTED}
    assert [a.reference for a in assignments] == [f"S{sample.id}-{n:03d}" for n in range(1, 5)]
    # Those drawn are no longer in the population: a second sample takes only the other two.
    second = create_sample(session, council, partner, closed_from=QUARTER.start, closed_to=QUARTER.end, size=10,
                           seed=99, margin=0.1, response_rate=0.5, actor=analyst)
    assert second.size == 2
    in_open = session.scalars(select(Assignment.participant_id).where(Assignment.ended_at.is_(None))).all()
    assert sorted(in_open) == sorted(p.id for p in people)
    # Closing the first sample frees its people for another.
    assert close_sample(session, sample, analyst) == 4
    assert len(population(session, council.id, QUARTER.start, QUARTER.end).candidates) == 4


def test_progress_counts_each_state(session, council, partner, advocate, analyst):
    _people(session, council, 4)
    sample = create_sample(session, council, partner, closed_from=QUARTER.start, closed_to=QUARTER.end, size=4,
                           seed=7, margin=0.1, response_rate=0.5, actor=analyst)
    first, second, third, _ = sample.assignments
    record_refusal(session, first, advocate)
    invitation = session.get(type(second.invitation), second.invitation_id)
    answer(session, invitation, ("consent", "yes"), channel=Channel.ASSISTED, submit=True)
    third.status, third.contacted_at = AssignmentStatus.CONTACTED, third.created_at
    session.commit()
    counts = sample_progress(reload(session, sample))
    assert counts["all"] == {"declined": 1, "answered": 1, "contacted": 1, "assigned": 1}
    assert sum(counts["s42/adult"].values()) == 4


def test_the_analyst_previews_draws_and_follows_a_sample(session, council, partner, analyst, client_request):
    _people(session, council, 30)
    _people(session, council, 10, kind=EnquiryKind.OTHER)
    client_request.login(analyst, PASSWORD)
    page = client_request.get("/reports/samples")
    assert page.h1 == "Independent samples"
    form = {"quarter": QUARTER.slug, "margin": "15", "response_rate": "60"}
    preview = client_request.post("/reports/samples", data={**form, "action": "preview"}, expected_status=200,
                                  allow_checked_radios=True)
    guide = suggested_size(40, 0.15, 0.6)
    assert f"the sample size guide suggests drawing {guide}." in preview.text
    assert "Could be asked 40" in preview.text
    missing = client_request.post("/reports/samples", data={**form, "action": "draw"}, expected_status=200,
                                  allow_checked_radios=True)
    assert missing.error_messages() == ["Select an organisation"]
    drawn = client_request.post("/reports/samples", data={**form, "action": "draw", "partner": str(partner.id),
                                                          "seed": "123456"})
    sample = session.scalar(select(IndependentSample))
    assert drawn.headers["Location"].endswith(f"/reports/samples/{sample.id}")
    assert (sample.seed, sample.size, sample.closed_from, sample.closed_to) == (123456, guide, QUARTER.start,
                                                                                 QUARTER.end)
    page = client_request.get(f"/reports/samples/{sample.id}")
    assert "123456" in page.text and "Northshire Advocacy" in page.text
    assert f"All 40 {guide} 0 0 0 0 0" in page.text


@pytest.mark.parametrize("field,value,message", [
    ("response_rate", "0", "The share expected to answer must be a whole number from 1 to 100"),
    ("seed", "seven", "The seed must be a whole number from 1 to 999,999"),
    ("size", "-3", "The number to draw must be a whole number of at least 1"),
    ("quarter", "1999-00-q1", "Select a quarter"),
])
def test_bad_input_is_named_and_nothing_is_drawn(session, council, partner, analyst, client_request, field, value,
                                                 message):
    client_request.login(analyst, PASSWORD)
    data = {"quarter": QUARTER.slug, "margin": "10", "response_rate": "50", "partner": str(partner.id),
            "action": "draw", field: value}
    page = client_request.post("/reports/samples", data=data, expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert session.scalar(select(IndependentSample.id)) is None


def test_another_councils_sample_is_not_found(session, council, other_council, partner, analyst, client_request):
    from feedback_app.models import Role
    from tests.factories import create_user

    _people(session, council, 2)
    sample = create_sample(session, council, partner, closed_from=QUARTER.start, closed_to=QUARTER.end, size=2,
                           seed=1, margin=0.1, response_rate=0.5, actor=analyst)
    stranger = create_user(session, other_council, Role.ANALYST, password=PASSWORD)
    client_request.login(stranger, PASSWORD)
    client_request.get(f"/reports/samples/{sample.id}", expected_status=404, check=False)
    client_request.post(f"/reports/samples/{sample.id}/close", data={}, expected_status=404, check=False)
    assert reload(session, sample).closed_at is None

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import event, select

from feedback_app.db import current_scope, scope_to_organisations
from feedback_app.models import (
    AskedBy, Channel, EnquiryKind, OutcomesAchieved, OutcomesAsked, Participant, Response, RiskOutcome, Timing,
)
from feedback_app.reports.disclosure import SUPPRESSED, TOTAL, protect_table
from feedback_app.reports.figures import Rate, activity, experience_counts, record_counts
from feedback_app.reports.periods import Quarter, RollingYear

from ..factories import create_organisation
from .builders import closed_enquiry, invite, respond

UTC = timezone.utc
Q2 = Quarter(2025, 2)  # July to September 2025
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=UTC)
IN_Q1 = datetime(2025, 6, 15, 12, tzinfo=UTC)
IN_Q3 = datetime(2025, 10, 15, 12, tzinfo=UTC)


@pytest.fixture
def councils(session):
    return create_organisation(session), create_organisation(session)


def test_experience_answers_are_counted_by_choice_kind_and_who_answered(session, councils):
    council, _ = councils
    respond(session, council, {"listened": "yes", "involved": "a_bit", "respect": "yes", "safer": "no",
                               "happy_now": "skip", "contact_safety": "no"}, submitted_at=IN_Q2)
    respond(session, council, {"listened": "yes", "safer": "yes", "outcomes_review": "some"},
            who="representative", kind=EnquiryKind.OTHER, submitted_at=IN_Q2)
    respond(session, council, {"listened": "no"}, who="skip", submitted_at=IN_Q2)
    respond(session, council, {"listened": "prefer_not_say"}, who="adult_with_help", submitted_at=IN_Q2)
    respond(session, council, {"listened": "no"}, submit=False)
    respond(session, council, {"listened": "no"}, submitted_at=IN_Q1)
    # 00:30 BST on 1 July is in Q2; 00:30 BST on 1 October is not.
    respond(session, council, {"listened": "yes"}, submitted_at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC))
    respond(session, council, {"listened": "no"}, submitted_at=datetime(2025, 9, 30, 23, 30, tzinfo=UTC))

    counts = experience_counts(session, [council.id], Q2)

    assert set(counts.by("framework_item", "question_key")) == {
        ("mspof:Q4", "listened"), ("mspof:Q5", "involved"), ("mspof:Q5", "respect"), ("mspof:Q6", "safer"),
        ("mspof:Q7", "happy_now"), ("mspof:Q2", "outcomes_review"),
    }
    assert counts.by("choice_key", question_key="listened") == {"yes": 3, "no": 1, "prefer_not_say": 1}
    assert counts.by("respondent", question_key="listened") == {
        "adult": 2, "adult_with_help": 1, "representative": 1, "unknown": 1}
    assert counts.by("enquiry_kind", question_key="listened") == {"s42": 4, "other": 1}
    assert counts.by("choice_key", question_key="happy_now") == {"skip": 1}
    assert counts.by("respondent", "choice_key", framework_item="mspof:Q2") == {("representative", "some"): 1}
    assert counts.total(framework_item="mspof:Q5") == 2


def test_figures_keep_councils_apart_and_none_means_all(session, councils):
    north, south = councils
    for _ in range(2):
        respond(session, north, {"listened": "yes"}, submitted_at=IN_Q2)
    for _ in range(3):
        respond(session, south, {"listened": "no"}, submitted_at=IN_Q2)

    assert experience_counts(session, [north.id], Q2).by("organisation_id", "choice_key") == {(north.id, "yes"): 2}
    assert experience_counts(session, [south.id], Q2).by("organisation_id", "choice_key") == {(south.id, "no"): 3}
    everyone = experience_counts(session, None, Q2)
    assert everyone.by("organisation_id") == {north.id: 2, south.id: 3}
    assert everyone.by("choice_key") == {"yes": 2, "no": 3}  # national totals from unrounded counts
    assert experience_counts(session, {north.id, south.id}, Q2) == everyone
    assert len(experience_counts(session, [], Q2)) == 0


def test_figures_look_across_councils_whatever_the_signed_in_scope(session, councils):
    north, south = councils
    respond(session, north, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q2)
    respond(session, south, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q2)
    closed_enquiry(session, south, date(2025, 8, 1))
    scope_to_organisations(session, {north.id})
    try:
        assert experience_counts(session, None, Q2).by("organisation_id") == {north.id: 1, south.id: 1}
        # South's answered enquiry closed in Q2 too.
        assert record_counts(session, [south.id], Q2).enquiries() == 2
        assert activity(session, None, Q2).invitations_sent.by("organisation_id") == {north.id: 1, south.id: 1}
        # The scope is back in force afterwards.
        assert current_scope(session) == frozenset({north.id})
        assert {r.organisation_id for r in session.scalars(select(Response))} == {north.id}
    finally:
        session.info.clear()


def test_record_items_count_enquiries_closed_in_the_period(session, councils):
    council, other_council = councils
    closed_enquiry(session, council, date(2025, 7, 1), asked=OutcomesAsked.EXPRESSED,
                   achieved=OutcomesAchieved.FULLY, risk=RiskOutcome.REDUCED)
    closed_enquiry(session, council, date(2025, 9, 30), asked=OutcomesAsked.EXPRESSED,
                   achieved=OutcomesAchieved.PARTIALLY, risk=RiskOutcome.REMOVED)
    # An achievement recorded where no outcomes were expressed is not part of Q2.
    closed_enquiry(session, council, date(2025, 8, 1), asked=OutcomesAsked.NOT_ASKED,
                   achieved=OutcomesAchieved.FULLY, risk=RiskOutcome.REMAINED)
    closed_enquiry(session, council, date(2025, 8, 2), kind=EnquiryKind.OTHER, asked=OutcomesAsked.EXPRESSED)
    closed_enquiry(session, council, date(2025, 8, 3))
    closed_enquiry(session, council, date(2025, 6, 30), asked=OutcomesAsked.EXPRESSED)
    closed_enquiry(session, council, date(2025, 10, 1), asked=OutcomesAsked.EXPRESSED)
    closed_enquiry(session, council, None, asked=OutcomesAsked.EXPRESSED)
    closed_enquiry(session, other_council, date(2025, 8, 1), asked=OutcomesAsked.DONT_KNOW)

    records = record_counts(session, [council.id], Q2)

    assert records.enquiries() == 5
    assert records.enquiries(enquiry_kind="other") == 1
    assert records.outcomes_asked().by("category") == {"asked_expressed": 3, "not_asked": 1, "not_entered": 1}
    assert records.outcomes_asked().by("enquiry_kind", "category")[("other", "asked_expressed")] == 1
    assert records.outcomes_achieved().by("category") == {"fully": 1, "partially": 1, "not_entered": 1}
    assert records.risk_outcome().by("category") == {
        "reduced": 1, "removed": 1, "remained": 1, "not_entered": 2}
    national = record_counts(session, None, Q2)
    assert national.outcomes_asked().by("organisation_id") == {council.id: 5, other_council.id: 1}
    assert national.outcomes_asked().by("category")["dont_know"] == 1


def test_activity_gives_completions_invitations_responses_and_rates(session, councils):
    council, other_council = councils
    closed_enquiry(session, council, date(2025, 7, 10))
    closed_enquiry(session, council, date(2025, 8, 10))
    closed_enquiry(session, council, date(2025, 9, 10), kind=EnquiryKind.OTHER, imported=True)
    closed_enquiry(session, council, date(2025, 6, 10))

    independent_web = dict(channel=Channel.WEB, asked_by=AskedBy.INDEPENDENT, timing=Timing.AFTER)
    lead_sms = dict(channel=Channel.SMS, asked_by=AskedBy.ENQUIRY_LEAD, timing=Timing.AT_CLOSURE)
    respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q2, closed_on=None,
            **independent_web)
    invite(session, council, sent_at=IN_Q2, **independent_web)
    # A late reply still counts towards the rate of the quarter its invitation went out in.
    respond(session, council, {"listened": "yes"}, submitted_at=IN_Q3, sent_at=IN_Q2, closed_on=None, **lead_sms)
    respond(session, council, {"listened": "yes"}, submit=False, sent_at=IN_Q2, **lead_sms)
    respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q1, closed_on=None,
            **independent_web)
    invite(session, council, sent_at=IN_Q3, channel=Channel.PAPER, timing=Timing.DURING)
    respond(session, other_council, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q2, closed_on=None)

    figures = activity(session, [council.id], Q2)

    assert figures.enquiries_completed.by("source") == {"entered": 2, "imported": 1}
    assert figures.enquiries_completed.by("enquiry_kind") == {"s42": 2, "other": 1}
    assert figures.invitations_sent.by("channel") == {"web": 2, "sms": 2}
    assert figures.invitations_answered.total() == 2
    assert figures.response_rates("channel") == {"web": Rate(1, 2), "sms": Rate(1, 2)}
    assert figures.response_rates("asked_by") == {"independent": Rate(1, 2), "enquiry_lead": Rate(1, 2)}
    assert figures.response_rates("timing") == {"after": Rate(1, 2), "at_closure": Rate(1, 2)}
    assert figures.response_rate().rate == 0.5
    assert figures.responses_submitted.by("channel", "asked_by") == {("web", "independent"): 2}

    national = activity(session, None, Q2)
    assert national.invitations_sent.by("organisation_id") == {council.id: 4, other_council.id: 1}
    assert national.response_rate() == Rate(3, 5)
    assert Rate(0, 0).rate is None


def test_a_rolling_year_takes_in_its_four_quarters(session, councils):
    council, _ = councils
    for moment in (datetime(2024, 10, 1, tzinfo=UTC), IN_Q1, IN_Q2, datetime(2024, 9, 30, 22, tzinfo=UTC)):
        respond(session, council, {"listened": "yes"}, submitted_at=moment)
    closed_enquiry(session, council, date(2024, 10, 1))
    closed_enquiry(session, council, date(2024, 9, 30))

    year = RollingYear(Q2)
    assert experience_counts(session, [council.id], year).total() == 3
    # The three answered enquiries closed in the year, and one more.
    assert record_counts(session, [council.id], year).enquiries() == 4


def test_each_figure_is_a_fixed_number_of_queries_however_many_responses(session, councils):
    council, _ = councils
    for choice in ("yes", "no", "a_bit", "yes", "yes"):
        respond(session, council, {"listened": choice, "safer": choice}, submitted_at=IN_Q2)
    statements = []
    engine = session.get_bind()

    def count(*_):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        experience_counts(session, None, Q2)
        assert len(statements) == 1
        record_counts(session, None, Q2)
        assert len(statements) == 2
        activity(session, None, Q2)
        assert len(statements) == 5
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_counts_feed_disclosure_control(session, councils):
    council, _ = councils
    for who, choice in [("adult", "yes")] * 12 + [("adult", "no")] * 3 + [("representative", "yes")] * 6:
        respond(session, council, {"listened": choice}, who=who, submitted_at=IN_Q2)
    counts = experience_counts(session, [council.id], Q2)
    table = protect_table(counts.pivot("respondent", "choice_key", question_key="listened",
                                       column_keys=["yes", "a_bit", "no"]))
    assert table.row("adult") == {"yes": 10, "a_bit": SUPPRESSED, "no": SUPPRESSED, TOTAL: 15}
    assert table.row("representative") == {"yes": 5, "a_bit": SUPPRESSED, "no": SUPPRESSED, TOTAL: 5}
    assert table.percentage("adult", "yes") == 80
    assert table.percentage("representative", "yes") == SUPPRESSED  # a base of 6
    assert table.row(TOTAL) == {"yes": 20, "a_bit": SUPPRESSED, "no": SUPPRESSED, TOTAL: 20}
    assert table.percentage(TOTAL, "yes") == 86  # 18 of 21, from the unrounded counts


def test_feedback_counts_in_the_quarter_its_enquiry_closed_by_when_it_was_given(session, councils):
    council, _ = councils
    closed = date(2025, 9, 1)  # Q2
    # Before closure, on the day, eight weeks after (in Q3 but about a Q2 closure), and a day later.
    for moment in (datetime(2025, 8, 20, 12, tzinfo=UTC), datetime(2025, 9, 1, 12, tzinfo=UTC),
                   datetime(2025, 10, 27, 12, tzinfo=UTC), datetime(2025, 10, 28, 12, tzinfo=UTC)):
        respond(session, council, {"listened": "yes"}, submitted_at=moment, closed_on=closed)
    # Given in Q2 about an enquiry that closed in Q1: Q1's feedback, not Q2's.
    respond(session, council, {"listened": "no"}, submitted_at=IN_Q2, closed_on=date(2025, 6, 20))
    # About an enquiry still open: in no quarter yet.
    respond(session, council, {"listened": "no"}, submitted_at=IN_Q2, closed_on=None)

    q2 = experience_counts(session, [council.id], Q2)
    assert q2.by("window") == {"during": 1, "after": 2, "late": 1}
    assert q2.by("choice_key") == {"yes": 4}
    assert experience_counts(session, [council.id], Q2.previous()).by("window", "choice_key") == {("after", "no"): 1}
    assert experience_counts(session, [council.id], Q2.next()).total() == 0


def test_correcting_the_closing_date_moves_the_feedback(session, councils):
    from feedback_app.casework.records.enquiries import update_enquiry

    council, _ = councils
    response = respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2, closed_on=None)
    assert experience_counts(session, [council.id], Q2).total() == 0
    enquiry = session.get(Participant, response.participant_id).enquiry
    enquiry.opened_on = date(2025, 1, 1)
    update_enquiry(session, enquiry, {"closed_on": date(2025, 9, 5)}, actor=None)
    assert experience_counts(session, [council.id], Q2).by("window") == {"during": 1}
    update_enquiry(session, enquiry, {"closed_on": date(2025, 7, 20)}, actor=None)
    assert experience_counts(session, [council.id], Q2).by("window") == {"after": 1}
    update_enquiry(session, enquiry, {"closed_on": date(2025, 5, 1)}, actor=None)  # Q1, and 92 days before
    assert experience_counts(session, [council.id], Q2).total() == 0
    assert experience_counts(session, [council.id], Q2.previous()).by("window") == {"late": 1}

"""A council's published tables and the benchmark, built from responses saved the real way."""
from datetime import date, datetime, timezone

import pytest

from feedback_app.models import Channel, EnquiryKind, OutcomesAsked
from feedback_app.reports.disclosure import SUPPRESSED, DisclosureRules
from feedback_app.reports.periods import Quarter
from feedback_app.reports.tables import TOTAL_KEY, Figures
from feedback_app.reports.benchmark import benchmark_figures
from feedback_app.reports.parts import council_figures

from ..factories import create_organisation
from .builders import closed_enquiry, respond

Q2 = Quarter(2025, 2)
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=timezone.utc)


@pytest.fixture
def councils(session):
    return create_organisation(session), create_organisation(session)


def _answer_many(session, council, choice, n, **kw):
    for _ in range(n):
        respond(session, council, {"listened": choice}, submitted_at=IN_Q2, **kw)


def test_experience_table_rounds_suppresses_and_gives_column_percentages(session, councils):
    council, other = councils
    _answer_many(session, council, "yes", 12)
    _answer_many(session, council, "no", 3)
    _answer_many(session, council, "a_bit", 8, who="representative")
    _answer_many(session, other, "no", 30)  # another council's answers never leak in
    session.commit()

    figures = council_figures(session, council.id, Q2)
    table = figures.table("q4-listened-respondent")
    # "I'd rather not say" and skipped are shown after the total, outside the percentages' bases.
    assert table.rows[-3:] == (TOTAL_KEY, "prefer_not_say", "skip") and "yes" in table.rows
    assert table.cell("yes", "adult").count == 12
    assert table.cell("yes", "adult").value == 10  # 12 rounds to 10
    assert table.cell("no", "adult").value == SUPPRESSED  # 3 people
    # "No" by adults is hidden, so another adult cell must hide with it (secondary suppression).
    hidden_adult = [r for r in table.rows if table.cell(r, "adult").hidden]
    assert len(hidden_adult) >= 2
    assert table.cell(TOTAL_KEY, TOTAL_KEY).count == 23
    # Percentages come from unrounded counts: 12 of 15 adults.
    assert table.cell("yes", "adult").percentage == 80
    low, high = table.cell("yes", "adult").interval
    assert low < 80 < high
    # The same question by enquiry kind is cut from the same protected cube.
    by_kind = figures.table("q4-listened-kind")
    assert by_kind.cell(TOTAL_KEY, TOTAL_KEY).count == 23
    assert by_kind.cell("yes", "s42").count == 12


def test_rather_not_say_and_skipped_are_shown_but_outside_every_base(session, councils):
    council, _ = councils
    _answer_many(session, council, "yes", 8)
    _answer_many(session, council, "no", 2)
    _answer_many(session, council, "prefer_not_say", 6)
    _answer_many(session, council, "skip", 7)
    table = council_figures(session, council.id, Q2).table("q4-listened-respondent")
    assert table.cell(TOTAL_KEY, TOTAL_KEY).count == 10  # the base: answers that say something
    assert table.cell("yes", "adult").percentage == 80  # 8 of 10, not 8 of 23
    assert table.cell("prefer_not_say", TOTAL_KEY).count == 6 and table.cell("prefer_not_say", TOTAL_KEY).value == 5
    assert table.cell("skip", "adult").count == 7
    assert table.cell("prefer_not_say", "adult").percentage is None and table.cell("skip", "adult").percentage is None


def test_the_main_tables_count_feedback_from_closure_to_eight_weeks_and_the_rest_is_shown_apart(session, councils):
    council, _ = councils
    closed = date(2025, 7, 10)
    _answer_many(session, council, "yes", 12, closed_on=closed)  # 1 August: within eight weeks
    _answer_many(session, council, "no", 6, closed_on=date(2025, 8, 20))  # before it closed
    for _ in range(3):  # more than eight weeks after closure
        respond(session, council, {"listened": "no"}, submitted_at=datetime(2025, 11, 1, 12, tzinfo=timezone.utc),
                closed_on=closed)

    figures = council_figures(session, council.id, Q2)
    for table_id in ("q4-listened-respondent", "q4-listened-kind"):
        main = figures.table(table_id)
        assert main.cell(TOTAL_KEY, TOTAL_KEY).count == 12 and main.cell("yes", TOTAL_KEY).count == 12
        assert main.cell("no", TOTAL_KEY).count == 0
    windows = figures.table("q4-listened-window")
    assert windows.columns == ("during", "after", "late", TOTAL_KEY)
    assert [windows.cell("no", w).count for w in windows.columns] == [6, 0, 3, 9]
    assert windows.cell("yes", "after").value == 10 and windows.cell("yes", "after").percentage == 100
    assert windows.cell("no", "late").hidden  # 3 people
    # The window table and the main tables are one cube: the 12 "after" answers read the same in both.
    assert windows.cell(TOTAL_KEY, "after").value == figures.table("q4-listened-respondent").cell(
        TOTAL_KEY, TOTAL_KEY).value


def test_figures_survive_json_exactly_and_files_get_no_unrounded_counts(session, councils):
    council, _ = councils
    _answer_many(session, council, "yes", 7)
    figures = council_figures(session, council.id, Q2, DisclosureRules(min_count=6, rounding_base=10))
    again = Figures.from_json(figures.to_json())
    assert again == figures
    published = figures.published()
    assert all(cell.count is None for t in published.tables for cell in t.cells.values())
    assert published.table("q4-listened-respondent").cell("yes", "adult").value == 10


def test_record_items_and_activity_tables(session, councils):
    council, _ = councils
    for _ in range(6):
        closed_enquiry(session, council, date(2025, 8, 1), asked=OutcomesAsked.EXPRESSED)
    closed_enquiry(session, council, date(2025, 8, 2), kind=EnquiryKind.OTHER)  # left blank
    # Answered about enquiries still open: they are invitations and responses, not completions.
    _answer_many(session, council, "yes", 5, channel=Channel.SMS, sent_at=IN_Q2, closed_on=None)
    figures = council_figures(session, council.id, Q2)
    q1 = figures.table("q1-outcomes-asked")
    assert q1.cell("asked_expressed", "s42").count == 6
    assert q1.cell("not_recorded", "other").count == 1  # a blank record item counts as not recorded
    rates = figures.table("invitations-channel")
    assert rates.cell("sms", "sent").count == 5 and rates.cell("sms", "answered").count == 5
    assert rates.cell(TOTAL_KEY, "answered").percentage == SUPPRESSED  # base under 10
    assert figures.table("enquiries-completed").cell(TOTAL_KEY, TOTAL_KEY).count == 7
    assert figures.guide.population == 7 and figures.guide.responses == 5
    assert not figures.is_empty


def test_a_quarter_with_nothing_in_it_is_empty(session, councils):
    council, _ = councils
    assert council_figures(session, council.id, Quarter(2020, 1)).is_empty


def test_benchmark_has_a_row_per_council_with_a_final_return_and_their_sum_from_unrounded_counts(session, councils):
    from feedback_app.reports.returns import finalise

    first, second = councils
    third = create_organisation(session)
    _answer_many(session, first, "yes", 7)
    _answer_many(session, second, "yes", 7)
    _answer_many(session, third, "yes", 30)  # no final return: not compared
    for council in (first, second):
        finalise(session, council.id, Q2, council_figures(session, council.id, Q2), user=None)
    _answer_many(session, first, "no", 20)  # after the return was made final: not in it
    bench = benchmark_figures(session, [first.id, second.id, third.id], Q2)
    assert bench.missing == (third.id,)
    table = bench.table("q4-listened")
    assert table.rows == (str(first.id), str(second.id), TOTAL_KEY)
    # Each council's 7 rounds to 5; the sum of 14 rounds once, to 15, not 5 + 5.
    assert table.cell(str(first.id), "yes").value == 5
    assert table.cell(str(first.id), "no").value == 0
    assert table.cell(TOTAL_KEY, "yes").value == 15
    assert all(cell.count is None for cell in table.cells.values())
    representatives = benchmark_figures(session, [first.id, second.id], Q2, respondent="representative")
    assert representatives.table("q4-listened").cell(TOTAL_KEY, TOTAL_KEY).value == 0  # no representative answered
    assert bench.table("response-rates").cell(TOTAL_KEY, "received").value == 15


def test_a_return_made_final_without_the_stored_counts_still_compares(session, councils):
    from feedback_app.models import QuarterlyReturn
    from feedback_app.reports.returns import finalise

    first, _ = councils
    _answer_many(session, first, "yes", 7)
    ret = finalise(session, first.id, Q2, council_figures(session, first.id, Q2), user=None)
    # As a return made final before the counts were kept beside its figures.
    session.execute(__import__("sqlalchemy").update(QuarterlyReturn).where(QuarterlyReturn.id == ret.id)
                    .values(benchmark=None))
    session.commit()
    assert benchmark_figures(session, [first.id], Q2).table("q4-listened").cell(str(first.id), "yes").value == 5




def test_the_sum_is_england_only_when_every_english_council_is_in_it():
    from types import SimpleNamespace

    from feedback_app.reports.benchmark import covers_england

    every = [SimpleNamespace(ons_code=f"E{prefix}{n:06d}") for prefix, count in
             (("06", 63), ("08", 36), ("09", 33), ("10", 21)) for n in range(count)]
    assert len(every) == 153 and covers_england(every)
    assert not covers_england(every[1:])
    # District councils (E07) and councils without a code do not make up for a missing one.
    assert not covers_england(every[1:] + [SimpleNamespace(ons_code="E07000001"), SimpleNamespace(ons_code=None)])


def test_feeling_safer_is_crossed_with_outcomes_achieved_in_the_persons_view(session, councils):
    council, _ = councils
    for safer, outcomes, n in (("yes", "yes", 8), ("no", "yes", 2), ("yes", "no", 3), ("no", "no", 9),
                               ("skip", "yes", 4)):
        for _ in range(n):
            respond(session, council, {"safer": safer, "outcomes_review": outcomes}, submitted_at=IN_Q2)
    table = council_figures(session, council.id, Q2).table("q6-safer-by-q2-outcomes")
    assert table.columns[-1] == TOTAL_KEY and {"yes", "no"} <= set(table.columns)
    assert table.cell("yes", "yes").count == 8 and table.cell(TOTAL_KEY, "yes").count == 10  # skipped left out
    assert table.cell("yes", "yes").percentage == 80  # of those whose outcomes were achieved
    assert table.cell("no", "no").percentage == 75
    assert table.cell("yes", "no").hidden  # 3 people


def test_the_headline_trend_reads_final_returns_and_counts_the_rest(session, councils):
    from feedback_app.reports.returns import finalise
    from feedback_app.reports.trend import headline_trend

    council, _ = councils
    _answer_many(session, council, "yes", 12)
    earlier = Q2.previous()
    for _ in range(10):
        respond(session, council, {"listened": "no"}, submitted_at=datetime(2025, 5, 1, 12, tzinfo=timezone.utc))
    finalise(session, council.id, earlier, council_figures(session, council.id, earlier), user=None)
    # Answers about an enquiry that closed in the earlier quarter, after its return was made final.
    respond(session, council, {"listened": "yes"}, submitted_at=datetime(2025, 5, 2, 12, tzinfo=timezone.utc))
    rows = headline_trend(session, council.id, Q2, DisclosureRules(), date(2026, 1, 1))
    assert [row.quarter for row in rows][-2:] == [earlier, Q2] and len(rows) == 8
    listened = {row.quarter: next(h for h in row.headlines if h.key == "listened") for row in rows}
    assert listened[Q2].percentage == 100 and not rows[-1].final
    assert listened[earlier].percentage == 0 and rows[-2].final  # as published, not as now
    assert listened[Q2.previous(3)].percentage is None  # nobody answered then


def test_an_adult_and_a_representative_about_one_enquiry_each_have_a_column_and_all_respondents_counts_one(
        session, councils):
    from feedback_app.models import Participant, ParticipantRole

    from ..factories import create_invitation, create_participant

    council, _ = councils
    for _ in range(6):  # both answered about the same enquiry: the adult yes, the representative no
        adult = respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2)
        enquiry = session.get(Participant, adult.participant_id).enquiry
        representative = create_participant(session, enquiry, role=ParticipantRole.REPRESENTATIVE)
        invitation, _token = create_invitation(session, representative)
        respond(session, council, {"listened": "no"}, who="representative", submitted_at=IN_Q2,
                invitation=invitation, closed_on=None)
    for _ in range(5):  # a representative alone
        respond(session, council, {"listened": "a_bit"}, who="representative", submitted_at=IN_Q2)

    figures = council_figures(session, council.id, Q2)
    table = figures.table("q4-listened-respondent")
    assert table.cell("yes", "adult").count == 6 and table.cell("no", "representative").count == 6
    assert table.cell("a_bit", "representative").count == 5
    # One answer per enquiry: the adult's where both answered.
    assert [table.cell(a, TOTAL_KEY).count for a in ("yes", "no", "a_bit")] == [6, 0, 5]
    assert table.cell(TOTAL_KEY, TOTAL_KEY).count == 11 and table.cell("yes", TOTAL_KEY).percentage == 55
    assert figures.table("q4-listened-kind").cell(TOTAL_KEY, "s42").count == 11
    assert figures.table("q4-listened-window").cell(TOTAL_KEY, "after").count == 11

"""The retention cut, step by step: once a council's period has passed, answers are cut from the
people who gave them and their free text goes, while every figure for the quarter stays the same;
nothing is cut before its time or from another council; a second pass changes nothing."""
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from feedback_app.comments.reviews import create_missing_reviews
from feedback_app.dispatch.response_retention import cut_old_responses, last_quarter_due
from feedback_app.dispatch.settings import response_retention_days
from feedback_app.models import (
    COUNTED_RESPONSES, Alert, AlertKind, OutcomesAchieved, OutcomesAsked, AlertStatus, Answer, CommentReview, Enquiry, InvitationStatus, ParticipantRole,
    Response, ResponseStatus,
)
from feedback_app.reports.figures import activity, experience_counts, safer_by_outcomes
from feedback_app.reports.funnel import enquiry_places
from feedback_app.reports.periods import Quarter, RollingYear
from tests.factories import (
    answer, audit_events, create_enquiry, create_invitation, create_organisation, create_participant, reload,
)

QUARTER = Quarter(2023, 1)  # April to June 2023
CLOSED = date(2023, 5, 10)
WORDS = "Sam from the team listened to me at last."
DUE = datetime(2026, 1, 1, tzinfo=timezone.utc)  # well past two years after the window ended


def _at(day, hour=14):
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def _invite(session, participant, sent_on):
    invitation, _ = create_invitation(session, participant)
    invitation.sent_at = invitation.due_at = _at(sent_on, 9)
    invitation.expires_at = _at(sent_on + timedelta(days=28), 9)
    session.commit()
    return invitation


def _enquiry(session, council, closed=CLOSED):
    enquiry = create_enquiry(session, council)
    enquiry.opened_on, enquiry.closed_on = closed - timedelta(days=30), closed
    enquiry.outcomes_asked, enquiry.desired_outcomes_text = OutcomesAsked.EXPRESSED, "To feel safe at home"
    enquiry.outcomes_achieved = OutcomesAchieved.PARTIALLY
    session.commit()
    return enquiry


def _answers(safer="yes", outcomes="some", who="adult"):
    return (("consent", "yes"), ("who", who), ("listened", "yes"), ("involved", "a_bit"), ("safer", safer),
            ("outcomes_review", outcomes), ("quote_ok", "yes"), ("own_words", None, WORDS))


def _quarter_of_answers(session):
    council = create_organisation(session, name="Northshire Council")
    # Enquiry one: the adult and a representative both answered, the representative first.
    one = _enquiry(session, council)
    adult = create_participant(session, one)
    representative = create_participant(session, one, role=ParticipantRole.REPRESENTATIVE)
    rep = answer(session, _invite(session, representative, date(2023, 5, 12)),
                 *_answers(safer="no", outcomes="no", who="representative"), at=_at(date(2023, 5, 14)), submit=True)
    own = answer(session, _invite(session, adult, date(2023, 5, 12)), *_answers(), at=_at(date(2023, 5, 20)),
                 submit=True)
    # Enquiry two: answered during the enquiry and again after it closed; the second answer sent
    # in the next quarter (the first of July, in London, is still 30 June in UTC).
    two = _enquiry(session, council, closed=date(2023, 6, 20))
    person = create_participant(session, two)
    during = answer(session, _invite(session, person, date(2023, 6, 1)), *_answers(safer="a_bit"),
                    at=_at(date(2023, 6, 10)), submit=True)
    after = answer(session, _invite(session, person, date(2023, 6, 25)), *_answers(outcomes="yes"),
                   at=datetime(2023, 6, 30, 23, 30, tzinfo=timezone.utc), submit=True)
    # Enquiry three: stopped part way and never sent; its answers count as far as they go.
    three = _enquiry(session, council, closed=date(2023, 4, 3))
    partial = answer(session, _invite(session, create_participant(session, three), date(2023, 4, 5)),
                     ("consent", "yes"), ("listened", "no"), at=_at(date(2023, 4, 8)))
    partial.status, partial.submitted_at = ResponseStatus.PARTIAL, _at(date(2023, 4, 8))
    # Enquiry four: the person withdrew part way; nothing of theirs counts.
    four = _enquiry(session, council, closed=date(2023, 4, 3))
    withdrawn_invitation = _invite(session, create_participant(session, four), date(2023, 4, 5))
    withdrawn = answer(session, withdrawn_invitation, ("consent", "yes"), ("own_words", None, WORDS),
                       at=_at(date(2023, 4, 6)))
    withdrawn_invitation.status = InvitationStatus.CANCELLED
    # Alerts: one handled and closed, one the duty desk has still not closed.
    session.add(Alert(organisation_id=council.id, response_id=own.id, participant_id=adult.id,
                      kind=AlertKind.SAFETY_REQUEST, status=AlertStatus.CLOSED, action_taken="Rang back; safe."))
    five = _enquiry(session, council)
    open_person = create_participant(session, five)
    held = answer(session, _invite(session, open_person, date(2023, 5, 12)), *_answers(),
                  at=_at(date(2023, 5, 21)), submit=True)
    session.add(Alert(organisation_id=council.id, response_id=held.id, participant_id=open_person.id,
                      kind=AlertKind.SAFETY_REQUEST, status=AlertStatus.OPEN))
    # A recent answer, years from its cut.
    recent = create_participant(session, _enquiry(session, council, closed=date.today() - timedelta(days=5)))
    recent_response = answer(session, create_invitation(session, recent)[0], *_answers(), submit=True)
    session.commit()
    create_missing_reviews(session, council.id)
    session.commit()
    ids = {"rep": rep.id, "own": own.id, "during": during.id, "after": after.id, "partial": partial.id,
           "withdrawn": withdrawn.id, "held": held.id, "recent": recent_response.id}
    return council, ids


def _figures(session, council):
    period = RollingYear(QUARTER.next())
    figures = {}
    for name, each in (("quarter", QUARTER), ("next", QUARTER.next()), ("year", period)):
        counted = activity(session, [council.id], each)
        figures[name] = (experience_counts(session, [council.id], each).cells,
                         counted.invitations_sent.cells, counted.invitations_answered.cells,
                         counted.responses_submitted.cells,
                         safer_by_outcomes(session, [council.id], each).cells,
                         sorted(map(repr, enquiry_places(session, council.id, each))))
    return figures


def _table(session):
    """Every counted response and its answers, without ids."""
    responses = sorted(
        (r.organisation_id, r.status, r.channel, r.enquiry_kind, r.timing, r.asked_by, r.respondent,
         r.feedback_window, r.enquiry_closed_on, r.submitted_at, r.participant_id, r.invitation_id,
         tuple(sorted((a.question_key, a.choice_key, a.free_text) for a in r.answers)))
        for r in session.scalars(select(Response).where(Response.status.in_(COUNTED_RESPONSES))))
    return responses


def test_answers_are_cut_from_the_person_and_every_figure_stays_the_same(session):
    council, ids = _quarter_of_answers(session)
    before = _figures(session, council)
    assert before["quarter"][0] and before["quarter"][5]  # there is something to keep

    summary = cut_old_responses(session, DUE)
    reload(session)
    assert (summary.cut, summary.deleted) == (5, 1)
    assert _figures(session, council) == before

    cut = session.scalars(select(Response).where(Response.detached_at.is_not(None))).all()
    assert len(cut) == 5
    # New rows: no id of theirs leads back to the old rows, the audit trail or an invitation.
    assert not {r.id for r in cut} & set(ids.values())
    for response in cut:
        assert (response.participant_id, response.invitation_id, response.entered_by_id) == (None, None, None)
        assert (response.language, response.mode, response.support, response.current_question) == \
            ("und", None, None, None)
        # Dates only as far as their quarters.
        assert response.enquiry_closed_on == QUARTER.start
        assert response.submitted_at in (QUARTER.utc_bounds()[0], QUARTER.next().utc_bounds()[0])
        assert response.created_at == response.submitted_at == response.detached_at
        # Only the framework's choices are left.
        assert {a.framework_item for a in response.answers} <= {"mspof:Q2", "mspof:Q4", "mspof:Q5", "mspof:Q6"}
        assert all(a.choice_key and a.free_text is None for a in response.answers)
        assert all(a.answered_at == response.submitted_at for a in response.answers)
    # The answer sent at 00:30 on 1 July in London counts in the next quarter, as before.
    assert sum(r.submitted_at == QUARTER.next().utc_bounds()[0] for r in cut) == 1
    # Free text and the analysts' copies of it are gone, except for answers not yet due.
    assert session.scalar(select(func.count()).select_from(CommentReview)) == 2
    texts = session.scalars(select(Answer.response_id).where(Answer.free_text.is_not(None))).all()
    assert sorted(texts) == sorted([ids["held"], ids["recent"]])
    # The withdrawn person's unfinished answers are gone altogether.
    assert session.get(Response, ids["withdrawn"]) is None
    # The alert that is still open keeps its answers with the person; the closed one keeps its
    # own record of what was done, but no longer leads to any answers.
    assert session.get(Response, ids["held"]).participant_id is not None
    assert session.get(Response, ids["recent"]).participant_id is not None
    closed_alert = session.scalar(select(Alert).where(Alert.status == AlertStatus.CLOSED))
    assert (closed_alert.response_id, closed_alert.action_taken) == (None, "Rang back; safe.")
    # The enquiries keep how they were first answered.
    routes = session.scalars(select(Enquiry.answered_route).where(Enquiry.answered_route.is_not(None))).all()
    assert sorted(routes) == [["web", "independent", "after"]] * 3
    [event] = audit_events(session, "responses_cut")
    assert event.detail == {"cut": 5, "deleted_unfinished": 1, "retention_days": 730}
    assert event.target_type == "Organisation" and event.organisation_id == council.id


def test_the_cut_comes_exactly_when_the_period_has_passed_and_a_second_pass_changes_nothing(session):
    council, ids = _quarter_of_answers(session)
    # The quarter's window ends eight weeks after 30 June 2023; two years (730 days) later, by
    # the date in London, the cut is due.
    due_day = QUARTER.end + timedelta(days=56 + 730)
    assert last_quarter_due(due_day, 730) == QUARTER
    assert last_quarter_due(due_day - timedelta(days=1), 730) == QUARTER.previous()
    untouched = _table(session)
    the_night_before = datetime(due_day.year, due_day.month, due_day.day, tzinfo=timezone.utc) - timedelta(hours=1)
    early = the_night_before - timedelta(minutes=1)  # 23:59 the day before, in London (summer time)
    assert cut_old_responses(session, early).cut == 0
    reload(session)
    assert _table(session) == untouched

    on_time = the_night_before + timedelta(minutes=30)  # half past midnight on the day, in London
    assert cut_old_responses(session, on_time).cut == 5
    reload(session)
    after_first = _table(session)
    assert cut_old_responses(session, on_time + timedelta(days=400)).cut == 0
    reload(session)
    assert _table(session) == after_first
    # The early pass deleted only the withdrawn person's unfinished answers, long untouched.
    assert [(e.detail["cut"], e.detail["deleted_unfinished"]) for e in audit_events(session, "responses_cut")] == \
        [(0, 1), (5, 0)]


def test_each_council_keeps_answers_for_its_own_period(session):
    council, ids = _quarter_of_answers(session)
    council.settings = {**(council.settings or {}), "response_retention_days": 1500}
    session.commit()
    assert cut_old_responses(session, DUE).cut == 0
    later = datetime(2027, 10, 5, tzinfo=timezone.utc)  # 1,500 days after 25 August 2023
    assert cut_old_responses(session, later).cut == 5
    other = create_organisation(session, name="Southshire Council")
    assert response_retention_days(other.settings) == 730
    assert response_retention_days({"response_retention_days": "forever"}) == 730
    assert response_retention_days({"response_retention_days": -3}) == 730
    assert response_retention_days({"response_retention_days": 90}) == 90


def test_an_answer_given_late_about_a_cut_quarter_waits_for_its_own_period(session):
    council, ids = _quarter_of_answers(session)
    assert cut_old_responses(session, DUE).cut == 5
    late_person = create_participant(session, session.scalar(select(Enquiry).where(Enquiry.closed_on == CLOSED)
                                                             .order_by(Enquiry.id).limit(1)))
    late = answer(session, _invite(session, late_person, date(2025, 12, 1)), *_answers(),
                  at=_at(date(2025, 12, 2)), submit=True)
    assert cut_old_responses(session, DUE + timedelta(days=700)).cut == 0
    assert reload(session, late).participant_id == late_person.id
    assert cut_old_responses(session, DUE + timedelta(days=731)).cut == 1


def test_the_jobs_runner_makes_the_cut_and_says_how_many(session, tick):
    _quarter_of_answers(session)
    summary = tick(now=DUE)
    assert summary.cut == 5
    assert "cut 5" in summary.line()
    assert tick(now=DUE).cut == 0


def test_two_runners_cutting_at_once_cut_each_response_once(database_url, session):
    import pytest

    from .conftest import run_at_once

    if database_url.startswith("sqlite"):
        pytest.skip("SQLite lets one writer in at a time; this runs on PostgreSQL whenever TEST_DATABASE_URL is set")
    council, ids = _quarter_of_answers(session)
    before = _figures(session, council)
    counted = session.scalar(select(func.count()).select_from(Response).where(Response.status.in_(COUNTED_RESPONSES)))
    summaries, errors = run_at_once(database_url, lambda runner_session: cut_old_responses(runner_session, DUE))
    assert errors == []
    assert sum(summary.cut for summary in summaries) == 5
    reload(session)
    assert session.scalar(select(func.count()).select_from(Response).where(Response.detached_at.is_not(None))) == 5
    assert session.scalar(select(func.count()).select_from(Response)
                          .where(Response.status.in_(COUNTED_RESPONSES))) == counted
    assert _figures(session, council) == before


def test_a_long_cut_stops_starting_councils_when_its_time_is_up_and_the_next_pass_goes_on(session):
    first, _ = _quarter_of_answers(session)
    second, _ = _quarter_of_answers(session)
    # Out of time at once: one council all the same, so that the work always moves on.
    assert cut_old_responses(session, DUE, budget_seconds=0).cut == 5
    assert cut_old_responses(session, DUE).cut == 5
    assert cut_old_responses(session, DUE).cut == 0
    reload(session)
    assert session.scalar(select(func.count()).select_from(Response).where(Response.detached_at.is_not(None))) == 10


def test_the_api_still_says_the_person_answered_once_the_answers_are_cut(session):
    from feedback_app.api.views import feedback_of
    from feedback_app.models import Invitation

    council, ids = _quarter_of_answers(session)
    adults = session.scalars(select(Response.participant_id).where(Response.id.in_([ids["own"], ids["rep"]]))).all()
    assert all(feedback_of(adults)[pid]["response_submitted"] for pid in adults)
    cut_old_responses(session, DUE)
    reload(session)
    assert session.scalar(select(func.count()).select_from(Response).where(Response.participant_id.in_(adults))) == 0
    assert all(feedback_of(adults)[pid]["response_submitted"] for pid in adults)
    # The person who withdrew part way never sent anything, before the cut or after.
    withdrew = session.scalar(select(Invitation.participant_id).where(Invitation.status == InvitationStatus.CANCELLED))
    assert feedback_of([withdrew])[withdrew]["response_submitted"] is False

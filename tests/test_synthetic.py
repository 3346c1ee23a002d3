"""``flask synthetic generate``: national test data that the reports read as they would real data."""
import re
import secrets
from datetime import timezone
from collections import Counter, defaultdict

import pytest
from flask import current_app
from sqlalchemy import func, select

from feedback_app.models import (
    Answer, Enquiry, Invitation, Organisation, OrganisationKind, Participant, Response, ResponseStatus,
)
from feedback_app.questionnaire import Context, get_survey
from feedback_app.reports.figures import FRAMEWORK_ITEMS, activity, experience_counts, record_counts
from feedback_app.reports.periods import Quarter, RollingYear
from feedback_app.answers import outcomes_recorded, validate_answer
from feedback_app.devdata.synthetic import last_full_quarter

from .conftest import make_test_app
from .factories import create_enquiry, create_organisation

SMALL = ["--responses", "300", "--councils", "3", "--years", "2", "--seed", "1", "--last-quarter", "2025-26 Q4"]
YEARS = (RollingYear(Quarter(2024, 4)), RollingYear(Quarter(2025, 4)))


def generate(runner, *arguments):
    return runner.invoke(args=["synthetic", "generate", *arguments])


def counts(session) -> dict:
    session.rollback()  # see what the command committed
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Organisation, Enquiry, Participant, Invitation, Response, Answer)}


def test_it_makes_the_councils_and_responses_asked_for(runner, session):
    result = generate(runner, *SMALL)

    assert result.exit_code == 0, result.output
    assert "2024-25 Q1 to 2025-26 Q4" in result.output
    assert "Councils: 3. Enquiries: " in result.output and "Responses: 300. Answers: " in result.output
    councils = session.scalars(select(Organisation).order_by(Organisation.id)).all()
    assert [c.slug for c in councils] == ["synthetic-1", "synthetic-2", "synthetic-3"]
    assert all(c.kind == OrganisationKind.COUNCIL and re.fullmatch(r"E(06|08|09|10)\d{6}", c.ons_code)
               for c in councils)
    responses = session.scalars(select(Response)).all()
    assert len(responses) == 300
    assert {r.status for r in responses} == {ResponseStatus.SUBMITTED}
    start, end = YEARS[0].utc_bounds()[0], YEARS[1].utc_bounds()[1]
    assert all(start <= r.submitted_at < end for r in responses)
    # Every council answered, and most invitations were not: about a third come back.
    assert len({r.organisation_id for r in responses}) == 3
    made = counts(session)
    assert made["Enquiry"] == made["Participant"] == made["Invitation"]
    assert 0.25 < 300 / made["Invitation"] < 0.5
    assert 7 < made["Answer"] / 300 < 10


def test_every_response_follows_the_survey_and_its_records(runner, session):
    assert generate(runner, *SMALL).exit_code == 0
    survey = get_survey("msp-experience")
    answers = defaultdict(dict)
    for answer in session.scalars(select(Answer)):
        valid = survey.validate_answer(answer.question_key, answer.choice_key)  # raises if not an option
        assert answer.framework_item == valid.framework_item and not valid.raises_alert
        answers[answer.response_id][answer.question_key] = answer.choice_key
    responses = session.execute(select(Response, Invitation, Participant, Enquiry)
                                .join(Invitation, Response.invitation_id == Invitation.id)
                                .join(Participant, Response.participant_id == Participant.id)
                                .join(Enquiry, Participant.enquiry_id == Enquiry.id)).all()
    assert len(responses) == 300
    for response, invitation, participant, enquiry in responses:
        given = answers[response.id]
        route = survey.visible_questions(Context(outcomes_recorded(enquiry), given))
        assert set(given) == {q.key for q in route if not q.is_free_text}
        assert response.respondent == survey.respondent(given)
        assert invitation.participant_id == participant.id and enquiry.organisation_id == response.organisation_id
        assert (response.channel, response.asked_by, response.timing) == (
            invitation.channel, invitation.asked_by, invitation.timing)
        assert response.enquiry_kind == enquiry.kind
        assert response.representative_kind == participant.representative_kind
        assert invitation.sent_at <= response.submitted_at <= invitation.expires_at
    # The record items belong to closed enquiries, and outcomes achieved only to those expressed.
    for enquiry in session.scalars(select(Enquiry)):
        if enquiry.closed_on is None:
            assert (enquiry.outcomes_asked, enquiry.outcomes_achieved, enquiry.risk_outcome) == (None, None, None)
        elif outcomes_recorded(enquiry):
            assert enquiry.desired_outcomes_text  # decrypts with the data key
        else:
            assert enquiry.outcomes_achieved is None and enquiry.desired_outcomes_text is None


def test_a_sample_of_bulk_rows_passes_the_validation_every_channel_applies(runner, session):
    """Synthetic rows are written in bulk, not through record_answer; replaying a sample of them,
    in the order given, through record_answer's own validation shows they are rows it would accept."""
    assert generate(runner, *SMALL).exit_code == 0
    survey = get_survey("msp-experience")
    sample = session.execute(select(Response, Enquiry).join(Participant, Response.participant_id == Participant.id)
                             .join(Enquiry, Participant.enquiry_id == Enquiry.id).order_by(Response.id)
                             .limit(200)).all()
    assert len(sample) == 200
    for response, enquiry in sample:
        given = {}
        rows = session.scalars(select(Answer).where(Answer.response_id == response.id).order_by(Answer.id)).all()
        for answer in rows:
            validate_answer(survey, answer.question_key, answer.choice_key, answer.free_text, answers=given,
                            outcomes_recorded=outcomes_recorded(enquiry))  # raises AnswerInvalid if refused
            given[answer.question_key] = answer.choice_key or "text"
            assert answer.channel == response.channel
        assert response.mode is not None
        assert (response.mode == "representative_view") == (response.respondent == "representative")


def test_the_figures_add_up_to_the_rows_made(runner, session):
    assert generate(runner, *SMALL).exit_code == 0
    council_ids = session.scalars(select(Organisation.id)).all()
    responses = experiences = invitations = completed = 0
    for year in YEARS:
        start, end = year.utc_bounds()
        figures = activity(session, None, year)
        national = experience_counts(session, None, year)
        # Feedback counts in the year its enquiry closed, read here through the enquiry itself.
        assert national.total() == session.scalar(
            select(func.count()).select_from(Answer).join(Response).join(
                Participant, Participant.id == Response.participant_id).join(
                Enquiry, Enquiry.id == Participant.enquiry_id).where(
                Response.status == ResponseStatus.SUBMITTED, Enquiry.closed_on.between(year.start, year.end),
                Answer.framework_item.like(FRAMEWORK_ITEMS), Answer.choice_key.is_not(None)))
        assert sum(experience_counts(session, [i], year).total() for i in council_ids) == national.total()
        assert figures.invitations_sent.total() == session.scalar(select(func.count()).where(
            Invitation.sent_at >= start, Invitation.sent_at < end))
        assert record_counts(session, None, year).enquiries() == figures.enquiries_completed.total() == \
            session.scalar(select(func.count()).where(Enquiry.closed_on.between(year.start, year.end)))
        responses += figures.responses_submitted.total()
        experiences += national.total()
        invitations += figures.invitations_answered.total()
        completed += figures.enquiries_completed.total()
    assert responses == 300
    assert experiences > 5 * 300
    assert 280 < invitations <= 300  # a few answered invitations went out before the first year
    assert completed > 0


def test_the_same_seed_makes_the_same_data_and_replace_starts_afresh(runner, session):
    own = create_organisation(session, slug="northshire")
    create_enquiry(session, own)
    assert generate(runner, *SMALL).exit_code == 0
    first = counts(session)
    answers = Counter(session.execute(select(Answer.question_key, Answer.choice_key)).all())

    again = generate(runner, *SMALL)
    assert again.exit_code != 0
    assert "already holds synthetic councils" in again.output and "--replace" in again.output
    assert counts(session) == first

    replaced = generate(runner, *SMALL, "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "Deleted 3 synthetic councils" in replaced.output
    assert counts(session) == first
    assert Counter(session.execute(select(Answer.question_key, Answer.choice_key)).all()) == answers
    # The council's own records are untouched.
    assert session.scalar(select(func.count()).where(Enquiry.organisation_id == own.id)) == 1

    fewer = generate(runner, "--responses", "40", "--councils", "2", "--years", "1", "--replace")
    assert fewer.exit_code == 0, fewer.output
    assert counts(session)["Response"] == 40
    assert session.scalars(select(Organisation.slug).order_by(Organisation.id)).all() == [
        "northshire", "synthetic-1", "synthetic-2"]


@pytest.mark.parametrize("option, value, message", [
    ("--responses", "0", "--responses must be a whole number from 1 to 20,000,000, not 0."),
    ("--responses", "lots", "--responses must be a whole number from 1 to 20,000,000, not lots."),
    ("--councils", "1000", "--councils must be a whole number from 1 to 999, not 1000."),
    ("--years", "2.5", "--years must be a whole number from 1 to 20, not 2.5."),
    ("--seed", "-1", "--seed must be a whole number from 0 to 2,147,483,647, not -1."),
    ("--last-quarter", "2025 Q1", "--last-quarter must be a quarter that has ended, written like 2025-26 Q1, "
                                  "not 2025 Q1."),
    ("--last-quarter", "1901-02 Q1", "--last-quarter must be a quarter that has ended"),
])
def test_a_bad_option_says_what_is_wrong_and_writes_nothing(runner, session, option, value, message):
    arguments = [a for a in SMALL]
    arguments[arguments.index(option) + 1] = value
    result = generate(runner, *arguments)
    assert result.exit_code == 2
    assert message in result.output
    assert counts(session)["Organisation"] == 0


def test_the_quarter_must_have_ended(runner, session):
    current = last_full_quarter().next()
    result = generate(runner, "--responses", "10", "--last-quarter", current.label)
    assert result.exit_code == 2
    assert f"not {current.label}" in result.output
    assert counts(session)["Organisation"] == 0


def test_production_refuses(database_url, session, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("LOOKUP_KEY", secrets.token_hex(32))
    monkeypatch.setenv("DATA_KEY", ",".join(current_app.config["DATA_KEYS"]))
    production = make_test_app(database_url, APP_ENV="production", TESTING=False)
    with production.app_context():  # the command runs in the application whose context is current
        result = production.test_cli_runner().invoke(args=["synthetic", "generate", *SMALL])
    production.extensions["database_engine"].dispose()
    assert result.exit_code == 1
    assert "never made in production" in result.output
    assert counts(session)["Organisation"] == 0


def test_messages_come_in_the_terminal_language(runner, session, monkeypatch):
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    result = generate(runner, "--responses", "lots")
    assert result.exit_code == 2
    assert "--responses" in result.output and "lots" in result.output
    assert "must be a whole number" not in result.output


def test_every_response_carries_its_enquiry_closure_and_window(runner, session):
    from feedback_app.answers.windows import feedback_window

    assert generate(runner, *SMALL).exit_code == 0
    rows = session.execute(
        select(Response.submitted_at, Response.enquiry_closed_on, Response.feedback_window, Enquiry.closed_on)
        .join(Participant, Participant.id == Response.participant_id)
        .join(Enquiry, Enquiry.id == Participant.enquiry_id)
        .where(Response.status == ResponseStatus.SUBMITTED)).all()
    assert rows
    for submitted_at, copied, window, closed_on in rows:
        if submitted_at.tzinfo is None:
            submitted_at = submitted_at.replace(tzinfo=timezone.utc)
        assert copied == closed_on
        assert window == feedback_window(submitted_at, closed_on)
    assert {window for *_, window, _closed in rows} >= {None, "during", "after"}

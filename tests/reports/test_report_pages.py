"""The analysts' report pages and the national benchmark, through the test client."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from feedback_app.models import AuditEvent, QuarterlyReturn, ReturnStatus, Role
from feedback_app.reports.periods import quarter_of
from feedback_app.reports.returns import ReturnIsFinal

from ..factories import create_organisation, create_user
from .builders import respond

PASSWORD = "correct horse battery"
LAST = quarter_of(date.today()).previous()
IN_LAST = datetime.combine(LAST.start + timedelta(days=10), datetime.min.time(), tzinfo=timezone.utc)


@pytest.fixture
def council(session):
    return create_organisation(session, name="Northshire Council", ons_code="E06000001")


@pytest.fixture
def other_council(session):
    return create_organisation(session, name="Southbay Council")


@pytest.fixture
def analyst(client_request, session, council):
    user = create_user(session, council, Role.ANALYST, password=PASSWORD)
    client_request.login(user, PASSWORD)
    return client_request


def _responses(session, council, n, choice="yes", **details):
    for _ in range(n):
        respond(session, council, {"listened": choice}, submitted_at=IN_LAST, sent_at=IN_LAST, **details)


def _audit(session, action):
    return session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_the_quarter_page_shows_published_figures_and_the_internal_view_is_audited(session, analyst, council,
                                                                                     other_council):
    _responses(session, council, 12)
    _responses(session, council, 3, "no")
    _responses(session, other_council, 40)
    page = analyst.get(f"/reports/{LAST.slug}")
    assert "Northshire Council" in page.text and LAST.label in page.h1
    assert "[c]" in page.text
    assert "hidden to protect people’s privacy" in page.text
    assert not _audit(session, "reports.internal_viewed")

    internal = analyst.get(f"/reports/{LAST.slug}?view=internal")
    assert "Internal" in internal.text and "published:" in internal.text
    events = _audit(session, "reports.internal_viewed")
    assert len(events) == 1 and events[0].organisation_id == council.id


def test_periods_that_do_not_exist_are_not_found_with_a_clear_message(analyst):
    for slug in ("2025-26-q5", "2025-27-q1", "nonsense", quarter_of(date.today()).next().slug):
        page = analyst.get(f"/reports/{slug}", expected_status=404)
        assert "It is not a quarter, or it has not started yet" in page.text


def test_other_roles_and_other_councils(session, client_request, council, other_council):
    practitioner = create_user(session, council, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(practitioner, PASSWORD)
    client_request.get(f"/reports/{LAST.slug}", expected_status=403)
    client_request.client.post("/logout")
    analyst = create_user(session, council, Role.ANALYST, password=PASSWORD)
    client_request.login(analyst, PASSWORD)
    # Another council's slug is not one of the analyst's councils.
    client_request.get(f"/reports/{LAST.slug}?council={other_council.slug}", expected_status=404)


@pytest.mark.parametrize("typed", ["12a", "þ/", "1e3", "1" * 5000])
def test_enquiries_completed_that_is_not_a_whole_number_is_named_and_nothing_is_saved(session, analyst, typed):
    page = analyst.post(f"/reports/{LAST.slug}/return", {"enquiries_completed": typed}, expected_status=400)
    assert page.error_messages() == ["Enquiries completed must be a whole number from 0 to 1,000,000"]
    assert session.scalars(select(QuarterlyReturn)).all() == []


def test_draft_then_final_then_correction(session, analyst, council):
    _responses(session, council, 12)
    url = f"/reports/{LAST.slug}"
    analyst.post(f"{url}/return", {"enquiries_completed": "120", "notes": "Quiet quarter"})
    # Finalising needs the confirmation.
    page = analyst.post(f"{url}/finalise", {"version": "1"}, expected_status=400)
    assert "Confirm that you have checked the figures" in page.error_messages()[0]
    analyst.post(f"{url}/finalise", {"version": "1", "confirm": "y"})
    final = session.scalars(select(QuarterlyReturn)).one()
    assert final.status == ReturnStatus.FINAL and final.enquiries_completed == 120
    frozen = dict(final.figures)

    # Later responses change the live figures, never the final return.
    _responses(session, council, 10)
    page = analyst.get(url)
    assert "exactly as they were then" in page.text
    session.refresh(final)
    assert final.figures == frozen
    # A second finalise or a draft edit is refused with a message; nothing changes.
    response = analyst.post(f"{url}/return", {"enquiries_completed": "5"})
    assert "cannot be changed" in analyst.get(response.headers["Location"]).text
    session.refresh(final)
    assert final.enquiries_completed == 120

    # A correction needs a reason, then makes version 2 as a draft with live figures.
    page = analyst.post(f"{url}/correct", {"version": "1", "reason": ""}, expected_status=400)
    assert page.error_messages() == ["Enter why the return needs correcting"]
    analyst.post(f"{url}/correct", {"version": "1", "reason": "Late responses"})
    # The same click again (a double submit) makes no third version.
    analyst.post(f"{url}/correct", {"version": "1", "reason": "Late responses"})
    returns = session.scalars(select(QuarterlyReturn).order_by(QuarterlyReturn.version)).all()
    assert [(r.version, r.status) for r in returns] == [(1, ReturnStatus.FINAL), (2, ReturnStatus.DRAFT)]
    assert returns[1].correction_reason == "Late responses"
    assert [e.action for e in session.scalars(select(AuditEvent).where(AuditEvent.action.like("return.%")))
            .all()].count("return.finalised") == 1


def test_a_final_return_cannot_be_changed_even_in_code(session, council):
    from feedback_app.reports.returns import finalise
    from feedback_app.reports.parts import council_figures

    _responses(session, council, 5)
    ret = finalise(session, council.id, LAST, council_figures(session, council.id, LAST), user=None)
    ret.notes = "changed"
    with pytest.raises(ReturnIsFinal):
        session.flush()
    session.rollback()


def test_downloads_are_published_figures_and_an_empty_period_says_so(session, analyst, council):
    _responses(session, council, 12)
    for fmt, start in (("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("pdf", b"%PDF")):
        response = analyst.client.get(f"/reports/{LAST.slug}/download.{fmt}")
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        assert response.data.startswith(start)
        assert "attachment" in response.headers["Content-Disposition"]
    assert len(_audit(session, "reports.downloaded")) == 3
    empty = LAST.previous(8)
    page = analyst.get(f"/reports/{empty.slug}/download.csv", expected_status=404)
    assert "There is nothing to report" in page.text
    analyst.get(f"/reports/{LAST.slug}/download.exe", expected_status=404)


def test_national_viewer_compares_final_returns_and_their_sum_from_unrounded_counts(session, client_request, council,
                                                                              other_council):
    national_body = create_organisation(session, name="National", kind=__import__(
        "feedback_app.models", fromlist=["OrganisationKind"]).OrganisationKind.NATIONAL)
    viewer = create_user(session, national_body, Role.NATIONAL, password=PASSWORD)
    _responses(session, council, 7)
    _responses(session, other_council, 7)
    client_request.login(viewer, PASSWORD)
    response = client_request.get("/reports/", expected_status=302)
    assert f"/reports/benchmark/{LAST.slug}" in response.headers["Location"]
    page = client_request.get(f"/reports/benchmark/{LAST.slug}")
    assert "0 of 2 councils have made their returns for this quarter final." in page.text
    assert "nothing to compare" in page.text
    from feedback_app.reports.parts import council_figures
    from feedback_app.reports.returns import finalise
    finalise(session, council.id, LAST, council_figures(session, council.id, LAST), user=None)
    page = client_request.get(f"/reports/benchmark/{LAST.slug}")
    assert "1 of 2 councils has made its return for this quarter final." in page.text
    assert "1 council has no final return and is not in the comparison" in page.text and "Southbay Council" in page.text
    finalise(session, other_council.id, LAST, council_figures(session, other_council.id, LAST), user=None)
    page = client_request.get(f"/reports/benchmark/{LAST.slug}")
    # Two councils are not every English council: their sum is never called England.
    assert "All councils in this service" in page.text and "England" not in page.text.replace("not England", "")
    csv_response = client_request.client.get(f"/reports/benchmark/{LAST.slug}/download.csv")
    assert csv_response.status_code == 200 and "attachment" in csv_response.headers["Content-Disposition"]
    import csv as csv_module
    rows = list(csv_module.reader(csv_response.data.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["Geography", "ONS code", "Council", "Period", "Item", "Category", "Sub-category", "Value"]
    yes = [r for r in rows if r[4] == "Listened to (listened): number" and r[5] == "Yes"]
    assert {(r[0], r[1], r[2], r[7]) for r in yes} == {
        ("Council", "E06000001", "Northshire Council", "5"), ("Council", other_council.ons_code, "Southbay Council", "5"),
        ("All councils in this service", "", "All councils in this service", "15")}
    assert "E92000001" not in csv_response.data.decode()
    assert 'filename="councils-' in csv_response.headers["Content-Disposition"]
    assert all(r[7] != "7" for r in rows[1:])  # no unrounded count leaves
    client_request.get(f"/reports/{LAST.slug}", expected_status=403)  # no council's own page
    client_request.get("/reports/benchmark/2025-26-q9", expected_status=404)


def test_the_analyst_chooses_a_margin_of_error(session, analyst, council):
    # Enquiries still open: no completed enquiries, so the guide is for a large number of them.
    _responses(session, council, 12, closed_on=None)
    page = analyst.get(f"/reports/{LAST.slug}?margin=3")
    assert "1068 responses give results accurate to within 3 points." in page.text
    for typed in ("0", "fifty", "51", "2.5", "1" * 5000):
        page = analyst.get(f"/reports/{LAST.slug}?margin={typed}", expected_status=400)
        assert page.error_messages() == [
            "Enter a margin of error as a whole number of percentage points from 1 to 50, like 5"]
        assert page.form_values(0) is not None


def test_dates_are_written_the_british_way(session, analyst, council):
    from feedback_app.reports.parts import council_figures
    from feedback_app.reports.returns import finalise

    _responses(session, council, 5)
    ret = finalise(session, council.id, LAST, council_figures(session, council.id, LAST), user=None)
    page = analyst.get(f"/reports/{LAST.slug}")
    day = ret.finalised_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert f"made final on {day.day} {day:%B} {day.year}" in page.text


def test_a_quarter_still_in_progress_cannot_be_made_final(session, analyst, council):
    current = quarter_of(date.today())
    respond(session, council, {"listened": "yes"})
    page = analyst.get(f"/reports/{current.slug}")
    assert "once the quarter has ended" in page.text
    assert not page.tree.findall(".//form[@action]") or all(
        "/finalise" not in f.get("action") for f in page.tree.iter("form"))
    response = analyst.post(f"/reports/{current.slug}/finalise", {"version": "", "confirm": "y"})
    assert "once the quarter has ended" in analyst.get(response.headers["Location"]).text
    assert session.scalars(select(QuarterlyReturn)).all() == []


def test_the_quarter_opens_with_headline_figures_and_charts_before_the_tables(session, analyst, council):
    from feedback_app.models import OutcomesAchieved, OutcomesAsked

    from .builders import closed_enquiry

    _responses(session, council, 9, "yes")
    _responses(session, council, 3, "no")
    for achieved in [OutcomesAchieved.FULLY] * 8 + [OutcomesAchieved.PARTIALLY] * 5 + [OutcomesAchieved.NOT_ACHIEVED] * 5:
        closed_enquiry(session, council, IN_LAST.date(), asked=OutcomesAsked.EXPRESSED, achieved=achieved)
    page = analyst.get(f"/reports/{LAST.slug}")

    items = page.findall(".//ul[@class='app-headlines']/li")
    texts = [" ".join("".join(li.itertext()).split()) for li in items]
    assert [t.split(" ")[0] for t in texts] == ["Response", "Outcomes", "Feel", "Felt"]
    assert texts[0].startswith("Response rate 100%") and "Of 10 invitations sent" in texts[0]
    # 13 of 18 enquiries with outcomes expressed were fully or partly achieved.
    assert texts[1].startswith("Outcomes fully or partly achieved 72%")
    assert "Of 20 enquiries where the person said what they wanted" in texts[1]
    assert texts[3].startswith("Felt listened to (answered yes) 75%") and "confidence interval" in texts[3]
    # Nobody was asked whether they feel safer: not a zero, a figure that does not exist.
    assert texts[2].startswith("Feel safer (answered yes) [x]")

    charts = page.findall(".//figure[@class='app-chart']")
    assert len(charts) == 1
    svg = charts[0].find("{http://www.w3.org/2000/svg}svg")
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    description = "".join(page.by_id(desc_id).itertext())
    assert "Yes: 75%" in description and "No: [c] (withheld)" in description
    link = charts[0].find(".//a").get("href")
    assert page.by_id(link.removeprefix("#")) is not None
    assert "All respondents, one per enquiry" in page.text
    # The headline and the charts come before the first detailed table.
    html = page.html
    assert html.index("app-headlines") < html.index("app-chart") < html.index("govuk-table app-report-table")

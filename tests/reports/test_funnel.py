"""From enquiries closed to answers: every enquiry closed in the period in one place of the
funnel, with the reasons for screening out and the invited and answered by route, controlled as
one set of lines and in every download."""
import csv
import io
from datetime import date, datetime, timezone

import pytest

from feedback_app.capacity import REPRESENTATIVE_CONSENTS
from feedback_app.consent import record_consent
from feedback_app.models import Channel, ConsentKind, ParticipantRole
from feedback_app.reports.disclosure import SUPPRESSED
from feedback_app.reports.funnel import council_funnel, enquiry_places
from feedback_app.reports.parts import council_figures
from feedback_app.reports.periods import Quarter

from ..factories import create_organisation, create_participant
from .builders import closed_enquiry, invite, respond

Q2 = Quarter(2025, 2)
CLOSED_IN_Q2 = date(2025, 8, 1)
IN_Q2 = datetime(2025, 8, 5, 12, tzinfo=timezone.utc)


@pytest.fixture
def council(session):
    return create_organisation(session)


def _closed_with_person(session, council, role=ParticipantRole.ADULT):
    enquiry = closed_enquiry(session, council, CLOSED_IN_Q2)
    return enquiry, create_participant(session, enquiry, role=role)


def _people_in_every_place(session, council):
    for _ in range(12):  # answered, by the web
        respond(session, council, {"listened": "yes"}, submitted_at=IN_Q2, sent_at=IN_Q2, closed_on=CLOSED_IN_Q2)
    for _ in range(6):  # invited by text, no answer yet
        invitation = invite(session, council, channel=Channel.SMS, sent_at=IN_Q2)
        invitation.participant.enquiry.closed_on = CLOSED_IN_Q2
    session.commit()
    for _ in range(5):  # said no
        _enquiry, person = _closed_with_person(session, council)
        record_consent(session, person, ConsentKind.DECLINED, Channel.STAFF)
    for _ in range(5):  # lacks capacity to decide, with nobody to ask for them
        _enquiry, person = _closed_with_person(session, council)
        person.capacity_basis = REPRESENTATIVE_CONSENTS
    _enquiry, person = _closed_with_person(session, council)  # has died
    person.screening = {"died": {"present": True, "override_reason": None}}
    for _ in range(7):  # nothing decided yet
        _closed_with_person(session, council)
    closed_enquiry(session, council, date(2025, 6, 30))  # Q1: not in this funnel
    session.commit()


def test_every_enquiry_closed_in_the_period_has_one_place(session, council):
    _people_in_every_place(session, council)
    places = enquiry_places(session, council.id, Q2)
    assert len(places) == 36
    counted = {}
    for place, reason, _route in places:
        counted[(place, reason)] = counted.get((place, reason), 0) + 1
    assert counted == {("answered", None): 12, ("invited", None): 6, ("declined", None): 5,
                       ("screened_out", "capacity_nobody_to_ask"): 5, ("screened_out", "died"): 1,
                       ("not_asked", None): 7}


def test_the_funnel_gives_rates_with_intervals_and_hides_small_groups(session, council):
    _people_in_every_place(session, council)
    funnel, screened, by_channel, *_ = council_funnel(session, council.id, Q2, council_figures.__defaults__[0])
    counts = {row: funnel.cell(row, "enquiries").count for row in funnel.rows}
    assert counts == {"closed": 36, "screened_out": 6, "declined": 5, "not_asked": 7, "invited": 18, "answered": 12}
    invited, answered = funnel.cell("invited", "enquiries"), funnel.cell("answered", "enquiries")
    assert invited.percentage == 50  # 18 of the 36 closed
    assert answered.percentage == 67 and answered.interval[0] < 67 < answered.interval[1]  # 12 of the 18 invited
    # One person died: a group of one is hidden, and so is a second reason beside it, so that the
    # one cannot be worked out from the total.
    assert screened.cell("died", "enquiries").value == SUPPRESSED
    assert sum(screened.cell(r, "enquiries").hidden for r in screened.rows if r != "total") >= 2
    assert screened.cell("total", "enquiries").value == 5
    assert by_channel.cell("web", "answered").count == 12 and by_channel.cell("sms", "invited").count == 6
    assert by_channel.cell("sms", "answered").value == 0 and by_channel.cell("web", "answered").percentage == 100


def test_the_funnel_is_in_the_csv_with_the_stages_named(session, council, client_request):
    from feedback_app.models import Role

    from ..factories import create_user

    _people_in_every_place(session, council)
    figures = council_figures(session, council.id, Q2)
    assert figures.table("funnel").cell("answered", "enquiries").value == 10
    user = create_user(session, council, Role.ANALYST, password="correct horse battery")
    client_request.login(user, "correct horse battery")
    body = client_request.client.get(f"/reports/{Q2.slug}/download.csv?council={council.slug}")
    assert body.status_code == 200, body.status_code
    rows = list(csv.DictReader(io.StringIO(body.get_data().decode("utf-8-sig"))))
    funnel = {r["Category"]: r["Value"] for r in rows if r["Item"] == "From enquiries closed to answers: number"}
    assert list(funnel) == ["Enquiries closed", "Screened out", "Declined", "Not asked yet", "Invited", "Answered"]
    assert funnel["Enquiries closed"] == "35" and funnel["Answered"] == "10"


def test_the_spreadsheet_has_a_funnel_sheet(session, council, client_request):
    from openpyxl import load_workbook

    from feedback_app.models import Role

    from ..factories import create_user

    _people_in_every_place(session, council)
    user = create_user(session, council, Role.ANALYST, password="correct horse battery")
    client_request.login(user, "correct horse battery")
    body = client_request.client.get(f"/reports/{Q2.slug}/download.xlsx?council={council.slug}")
    assert body.status_code == 200
    book = load_workbook(io.BytesIO(body.get_data()))
    sheet = book["Funnel"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    answered = next(r for r in rows if r[:2] == ["From enquiries closed to answers", "Answered"])
    assert answered[3] == 10 and answered[4] == pytest.approx(0.67)


def test_lines_that_do_not_add_up_are_refused():
    from feedback_app.reports.disclosure import protect_lines

    with pytest.raises(ValueError):
        protect_lines({"a": 3, "b": 4, "all": 8}, [(["a", "b"], "all")])
    values, suppressed = protect_lines({"a": 0, "b": 20, "all": 20}, [(["a", "b"], "all")])
    assert values == {"a": 0, "b": 20, "all": 20} and not suppressed

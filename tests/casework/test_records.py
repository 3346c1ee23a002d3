"""The record functions on their own, as an import or an API would call them."""
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from feedback_app.casework import records
from feedback_app.models import EnquiryKind, Timing

from .conftest import audit_events, enquiry_data, register

TODAY = records.today()


def messages(errors):
    """The messages in English, as a command-line import (with no request to take a language
    from) would show them."""
    with force_locale("en"):
        return {field: str(message) for field, message in errors.items()}


@pytest.mark.parametrize("opened", ["2025-04-01", "01/04/2025", "1.4.2025", date(2025, 4, 1), ("1", "4", "2025")])
def test_dates_arrive_in_any_usual_shape(app, opened):
    with app.test_request_context():
        clean, errors = records.validate_enquiry({**enquiry_data(), "opened_on": opened})
    assert errors == {} and clean["opened_on"] == date(2025, 4, 1)
    assert clean["kind"] == EnquiryKind.S42


def test_every_problem_in_a_row_is_reported_at_once(app):
    with app.test_request_context():
        _, errors = records.validate_enquiry({"case_reference": " ", "kind": "section 42", "opened_on": "2025-02-30",
                                              "closed_on": "tomorrow", "lead_user_id": "x"})
    assert messages(errors) == {
        "case_reference": "Enter the case reference",
        "kind": "Select the kind of enquiry",
        "opened_on": "Date opened must be a real date",
        "closed_on": "Date closed must be a real date",
        "lead_user_id": "Select who leads the enquiry",
    }


def test_an_imported_enquiry_is_marked_and_a_duplicate_rejected(session, council, practitioner):
    clean, _ = records.validate_enquiry(enquiry_data(reference="IMP-1"))
    enquiry = records.register_enquiry(session, council, clean, None, imported=True)
    assert enquiry.imported and enquiry.lead_user_id is None
    with pytest.raises(records.RecordRejected) as rejected:
        records.register_enquiry(session, council, clean, None, imported=True)
    assert messages(rejected.value.errors) == {
        "case_reference": "An enquiry with this case reference is already registered"}
    assert records.find_by_reference(session, council, " imp-1 ").id == enquiry.id
    assert len(audit_events(session, "enquiry_registered")) == 1


def test_a_lead_from_outside_the_council_is_rejected(session, council, other_council, practitioner):
    from feedback_app.models import Role
    from tests.factories import create_user

    stranger = create_user(session, other_council, Role.PRACTITIONER)
    clean, _ = records.validate_enquiry({**enquiry_data(), "lead_user_id": stranger.id})
    with pytest.raises(records.RecordRejected):
        records.register_enquiry(session, council, clean, practitioner)


def test_the_due_date_is_worked_out_before_anything_is_saved(session, council, practitioner):
    closed = register(session, council, practitioner, reference="R-1", closed=TODAY - timedelta(days=10))
    clean, errors = records.validate_schedule(
        {"timing": "after", "days_after_closure": 20, "asked_by": "independent"}, closed, council)
    assert errors == {}
    assert (clean["timing"], clean["due_on"], clean["link_days"], clean["late"]) == (
        Timing.AFTER, TODAY + timedelta(days=10), 28, False)
    _, errors = records.validate_schedule({"timing": "after", "days_after_closure": 57, "asked_by": "independent"},
                                          closed, council)
    assert list(errors) == ["confirm_late"]
    open_enquiry = register(session, council, practitioner, reference="R-2")
    clean, errors = records.validate_schedule({"timing": "at_closure", "asked_by": "enquiry_lead"},
                                              open_enquiry, council)
    assert errors == {} and clean["due_on"] is None and clean["days_after_closure"] == 0

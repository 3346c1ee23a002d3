"""Importing closed enquiries from a CSV file: all of it or none of it, by page or command."""
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.casework.importing import COLUMNS, ImportRefused, ImportRejected, dry_run, import_rows, read_csv, template_csv
from feedback_app.casework_refs import case_reference_hash
from feedback_app.models import (
    Enquiry, EnquiryKind, OutcomesAchieved, OutcomesAsked, Participant, ParticipantRole, RepresentativeKind,
    RiskOutcome,
)

from .conftest import audit_events, register, reload

OPENED = (date.today() - timedelta(days=60)).isoformat()
CLOSED = (date.today() - timedelta(days=5)).isoformat()
HEADER = ",".join(COLUMNS)


def line(reference="NS-1001", kind="s42", opened=OPENED, closed=CLOSED, asked="asked_expressed",
         desired="To feel safe at home", achieved="partially", risk="reduced", role="adult",
         basis="adult_consents", language="en", needs="large_print;easy_read"):
    return ",".join([reference, kind, opened, closed, asked, desired, achieved, risk, role, basis, language,
                     needs])


def csv_bytes(*lines, bom=False):
    text = "\r\n".join([HEADER, *lines]) + "\r\n"
    return ("\ufeff" + text if bom else text).encode("utf-8")


GOOD = csv_bytes(
    line(),
    line(reference="NS-1002", kind="other", asked="asked_not_expressed", desired="", achieved="",
         role="family", basis="representative_consents", language="cy", needs=""),
    line(reference="NS-1003", asked="not_recorded", desired="", achieved="", risk="", role="", basis="",
         language="", needs=""),
)


@pytest.fixture
def english(app):
    """Messages are lazy translations, rendered in the language of a request."""
    with app.test_request_context("/"):
        yield


def enquiries(session, organisation=None):
    reload(session)
    query = select(Enquiry).order_by(Enquiry.id)
    if organisation is not None:
        query = query.where(Enquiry.organisation_id == organisation.id)
    return session.scalars(query).all()


def problems_as_text(problems):
    return [(problem.line, problem.field, str(problem.message)) for problem in problems]


def test_a_good_file_imports_every_line_as_a_closed_imported_enquiry(english, session, council, practitioner):
    count = import_rows(session, council, read_csv(GOOD), practitioner)
    assert count == 3
    first, second, third = enquiries(session)
    assert all(e.imported and e.closed_on == date.fromisoformat(CLOSED) for e in (first, second, third))
    assert first.case_ref_hash == case_reference_hash(council, "NS-1001") and first.case_ref_hint == "…1001"
    assert (first.kind, first.outcomes_asked, first.desired_outcomes_text, first.outcomes_achieved,
            first.risk_outcome) == (EnquiryKind.S42, OutcomesAsked.EXPRESSED, "To feel safe at home",
                                    OutcomesAchieved.PARTIALLY, RiskOutcome.REDUCED)
    assert first.lead_user_id == practitioner.id
    [adult] = session.scalars(select(Participant).where(Participant.enquiry_id == first.id)).all()
    assert (adult.role, adult.language, adult.format_needs) == (ParticipantRole.ADULT, "en",
                                                                ["easy_read", "large_print"])
    [family] = session.scalars(select(Participant).where(Participant.enquiry_id == second.id)).all()
    assert (family.role, family.representative_kind, family.capacity_basis) == (
        ParticipantRole.REPRESENTATIVE, RepresentativeKind.FAMILY, "representative_consents")
    assert session.scalars(select(Participant).where(Participant.enquiry_id == third.id)).all() == []
    [event] = audit_events(session, "enquiries_imported")
    assert event.detail == {"count": 3, "participants": 2} and event.organisation_id == council.id
    assert "NS-1001" not in str([e.detail for e in audit_events(session)])


def test_the_template_is_a_file_that_would_import(english, session, council, practitioner):
    rows = read_csv(template_csv().encode())
    assert dry_run(session, council, rows) == []


def test_a_file_with_a_byte_order_mark_is_read(english):
    rows = read_csv(csv_bytes(line(), bom=True))
    assert [row.values["case_reference"] for row in rows] == ["NS-1001"]


def test_one_bad_line_means_nothing_is_written_and_the_line_is_named(english, session, council, practitioner):
    data = csv_bytes(line(), line(reference="NS-1002", closed=""), line(reference="NS-1003", kind="s43",
                                                                        language="fr"))
    rows = read_csv(data)
    assert problems_as_text(dry_run(session, council, rows)) == [
        (3, "closed_on", "Enter the date the enquiry closed"),
        (4, "kind", "Select the kind of enquiry"),
        (4, "language", "Select the language they want to use"),
    ]
    with pytest.raises(ImportRejected) as raised:
        import_rows(session, council, rows, practitioner)
    assert len(raised.value.problems) == 3
    assert enquiries(session) == [] and audit_events(session, "enquiries_imported") == []


def test_problems_name_the_columns_of_the_file(english, session, council):
    rows = read_csv(csv_bytes(line(asked="not_asked", desired="Words nobody said", achieved=""),
                              line(reference="NS-1002", role="cousin"),
                              line(reference="NS-1003", role="", basis="", needs="", language="cy")))
    assert [(p.line, p.field) for p in dry_run(session, council, rows)] == [
        (2, "desired_outcomes"), (3, "participant_role"), (4, "participant_role")]


@pytest.mark.parametrize("header, named", [
    ("case_reference,kind,opened_on", "Missing columns: closed_on, outcomes_asked"),
    (HEADER + ",nhs_number", "Unknown columns: nhs_number"),
])
def test_a_file_without_the_template_columns_is_refused_naming_them(english, header, named):
    with pytest.raises(ImportRefused) as refused:
        read_csv(f"{header}\r\n".encode())
    assert named in str(refused.value)


def test_a_file_not_in_utf8_is_refused(english):
    with pytest.raises(ImportRefused) as refused:
        read_csv(csv_bytes(line(desired="Café")).decode().encode("cp1252"))
    assert "UTF-8" in str(refused.value)


def test_references_already_registered_or_repeated_in_the_file_are_problems(english, session, council,
                                                                            practitioner):
    register(session, council, practitioner, reference="NS-1002")
    rows = read_csv(csv_bytes(line(), line(reference=" ns-1002"), line(reference="NS-1004"),
                              line(reference=" ns-1001 ")))
    assert problems_as_text(dry_run(session, council, rows)) == [
        (3, "case_reference", "An enquiry with this case reference is already registered"),
        (5, "case_reference", "This case reference is also on line 2"),
    ]


def test_a_dry_run_writes_nothing(english, session, council):
    assert dry_run(session, council, read_csv(GOOD)) == []
    assert enquiries(session) == [] and audit_events(session) == []


def test_another_councils_references_do_not_clash_and_its_records_are_untouched(
        english, session, council, other_council, practitioner):
    from tests.factories import create_user
    from feedback_app.models import Role
    theirs = register(session, other_council, create_user(session, other_council, Role.PRACTITIONER),
                      reference="NS-1001")
    assert import_rows(session, council, read_csv(GOOD), practitioner) == 3
    assert [e.id for e in enquiries(session, other_council)] == [theirs.id]
    assert len(enquiries(session, council)) == 3


def _upload(data, name="enquiries.csv"):
    return {"csv_file": (io.BytesIO(data), name)}


def test_the_page_checks_the_file_then_imports_it(signed_in, session, council):
    page = signed_in.get("/casework/")
    assert page.find(".//a[@href='/casework/import']") is not None
    page = signed_in.get("/casework/import")
    assert page.h1 == "Import closed enquiries"
    template = signed_in.client.get("/casework/import/template.csv")
    assert template.mimetype == "text/csv" and template.get_data(as_text=True).startswith(HEADER)

    page = signed_in.post("/casework/import", _upload(GOOD), expected_status=200)
    assert "3 enquiries ready to import" in page.text and enquiries(session) == []
    form = page.form_values()
    assert page.find(".//form//button").text.strip() == "Import 3 enquiries"

    tampered = dict(form, checked_file=form["checked_file"][:-2] + "xx")
    signed_in.post("/casework/import", tampered, expected_status=400, check=False)
    response = signed_in.post("/casework/import", form)
    assert response.headers["Location"] == "/casework/"
    assert len(enquiries(session)) == 3
    assert "3 enquiries imported" in signed_in.get("/casework/").text


def test_the_page_lists_problems_by_line_and_offers_no_import(signed_in, session):
    page = signed_in.post("/casework/import", _upload(csv_bytes(line(), line(closed=""))), expected_status=200)
    assert page.title.startswith("Error: ")
    cells = [re.sub(r"\s+", " ", "".join(td.itertext())).strip() for td in page.findall(".//table//td")]
    assert cells[:3] == ["3", "closed_on", "Enter the date the enquiry closed"]
    assert "This case reference is also on line 2" in page.text
    assert "ready to import" not in page.text and enquiries(session) == []


@pytest.mark.parametrize("make_upload, message", [
    (lambda: {}, "Select a CSV file"),
    (lambda: _upload(b"a,b\r\n", name="enquiries.xlsx"), "The selected file must be a CSV"),
    (lambda: _upload("case_reference\r\nCafé\r\n".encode("cp1252")), "not saved as UTF-8"),
    (lambda: _upload(b"case_reference,kind\r\n"), "Missing columns: opened_on"),
])
def test_the_page_refuses_a_file_it_cannot_use(signed_in, session, make_upload, message):
    # A fresh upload each time: the test client closes the file it sends.
    page = signed_in.post("/casework/import", make_upload(), expected_status=200)
    assert any(message in error for error in page.error_messages()), page.error_messages()


def test_the_command_checks_then_imports(session, runner, council, practitioner, tmp_path):
    path = tmp_path / "enquiries.csv"
    path.write_bytes(GOOD)
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", council.slug, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 enquiries ready to import" in result.output and enquiries(session) == []
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", council.slug])
    assert result.exit_code == 0, result.output
    assert "Imported 3 enquiries" in result.output
    assert [e.imported for e in enquiries(session)] == [True, True, True]


def test_the_command_lists_problems_in_english_and_writes_nothing(session, runner, council, tmp_path):
    path = tmp_path / "enquiries.csv"
    path.write_bytes(csv_bytes(line(), line(reference="NS-1002", kind="")))
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", council.slug])
    assert result.exit_code == 1
    assert "Line 3, kind: Select the kind of enquiry" in result.output
    assert enquiries(session) == []
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", "nowhere"])
    assert result.exit_code == 1 and "no council" in result.output

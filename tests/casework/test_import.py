"""Importing closed enquiries from a CSV file, by page or command: each line created, updated,
unchanged or refused (and why), so that a corrected export can simply be sent again."""
import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from feedback_app.casework.importing import (
    COLUMNS, CREATED, REFUSED, UNCHANGED, UPDATED, ImportRefused, dry_run, import_rows, read_csv, template_csv,
)
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


def problems_as_text(results):
    return [(problem.line, problem.field, str(problem.message)) for r in results for problem in r.problems]


def outcomes(results):
    return [(r.line, r.outcome) for r in results]


def test_a_good_file_imports_every_line_as_a_closed_imported_enquiry(english, session, council, practitioner):
    results = import_rows(session, council, read_csv(GOOD), practitioner)
    assert outcomes(results) == [(2, CREATED), (3, CREATED), (4, CREATED)]
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
    assert outcomes(dry_run(session, council, rows)) == [(2, CREATED)]


def test_a_file_with_a_byte_order_mark_is_read(english):
    rows = read_csv(csv_bytes(line(), bom=True))
    assert [row.values["case_reference"] for row in rows] == ["NS-1001"]


def test_a_bad_line_is_refused_with_its_problems_and_the_good_ones_go_ahead(english, session, council, practitioner):
    data = csv_bytes(line(), line(reference="NS-1002", closed=""), line(reference="NS-1003", kind="s43",
                                                                        language="fr"))
    rows = read_csv(data)
    checked = dry_run(session, council, rows)
    assert outcomes(checked) == [(2, CREATED), (3, REFUSED), (4, REFUSED)]
    assert problems_as_text(checked) == [
        (3, "closed_on", "Enter the date the enquiry closed"),
        (4, "kind", "Select the kind of enquiry"),
        (4, "language", "Select the language they want to use"),
    ]
    assert outcomes(import_rows(session, council, rows, practitioner)) == [(2, CREATED), (3, REFUSED), (4, REFUSED)]
    assert [e.case_ref_hint for e in enquiries(session)] == ["…1001"]


def test_a_language_the_council_does_not_offer_is_refused(english, session, council, practitioner):
    council.settings = {"languages": ["en", "cy"]}  # Welsh chosen, but never accepted unchecked
    session.commit()
    checked = dry_run(session, council, read_csv(csv_bytes(line(), line(reference="NS-1002", language="cy"))))
    assert outcomes(checked) == [(2, CREATED), (3, REFUSED)]
    assert problems_as_text(checked) == [
        (3, "language", "Select a language your council offers: an administrator chooses them on the Languages page")]


def test_problems_name_the_columns_of_the_file(english, session, council):
    rows = read_csv(csv_bytes(line(asked="not_asked", desired="Words nobody said", achieved=""),
                              line(reference="NS-1002", role="cousin"),
                              line(reference="NS-1003", role="", basis="", needs="", language="cy")))
    assert [(p.line, p.field) for r in dry_run(session, council, rows) for p in r.problems] == [
        (2, "desired_outcomes"), (3, "participant_role"), (4, "participant_role")]


@pytest.mark.parametrize("header, named", [
    ("case_reference,kind,opened_on", "Missing columns: closed_on, outcomes_asked"),
    (HEADER + ",nhs_number", "Unknown columns: nhs_number"),
])
def test_a_file_without_the_template_columns_is_refused_naming_them(english, header, named):
    with pytest.raises(ImportRefused) as refused:
        read_csv(f"{header}\r\n".encode())
    assert named in str(refused.value)


def test_a_very_wide_file_is_refused_at_once_with_the_template_named(english):
    import time

    wide = ",".join(f"c{i}" for i in range(40_000)) + "\r\n"
    started = time.perf_counter()
    with pytest.raises(ImportRefused) as refused:
        read_csv(wide.encode())
    assert time.perf_counter() - started < 2, "the header check takes time in proportion to the file"
    message = str(refused.value)
    assert "40,000 columns" in message and "case_reference" in message and len(message) < 1000
    # Repeated and unknown names are found in one pass, however many there are.
    repeated = ",".join([HEADER] + ["extra"] * 50) + "\r\n"
    with pytest.raises(ImportRefused) as refused:
        read_csv(repeated.encode())
    assert "Columns named more than once: extra" in str(refused.value)


def test_a_very_long_file_is_refused_with_the_most_it_takes(english):
    from feedback_app.casework.importing import MAX_ROWS

    data = csv_bytes(*[line(reference=f"NS-{i:06d}") for i in range(MAX_ROWS + 1)])
    with pytest.raises(ImportRefused) as refused:
        read_csv(data)
    assert f"more than {MAX_ROWS:,} lines" in str(refused.value)
    assert len(read_csv(csv_bytes(*[line(reference=f"NS-{i:06d}") for i in range(3)]))) == 3


def test_a_file_not_in_utf8_is_refused(english):
    with pytest.raises(ImportRefused) as refused:
        read_csv(csv_bytes(line(desired="Café")).decode().encode("cp1252"))
    assert "UTF-8" in str(refused.value)


def test_a_corrected_file_updates_the_enquiries_it_names(english, session, council, practitioner):
    import_rows(session, council, read_csv(GOOD), practitioner)
    later = (date.today() - timedelta(days=2)).isoformat()
    corrected = csv_bytes(
        line(closed=later, achieved="fully"),  # NS-1001 corrected
        line(reference="NS-1002", kind="other", asked="asked_not_expressed", desired="", achieved="",
             role="family", basis="representative_consents", language="cy", needs=""),  # as before
        line(reference=" ns-1003", asked="not_recorded", desired="", achieved="", risk="removed", role="adult",
             basis="adult_consents", language="en", needs=""),  # a risk outcome and the person to ask
        line(reference="NS-1004"),
        line(reference="NS-1001 "),  # twice in one file
    )
    checked = dry_run(session, council, read_csv(corrected))
    assert outcomes(checked) == [(2, UPDATED), (3, UNCHANGED), (4, UPDATED), (5, CREATED), (6, REFUSED)]
    assert checked[0].changed == ("closed_on", "outcomes_achieved")
    assert checked[2].changed == ("risk_outcome", "participant_role")
    assert problems_as_text([checked[4]]) == [(6, "case_reference", "This case reference is also on line 2")]

    done = import_rows(session, council, read_csv(corrected), practitioner)
    assert outcomes(done) == outcomes(checked)
    first, second, third, fourth = enquiries(session)
    assert first.closed_on.isoformat() == later and first.outcomes_achieved == OutcomesAchieved.FULLY
    assert third.risk_outcome == RiskOutcome.REMOVED
    assert [p.role for p in session.scalars(select(Participant).where(Participant.enquiry_id == third.id))] == [
        ParticipantRole.ADULT]
    assert len(session.scalars(select(Participant).where(Participant.enquiry_id == first.id)).all()) == 1
    assert [e.detail["changed"] for e in audit_events(session, "enquiry_updated")] == [["closed_on"]]
    assert len(audit_events(session, "enquiries_corrected_by_import")) == 1
    # Sent again, the same file changes nothing more.
    assert {r.outcome for r in import_rows(session, council, read_csv(corrected), practitioner)} == {
        UNCHANGED, REFUSED}


def test_a_correction_never_changes_a_final_return_and_says_so(english, session, council, practitioner):
    from feedback_app.reports.parts import council_figures
    from feedback_app.reports.periods import quarter_of
    from feedback_app.reports.returns import finalise

    last_quarter = quarter_of(date.today()).previous()
    closed = (last_quarter.start + timedelta(days=3)).isoformat()
    import_rows(session, council, read_csv(csv_bytes(line(closed=closed, opened="2020-01-01"))), practitioner)
    ret = finalise(session, council.id, last_quarter, council_figures(session, council.id, last_quarter), user=None)
    frozen = dict(ret.figures)
    corrected = read_csv(csv_bytes(line(closed=closed, opened="2020-01-01", risk="remained")))
    [result] = import_rows(session, council, corrected, practitioner)
    assert result.outcome == UPDATED and result.final_quarters == (last_quarter.label,)
    reload(session)
    assert session.get(type(ret), ret.id).figures == frozen


def test_another_councils_references_do_not_clash_and_its_records_are_untouched(
        english, session, council, other_council, practitioner):
    from tests.factories import create_user
    from feedback_app.models import Role
    theirs = register(session, other_council, create_user(session, other_council, Role.PRACTITIONER),
                      reference="NS-1001")
    assert {r.outcome for r in import_rows(session, council, read_csv(GOOD), practitioner)} == {CREATED}
    assert [e.id for e in enquiries(session, other_council)] == [theirs.id]
    assert len(enquiries(session, council)) == 3


def test_a_dry_run_writes_nothing(english, session, council):
    assert {r.outcome for r in dry_run(session, council, read_csv(GOOD))} == {CREATED}
    assert enquiries(session) == [] and audit_events(session) == []


def _upload(data, name="enquiries.csv"):
    return {"csv_file": (io.BytesIO(data), name)}


def _lines_table(page):
    rows = page.findall(".//table[@class='govuk-table']/tbody/tr")
    return [[re.sub(r"\s+", " ", "".join(cell.itertext())).strip() for cell in row] for row in rows]


def test_the_page_checks_the_file_then_imports_it(signed_in, session, council):
    page = signed_in.get("/casework/")
    assert page.find(".//a[@href='/casework/import']") is not None
    page = signed_in.get("/casework/import")
    assert page.h1 == "Import closed enquiries"
    template = signed_in.client.get("/casework/import/template.csv")
    assert template.mimetype == "text/csv" and template.get_data(as_text=True).startswith(HEADER)

    page = signed_in.post("/casework/import", _upload(GOOD), expected_status=200)
    assert "3 to create, 0 to update, 0 unchanged, 0 refused" in page.text and enquiries(session) == []
    assert [row[:2] for row in _lines_table(page)] == [["2", "To create"], ["3", "To create"], ["4", "To create"]]
    form = page.form_values()
    assert page.find(".//form//button").text.strip() == "Import 3 lines"

    tampered = dict(form, checked_file=form["checked_file"][:-2] + "xx")
    signed_in.post("/casework/import", tampered, expected_status=400, check=False)
    page = signed_in.post("/casework/import", form, expected_status=200)
    assert "3 created, 0 updated, 0 unchanged, 0 refused" in page.text
    assert len(enquiries(session)) == 3
    # The same file again: nothing to do.
    page = signed_in.post("/casework/import", _upload(GOOD), expected_status=200)
    assert "0 to create, 0 to update, 3 unchanged, 0 refused" in page.text and "nothing to import" in page.text
    assert page.find(".//input[@name='checked_file']") is None


def test_the_page_lists_each_lines_problems_and_imports_the_rest(signed_in, session):
    page = signed_in.post("/casework/import", _upload(csv_bytes(line(), line(closed=""))), expected_status=200)
    assert page.title.startswith("Error: ")
    table = _lines_table(page)
    assert table[0][:2] == ["2", "To create"]
    assert table[1][:2] == ["3", "Refused"]
    assert "closed_on: Enter the date the enquiry closed" in table[1][2]
    assert "case_reference: This case reference is also on line 2" in table[1][2]
    assert page.find(".//form//button").text.strip() == "Import 1 line"


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
    assert "3 created, 0 updated, 0 unchanged, 0 refused. Nothing was written." in result.output
    assert enquiries(session) == []
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", council.slug])
    assert result.exit_code == 0, result.output
    assert "Line 2: created" in result.output and "3 created, 0 updated, 0 unchanged, 0 refused." in result.output
    assert [e.imported for e in enquiries(session)] == [True, True, True]


def test_the_command_lists_problems_in_english_and_imports_the_rest(session, runner, council, tmp_path):
    path = tmp_path / "enquiries.csv"
    path.write_bytes(csv_bytes(line(), line(reference="NS-1002", kind="")))
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", council.slug])
    assert result.exit_code == 1
    assert "Line 3, kind: Select the kind of enquiry" in result.output
    assert "1 created, 0 updated, 0 unchanged, 1 refused" in result.output
    assert len(enquiries(session)) == 1
    result = runner.invoke(args=["casework", "import", str(path), "--organisation", "nowhere"])
    assert result.exit_code == 1 and "no council" in result.output

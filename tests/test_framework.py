"""The MSP Outcomes Framework as data: one file, framework/msp-outcomes.yaml, that the
questionnaire, the figures, every download and docs/framework.md take their labels from."""
import csv
import io
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from feedback_app.framework import FrameworkError, framework, load, markdown
from feedback_app.models import OutcomesAchieved, OutcomesAsked, RiskOutcome, Role
from feedback_app.reports.labels import ACTIVITY_LABELS
from feedback_app.reports.periods import Quarter
from feedback_app.reports.tables import RECORD_ITEMS

from .factories import create_organisation, create_user
from .reports.builders import closed_enquiry, respond

ROOT = Path(__file__).resolve().parent.parent
Q2 = Quarter(2025, 2)
IN_Q2 = datetime(2025, 8, 1, 12, tzinfo=timezone.utc)


def test_only_confirmed_items_carry_an_official_number():
    items = {i.code: i for i in framework().items}
    assert [code for code, i in items.items() if i.number] == ["mspof:Q1", "mspof:Q2"]
    # The risk item's wording is this service's own: it is named by what it is, not as question 3.
    assert items["mspof:Q3"].status == "own_measure" and items["mspof:Q3"].file_name() == "Risk after the enquiry"
    assert all(i.status == "not_confirmed" for code, i in items.items() if code in ("mspof:Q4", "mspof:Q7"))


def test_the_record_categories_are_the_models_in_the_files_order():
    categories = {code: cats for code, _field, cats in RECORD_ITEMS}
    assert categories["mspof:Q1"] == tuple(v.value for v in OutcomesAsked)
    assert set(categories["mspof:Q2"]) == {v.value for v in OutcomesAchieved} | {"not_recorded"}
    assert set(categories["mspof:Q3"]) == {v.value for v in RiskOutcome} | {"not_recorded"}


def test_every_survey_question_names_a_feedback_item_of_the_file(app):
    from feedback_app.questionnaire.registry import all_surveys

    with app.app_context():
        surveys = all_surveys().values()
    codes = {q.framework for s in surveys for q in s.questions if q.framework}
    assert codes and all(framework().item(c) is not None and "feedback" in framework().item(c).kind for c in codes)


def test_a_survey_naming_an_item_the_file_does_not_have_is_refused(app, tmp_path):
    from feedback_app.questionnaire import check_file

    text = (ROOT / "surveys" / "msp-experience.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "msp-experience.yaml"
    broken.write_text(text.replace("framework: mspof:Q6", "framework: mspof:Q9", 1), encoding="utf-8")
    with app.app_context():
        problems = check_file(broken, symbols_dir=ROOT / "surveys" / "symbols")
    assert any("'mspof:Q9' is not an item of the framework file" in str(p) for p in problems)


@pytest.mark.parametrize("change, message", [
    (("number: null\n    status: not_confirmed", "number: Q4\n    status: not_confirmed"), "official number"),
    (("kind: [feedback]", "kind: [opinion]"), "kind"),
    (("  - code: mspof:Q7", "  - code: mspof:Q6"), "twice"),
])
def test_a_broken_framework_file_is_refused_naming_the_problem(tmp_path, change, message):
    text = (ROOT / "framework" / "msp-outcomes.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "framework.yaml"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(FrameworkError, match=message):
        load(path)


def test_the_documentation_is_made_from_the_file():
    assert (ROOT / "docs" / "framework.md").read_text(encoding="utf-8") == markdown(), (
        "docs/framework.md is out of date: run python -m feedback_app.framework > docs/framework.md")


def test_every_framework_label_in_every_download_comes_from_the_file(session, client_request):
    council = create_organisation(session)
    for choice in ("yes", "no", "a_bit") * 4:
        respond(session, council, {"listened": choice, "safer": choice, "involved": "yes", "happy_now": "yes"},
                submitted_at=IN_Q2)
    for _ in range(6):
        closed_enquiry(session, council, IN_Q2.date(), asked=OutcomesAsked.EXPRESSED,
                       achieved=OutcomesAchieved.FULLY, risk=RiskOutcome.REDUCED)
    user = create_user(session, council, Role.ANALYST, password="correct horse battery")
    client_request.login(user, "correct horse battery")
    base = f"/reports/{Q2.slug}/download"
    names = {i.file_name() for i in framework().items}
    with client_request.app.test_request_context():
        shown = {i.display() for i in framework().items}
        # Tables that are not framework items, and the one figure for enquiries completed.
        others = {str(label) for label in ACTIVITY_LABELS.values()} | {"Enquiries completed"}

    rows = list(csv.DictReader(io.StringIO(
        client_request.client.get(f"{base}.csv?council={council.slug}").get_data().decode("utf-8-sig"))))
    framework_items = {r["Item"] for r in rows if r["Item"].rsplit(": ", 1)[0] not in others}
    assert len(framework_items) > 10
    for item in framework_items:
        assert any(item.startswith(name) for name in names), item
    assert not any(re.search(r"\bMSP Q[3-7]\b|\bQ[3-7]:", r["Item"]) for r in rows)

    book = load_workbook(io.BytesIO(client_request.client.get(f"{base}.xlsx?council={council.slug}").get_data()))
    for sheet in ("Experience", "Case records"):
        values = [row[0].value for row in book[sheet].iter_rows(min_row=5) if row[0].value]
        labels = {v for v in values if v not in ("Framework item",) and not v.startswith("Enquiries")}
        assert labels and labels <= shown, labels - shown

    pdf = client_request.client.get(f"{base}.pdf?council={council.slug}").get_data()
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Listened to" in text and "Risk after the enquiry" in text
    assert not re.search(r"\bQ[3-7]:", text)

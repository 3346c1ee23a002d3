""""My outcomes": a tagged, titled easy-read PDF of the person's own words, in their language."""
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from feedback_app.casework import records

from .conftest import add_adult, audit_events

WORDS = "I want to stay in my own flat.\nI want my son to stop taking my money."


def record_outcomes(session, enquiry, practitioner, words=WORDS):
    clean, errors = records.validate_msp_record({"outcomes_asked": "asked_expressed", "desired_outcomes_text": words})
    assert errors == {}
    records.record_msp_items(session, enquiry, clean, practitioner)


def download(client, participant):
    response = client.get(f"/casework/participants/{participant.id}/my-outcomes.pdf")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


def pdf_text(pdf: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext is needed: apt-get install poppler-utils"
    path = tmp_path / "outcomes.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_the_pdf_is_tagged_titled_and_in_reading_order(signed_in, session, enquiry, practitioner, adult, tmp_path):
    record_outcomes(session, enquiry, practitioner)
    page = signed_in.get(f"/casework/enquiries/{enquiry.id}")
    link = page.find(".//a[@download]")
    assert link.get("href") == f"/casework/participants/{adult.id}/my-outcomes.pdf"
    pdf = download(signed_in.client, adult)

    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert len(reader.pages) == 1
    assert reader.metadata.title == "What I want to happen"
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]

    text = pdf_text(pdf, tmp_path)
    order = ["What I want to happen", "You told us what you want to happen.", "In your own words",
             "I want to stay in my own flat.", "I want my son to stop taking my money.", "What happens next"]
    positions = [text.index(phrase) for phrase in order]
    assert positions == sorted(positions)
    [event] = audit_events(session, "outcomes_pdf_downloaded")
    assert (event.target_id, event.user_id, event.detail) == (adult.id, practitioner.id, {"language": "en"})


def test_the_pdf_is_in_the_persons_language(signed_in, session, enquiry, practitioner, tmp_path):
    record_outcomes(session, enquiry, practitioner)
    welsh = add_adult(session, enquiry, practitioner, language="cy")
    reader = PdfReader(io.BytesIO(download(signed_in.client, welsh)))
    language = audit_events(session, "outcomes_pdf_downloaded")[0].detail["language"]
    # A language whose page is not yet translated falls back to English rather than
    # mislabelling English words as Welsh.
    assert reader.trailer["/Root"]["/Lang"] == language
    assert (reader.metadata.title == "What I want to happen") == (language == "en")


def test_the_body_text_is_at_least_14pt(signed_in, session, enquiry, practitioner, adult):
    record_outcomes(session, enquiry, practitioner)
    reader = PdfReader(io.BytesIO(download(signed_in.client, adult)))
    sizes = []
    reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(
        abs(size * tm[3] * cm[3])) if text.strip() else None)
    assert sizes and min(sizes) >= 14 - 0.01


def test_without_words_recorded_there_is_nothing_to_download(signed_in, session, enquiry, adult):
    response = signed_in.client.get(f"/casework/participants/{adult.id}/my-outcomes.pdf")
    assert response.status_code == 302 and response.headers["Location"] == f"/casework/enquiries/{enquiry.id}"
    assert audit_events(session, "outcomes_pdf_downloaded") == []
    assert signed_in.get(f"/casework/enquiries/{enquiry.id}").find(".//a[@download]") is None


@pytest.mark.parametrize("words", ["<script>alert(1)</script> & more", "Dw i eisiau aros adref"])
def test_the_words_are_printed_as_written(signed_in, session, enquiry, practitioner, adult, tmp_path, words):
    record_outcomes(session, enquiry, practitioner, words=words)
    assert words in pdf_text(download(signed_in.client, adult), tmp_path)


@pytest.mark.parametrize("words, language", [
    ("I want to stay at home again.", "ur"),  # English words on an Urdu page
    ("میں دوبارہ گھر پر رہنا چاہتا ہوں۔", "en"),  # Urdu words on an English page
])
def test_words_in_another_direction_keep_their_own(signed_in, session, enquiry, practitioner, tmp_path, words,
                                                   language):
    # The words are set in their own direction, so the full stop lands at their end: "again."
    # on an Urdu page, never ".again". (The PDF maker does not work a direction out by itself.)
    record_outcomes(session, enquiry, practitioner, words=words)
    person = add_adult(session, enquiry, practitioner, language=language)
    pdf = download(signed_in.client, person)
    (tmp_path / "outcomes.pdf").write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-raw", str(tmp_path / "outcomes.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    if words.startswith("I want"):
        assert "I want to stay at home again." in raw and ".I want" not in raw
    else:
        assert "۔میں" not in raw.replace(" ", "")

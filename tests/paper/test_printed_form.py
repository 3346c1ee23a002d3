"""The printed questionnaire at /paper/<code>.pdf: the questionnaire definition's own questions
and numbers, in the person's language and format, tagged, with the form code and a QR code on
every page, and only for the staff of the council that asked."""
import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from feedback_app.models import OutcomesAsked, ParticipantRole, Role
from feedback_app.models import Organisation
from feedback_app.paper.pdf import build_form, form_html
from feedback_app.paper.printed import printed_questions
from feedback_app.questionnaire import SKIP, get_survey
from feedback_app.tokens import check_character

from tests.factories import create_organisation, create_user

from .conftest import HELP_PHONE, PASSWORD, audit_events, paper_invitation, pdftotext


def council_of(session, invitation):
    return session.get(Organisation, invitation.organisation_id)


def download(client, invitation, query="", expected=200):
    response = client.get(f"/paper/{invitation.reference_code}.pdf{query}")
    assert response.status_code == expected, response.get_data(as_text=True)[:300]
    if expected == 200:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
    return response.get_data()


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(pdf: bytes, tmp_path) -> list[str]:
    return [flat(page) for page in pdftotext(pdf, tmp_path).split("\f") if page.strip()]


@pytest.mark.parametrize("role", [ParticipantRole.ADULT, ParticipantRole.REPRESENTATIVE])
@pytest.mark.parametrize("outcomes", [False, True])
def test_the_printed_questions_are_the_definitions(app, role, outcomes):
    for_representative = role == ParticipantRole.REPRESENTATIVE
    with app.test_request_context():
        survey = get_survey("msp-experience")
        printed = printed_questions(survey, for_representative=for_representative, outcomes_recorded=outcomes,
                                    translate=False)
    defined = [q for q in survey.questions if q.show_if is None or outcomes]
    assert [(p.number, p.key) for p in printed] == [(n, q.key) for n, q in enumerate(defined, start=1)]
    for question, definition in zip(printed, defined):
        assert question.text == definition.text(for_representative)
        assert question.hint == definition.hint(for_representative)
        expected = [] if definition.is_free_text else [
            (o.number, o.key, o.label(for_representative)) for o in
            (definition.options if definition.key == "consent" else definition.choices) if o.key != SKIP]
        assert [(o.number, o.key, o.label) for o in question.options] == expected


@pytest.mark.one_database
def test_the_form_prints_every_question_and_option_in_order(signed_in, session, council, tmp_path):
    invitation = paper_invitation(session, council)
    invitation.participant.enquiry.outcomes_asked = OutcomesAsked.EXPRESSED
    invitation.participant.enquiry.desired_outcomes_text = "To stay in my flat"
    session.commit()
    pdf = download(signed_in.client, invitation)
    text = flat(pdftotext(pdf, tmp_path))
    with signed_in.app.test_request_context():
        survey = get_survey("msp-experience")
        printed = printed_questions(survey, for_representative=False, outcomes_recorded=True, translate=False)
    assert len(printed) == 11
    position = 0
    for question in printed:
        position = text.index(f"Question {question.number} {question.text}", position)
        for option in question.options:
            position = text.index(f"{option.number} {option.label}", position)
    # Nothing about the case is printed: not the desired outcomes, not the word "abuse".
    assert "To stay in my flat" not in text and "abuse" not in text.lower()
    assert "Skip this question" not in text


@pytest.mark.one_database
def test_the_front_page_says_who_asks_why_how_long_and_how_to_return_it(signed_in, invitation, tmp_path):
    front = page_texts(download(signed_in.client, invitation), tmp_path)[0]
    for words in ["This form is from Northshire Council.", "You do not have to answer.",
                  "Your support will not change", "It takes about 10 minutes.", "You do not need a stamp.",
                  "Or give it to your advocate.", f"Call {HELP_PHONE}", "in another language, in large print",
                  "/p and type the form code"]:
        assert words in front, words
    assert f"Please send it back by {invitation.expires_at.day} " in front


@pytest.mark.one_database
def test_every_page_carries_the_code_and_a_qr_code_that_opens_only_the_code_page(signed_in, invitation, tmp_path):
    assert shutil.which("zbarimg"), "zbarimg is needed: apt-get install zbar-tools"
    pdf = download(signed_in.client, invitation)
    pages = page_texts(pdf, tmp_path)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) == 7
    for number, text in enumerate(pages, start=1):
        assert f"Form code {invitation.reference_code} Page {number} of 7" in text
    (tmp_path / "form.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "100", str(tmp_path / "form.pdf"), str(tmp_path / "page")], check=True)
    for image in sorted(tmp_path.glob("page-*.png")):
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True).stdout
        assert decoded.split() == ["http://127.0.0.1:5000/p"], image.name


@pytest.mark.one_database
@pytest.mark.parametrize("format", ["easy-read", "large-print"])
def test_every_version_fits_its_pages_in_every_language(signed_in, session, council, tmp_path, format):
    # The longest forms: the outcomes question included, adult and representative wordings, and
    # Welsh and Polish, whose sentences run longest. A question spilling over would leave a page
    # without the form code.
    for language in ("en", "cy", "pl", "ur", "ar"):
        for role in (ParticipantRole.ADULT, ParticipantRole.REPRESENTATIVE):
            invitation = paper_invitation(session, council, language=language, role=role)
            invitation.participant.enquiry.outcomes_asked = OutcomesAsked.EXPRESSED
            invitation.participant.enquiry.desired_outcomes_text = "To stay in my flat"
            session.commit()
            pdf = download(signed_in.client, invitation, f"?format={format}")
            pages = pdftotext(pdf, tmp_path).split("\f")[:-1]
            assert len(pages) == (7 if format == "easy-read" else 12), (language, role, len(pages))
            assert all(invitation.reference_code in page for page in pages), (language, role)


def _structure(node, found):
    node = node.get_object()
    if "/S" in node:
        found.append((str(node["/S"]), node.get("/Alt")))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
        kid = kid.get_object()
        if hasattr(kid, "get"):
            _structure(kid, found)
    return found


@pytest.mark.one_database
def test_the_pdf_is_tagged_with_a_title_a_language_and_named_qr_codes(signed_in, invitation):
    reader = PdfReader(io.BytesIO(download(signed_in.client, invitation)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en" and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Tell us about the help to stay safe"
    tags = _structure(root["/StructTreeRoot"], [])
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    assert figures == ["QR code. It opens the page where you type the form code: http://127.0.0.1:5000/p"] * 7
    assert [tag for tag, _ in tags].count("/H1") == 1 and [tag for tag, _ in tags].count("/H2") == 10
    assert "/L" in [tag for tag, _ in tags] and "/LI" in [tag for tag, _ in tags]


def _sizes(reader):
    sizes = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(
            round(abs(size * tm[3] * cm[3]), 2)) if text.strip() else None)
    return sizes


@pytest.mark.one_database
def test_large_print_is_18pt_and_above_and_easy_read_has_a_symbol_beside_everything(signed_in, session, invitation):
    pdf = download(signed_in.client, invitation, "?format=large-print")
    sizes = _sizes(PdfReader(io.BytesIO(pdf)))
    assert sizes and min(sizes) >= 18 - 0.01
    easy = download(signed_in.client, invitation, "?format=easy-read")
    assert min(_sizes(PdfReader(io.BytesIO(easy)))) >= 12 - 0.01
    with signed_in.app.test_request_context():
        printed = printed_questions(get_survey("msp-experience"), for_representative=False, outcomes_recorded=False)
        # One beside each question, each option, and six of the front page's eight paragraphs.
        beside_everything = len(printed) + sum(len(question.options) for question in printed) + 6
        for format, symbols in (("large-print", 0), ("easy-read", beside_everything)):
            form = build_form(invitation, invitation.participant, council_of(session, invitation), format=format)
            assert form_html(form).count("url('symbols/") == symbols


@pytest.mark.one_database
@pytest.mark.parametrize("language, question", [
    ("cy", "Wnaeth pobl wrando arnoch chi?"),
    ("pl", None), ("ur", None), ("ar", None),
])
def test_the_form_is_in_the_persons_language(signed_in, session, council, tmp_path, language, question):
    invitation = paper_invitation(session, council, language=language)
    pdf = download(signed_in.client, invitation)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == language
    text = flat(pdftotext(pdf, tmp_path))
    with signed_in.app.test_request_context(), __import__("flask_babel").force_locale(language):
        expected = get_survey("msp-experience").question("listened").text_translated()
    assert expected != "Did people listen to you?"
    assert flat(expected) in text or flat(expected)[::-1] in text
    if question:
        assert question == expected
    assert "Tell us about the help to stay safe" not in text and "Tick one box" not in text


@pytest.mark.one_database
@pytest.mark.parametrize("language", ["ur", "ar"])
def test_a_code_starting_with_digits_prints_in_its_own_order_on_a_right_to_left_form(
        signed_in, session, council, tmp_path, language):
    # In right-to-left text a code such as 3467-ABCJ would otherwise be drawn as ABCJ-3467, and
    # whoever keys the returned form would type what they see.
    invitation = paper_invitation(session, council, language=language)
    invitation.reference_code = "3467-ABC" + check_character("3467ABC")
    session.commit()
    pages = pdftotext(download(signed_in.client, invitation), tmp_path).split("\f")[:-1]
    assert pages and all(invitation.reference_code in page for page in pages)
    assert not any("ABC" + check_character("3467ABC") + "-3467" in page for page in pages)


@pytest.mark.one_database
def test_a_representative_gets_the_representative_wording(signed_in, session, council, tmp_path):
    invitation = paper_invitation(session, council, role=ParticipantRole.REPRESENTATIVE)
    text = flat(pdftotext(download(signed_in.client, invitation), tmp_path))
    assert "Did people listen to the person you are answering for?" in text
    assert "Did people listen to you?" not in text


def test_the_participants_format_is_the_default_and_can_be_overridden(signed_in, session, council):
    invitation = paper_invitation(session, council, format_needs=["large_print"])
    download(signed_in.client, invitation)
    download(signed_in.client, invitation, "?format=easy-read")
    download(signed_in.client, invitation, "?format=tiny", expected=404)
    # Asked for in another language, on the phone say, it is printed in that one.
    welsh = download(signed_in.client, invitation, "?format=easy-read&language=cy")
    assert PdfReader(io.BytesIO(welsh)).trailer["/Root"]["/Lang"] == "cy"
    download(signed_in.client, invitation, "?language=xx", expected=404)
    # Only in a language the council offers people.
    council.settings = {**council.settings, "languages": ["en", "cy"]}
    session.commit()
    download(signed_in.client, invitation, "?language=pl", expected=404)
    events = audit_events(session, "paper_form_downloaded")
    assert [(e.target_id, e.detail["format"], e.detail["language"]) for e in events] == [
        (invitation.id, "large-print", "en"), (invitation.id, "easy-read", "en"), (invitation.id, "easy-read", "cy")]


def test_only_staff_of_the_owning_council_get_the_form(client_request, session, council, invitation):
    response = client_request.client.get(f"/paper/{invitation.reference_code}.pdf")
    assert response.status_code == 403
    other = create_organisation(session, name="Southbay Council")
    stranger = create_user(session, other, Role.PRACTITIONER, password=PASSWORD)
    client_request.login(stranger, PASSWORD)
    assert client_request.client.get(f"/paper/{invitation.reference_code}.pdf").status_code == 404
    assert client_request.client.get("/paper/NOT-ACODE.pdf").status_code == 404
    assert audit_events(session, "paper_form_downloaded") == []


def test_the_pdf_maker_reads_only_the_forms_own_files(app, tmp_path):
    from feedback_app.paper.printing import ASSET_BASE, AssetFetcher, write_pdf

    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>secret</text></svg>')
    with app.app_context():
        from feedback_app.paper.pdf import symbols_dir

        fetcher = AssetFetcher(symbols_dir())
        assert fetcher(ASSET_BASE + "symbols/tick.svg").read().startswith(b"<svg")
        for url in (secret.as_uri(), "file:///etc/passwd", "http://127.0.0.1:9/x.png",
                    ASSET_BASE + "symbols/../../etc/passwd", ASSET_BASE + "symbols/secret.svg"):
            with pytest.raises(ValueError):
                fetcher(url)
        # Whatever a piece of data asks for, nothing outside the form's files reaches the PDF.
        html = (f'<html lang="en"><title>t</title><body><p>shown</p><img src="{secret.as_uri()}" alt="x">'
                f'<div style="background: url({secret.as_uri()})">x</div></body></html>')
        pdf = write_pdf(html, symbols_dir())
    text = pdftotext(pdf, tmp_path)
    assert "shown" in text and "secret" not in text

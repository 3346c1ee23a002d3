"""Recordings of the questions: a council's administrators upload, replace and delete them; files
are checked by what they hold and kept outside the web root; a person answering that council's
questions hears them (with ranges), and nobody else gets them."""
import io
from pathlib import Path

import pytest

from feedback_app.models import OrganisationKind, QuestionMedia, Role
from tests.auth.fixtures import PASSWORD, audit_events, fresh
from tests.factories import create_enquiry, create_invitation, create_organisation, create_participant, create_user
from tests.pages import parse

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 8
MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(200)
PAGE = "/admin/recordings/listened/cy/adult/audio"


@pytest.fixture
def council(records):
    return create_organisation(records, name="Northshire Council")


@pytest.fixture
def admin(records, council):
    return create_user(records, council, Role.ADMIN, name="Ana Admin")


@pytest.fixture
def signed_in(client_request, admin):
    client_request.login(admin, PASSWORD)
    return client_request


def _upload(signed_in, data=MP3, name="question.mp3", transcript="Did people listen to you?", page=PAGE,
            expected=302):
    files = {"transcript": transcript}
    if data is not None:
        files["file"] = (io.BytesIO(data), name)
    response = signed_in.client.post(page, data=files, content_type="multipart/form-data")
    assert response.status_code == expected, response.get_data(as_text=True)[:400]
    return response if expected == 302 else parse(response.get_data(as_text=True))


def _errors(tree) -> list[str]:
    summary = tree.find(".//div[@class='govuk-error-summary']")
    return [] if summary is None else [" ".join("".join(link.itertext()).split()) for link in summary.iter("a")]


def test_the_page_says_what_to_record_in_the_language_and_version(signed_in):
    page = signed_in.get(PAGE)
    words = page.find(".//*[@class='govuk-inset-text app-preserve-lines']")
    assert words.get("lang") == "cy"
    assert "Ie" in "".join(words.itertext())
    assert page.form_values(0)["transcript"].startswith("".join(words.itertext()).splitlines()[0])
    listing = signed_in.get("/admin/recordings")
    assert listing.find(f".//a[@href='{PAGE}']") is not None


def test_a_recording_is_kept_outside_the_web_root_and_replacing_it_removes_the_old_file(
        app, signed_in, records, council, admin):
    _upload(signed_in)
    [clip] = records.query(QuestionMedia).all()
    stored = Path(app.config["MEDIA_DIR"]) / str(council.id) / clip.stored_name
    assert stored.read_bytes() == MP3 and clip.content_type == "audio/mpeg" and clip.size == len(MP3)
    assert "static" not in stored.parts and clip.stored_name != "question.mp3"
    page = signed_in.get(PAGE)
    assert page.find(".//audio").get("src") == f"/admin/recordings/file/{clip.id}"

    _upload(signed_in, data=b"OggS" + bytes(300), name="again.ogg", transcript="Newer words")
    clip = fresh(records, clip)
    assert not stored.exists(), "the replaced file is gone"
    assert (clip.content_type, clip.transcript) == ("audio/ogg", "Newer words")
    # The transcript alone can be corrected, keeping the file.
    _upload(signed_in, data=None, transcript="Corrected words")
    assert fresh(records, clip).transcript == "Corrected words" and fresh(records, clip).content_type == "audio/ogg"
    assert [e.detail["replaced"] for e in audit_events(records, "question_media_saved")] == [False, True]

    signed_in.post(f"/admin/recordings/file/{clip.id}/delete")
    assert records.query(QuestionMedia).count() == 0
    assert list((Path(app.config["MEDIA_DIR"]) / str(council.id)).iterdir()) == []
    assert len(audit_events(records, "question_media_deleted")) == 1


@pytest.mark.parametrize("data, name, transcript, message", [
    (b"%PDF-1.7 not a recording", "question.mp3", "Words", "The file must be a recording in MP3, M4A, OGG, WAV or WebM format"),
    (b"", "question.mp3", "Words", "The file is empty"),
    (None, None, "Words", "Choose a recording to upload"),
    (MP3, "question.mp3", "   ", "Enter the transcript: every word of the recording"),
    (MP3, "question.mp3", "x" * 4001, "The transcript must be 4,000 characters or fewer"),
])
def test_a_bad_upload_is_named_and_nothing_is_kept(app, signed_in, records, data, name, transcript, message):
    page = _upload(signed_in, data=data, name=name, transcript=transcript, expected=400)
    assert _errors(page) == [message]
    assert records.query(QuestionMedia).count() == 0
    assert page.find(".//textarea[@name='transcript']").text.strip() == transcript.strip() or len(transcript) > 4000


def test_a_file_too_big_is_refused_with_the_limit(app, signed_in, records):
    app.config["MEDIA_MAX_AUDIO_BYTES"] = 1024
    page = _upload(signed_in, data=MP3 + bytes(4096), expected=400)
    assert _errors(page) == ["The file must be 0 MB or smaller"] or _errors(page)[0].startswith("The file must be")
    assert records.query(QuestionMedia).count() == 0


def test_a_bsl_video_must_be_a_video(signed_in, records):
    video_page = "/admin/recordings/listened/en/adult/bsl"
    page = _upload(signed_in, data=MP3, name="sign.mp4", page=video_page, expected=400)
    assert _errors(page) == ["The file must be a video in MP4 or WebM format"]
    _upload(signed_in, data=MP4, name="sign.mp4", page=video_page, transcript="Signed: did people listen to you?")
    assert records.query(QuestionMedia).one().content_type == "video/mp4"


def test_only_the_councils_own_languages_and_questions_have_pages(signed_in, records, council):
    council.settings = {"languages": ["en"]}
    records.commit()
    for path in ("/admin/recordings/listened/cy/adult/audio", "/admin/recordings/nothing/en/adult/audio",
                 "/admin/recordings/listened/en/someone/audio", "/admin/recordings/listened/en/adult/film"):
        signed_in.get(path, expected_status=404, check=False)


def test_another_councils_files_are_not_found(app, signed_in, records, client_request):
    _upload(signed_in)
    clip = records.query(QuestionMedia).one()
    other = create_organisation(records, name="Southbay Council")
    signed_in.client.get("/logout")
    client_request.login(create_user(records, other, Role.ADMIN), PASSWORD)
    client_request.get(f"/admin/recordings/file/{clip.id}", expected_status=404, check=False)
    client_request.post(f"/admin/recordings/file/{clip.id}/delete", expected_status=404, check=False)
    service = create_organisation(records, kind=OrganisationKind.ADVOCACY)
    signed_in.client.get("/logout")
    client_request.login(create_user(records, service, Role.ADMIN), PASSWORD)
    client_request.get("/admin/recordings", expected_status=403, check=False)


def test_the_person_hears_the_recording_in_parts_and_nobody_else_gets_it(app, signed_in, records, council):
    _upload(signed_in, page="/admin/recordings/listened/cy/adult/audio")
    clip = records.query(QuestionMedia).one()
    with app.app_context():
        participant = create_participant(records, create_enquiry(records, council), language="cy")
        _, token = create_invitation(records, participant)
    person = app.test_client()
    assert person.get(f"/questionnaire/media/{clip.id}").status_code == 404, "no questionnaire open"
    person.get(f"/s/{token}")
    page = parse(person.get("/questionnaire/q/listened").get_data(as_text=True))
    assert page.find(".//audio").get("src") == f"/questionnaire/media/{clip.id}"
    assert "Did people listen to you?" in "".join(page.find(".//details").itertext())
    assert page.find(".//*[@data-listen]") is None, "the council's own recording instead of the browser's voice"
    part = person.get(f"/questionnaire/media/{clip.id}", headers={"Range": "bytes=0-9"})
    assert (part.status_code, part.data, part.headers["Content-Type"]) == (206, MP3[:10], "audio/mpeg")
    # In English there is no recording: the browser's voice is offered instead.
    english = parse(person.get("/questionnaire/q/listened?lang=en").get_data(as_text=True))
    assert english.find(".//audio") is None and english.find(".//*[@data-listen]") is not None

    # A person answering another council's questions does not get it.
    other = create_organisation(records, name="Southbay Council")
    with app.app_context():
        _, other_token = create_invitation(records, create_participant(records, create_enquiry(records, other)))
    stranger = app.test_client()
    stranger.get(f"/s/{other_token}")
    assert stranger.get(f"/questionnaire/media/{clip.id}").status_code == 404


def test_a_recording_larger_than_other_uploads_may_be_is_accepted(app, signed_in, records):
    # Other forms take at most 2 MB; a recording may be as large as MEDIA_MAX_AUDIO_MB.
    big = MP3 + bytes(3 * 1024 * 1024)
    assert len(big) > app.config["MAX_CONTENT_LENGTH"]
    _upload(signed_in, data=big)
    assert records.query(QuestionMedia).one().size == len(big)
    app.config["MEDIA_MAX_AUDIO_BYTES"] = 2 * 1024 * 1024
    page = _upload(signed_in, data=big + bytes(1024 * 1024), expected=400)
    assert _errors(page) == ["The file must be 2 MB or smaller"]


def test_a_file_gone_from_the_disk_is_not_found_rather_than_an_error(app, signed_in, records, council):
    _upload(signed_in)
    clip = records.query(QuestionMedia).one()
    (Path(app.config["MEDIA_DIR"]) / str(council.id) / clip.stored_name).unlink()
    signed_in.get(f"/admin/recordings/file/{clip.id}", expected_status=404, check=False)
    with app.app_context():
        _, token = create_invitation(records, create_participant(records, create_enquiry(records, council)))
    person = app.test_client()
    person.get(f"/s/{token}")
    assert person.get(f"/questionnaire/media/{clip.id}").status_code == 404

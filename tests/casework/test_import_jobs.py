"""A long import runs beside the web request: the page shows how far it has got, a restart picks
it up where it stopped, and the results read as for a short one."""
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from feedback_app.casework import import_jobs, import_views
from feedback_app.models import Enquiry, ImportJob, Role, utcnow
from tests.factories import create_organisation, create_user

from .conftest import PASSWORD, reload
from .test_import import _lines_table, _upload, csv_bytes, line

LONG = csv_bytes(*(line(reference=f"NS-{2000 + number}") for number in range(6)),
                 line(reference="NS-2000"),  # the first line's reference again, further down
                 line(reference="NS-2099", closed=""))


@pytest.fixture
def small_limits(monkeypatch, app):
    monkeypatch.setattr(import_views, "INLINE_LINES", 3)
    monkeypatch.setattr(import_jobs, "CHUNK_LINES", 2)
    app.config["IMPORT_IN_BACKGROUND"] = False


def _start(signed_in):
    page = signed_in.post("/casework/import", _upload(LONG), expected_status=200)
    response = signed_in.client.post("/casework/import", data=page.form_values())
    assert response.status_code == 303
    return response.headers["Location"]


def test_a_long_file_is_imported_beside_the_request_with_its_progress_shown(
        signed_in, session, council, small_limits):
    address = _start(signed_in)
    [job] = session.scalars(select(ImportJob)).all()
    assert address == f"/casework/import/{job.id}" and job.status == "waiting"
    page = signed_in.get(address)
    assert page.h1 == "Importing enquiries" and "0 of 8 lines done" in page.text
    assert signed_in.client.get(f"{address}/progress.json").json == {
        "done_lines": 0, "total_lines": 8, "finished": False}
    assert session.scalars(select(Enquiry)).all() == []

    assert import_jobs.run_import(session, job.id)
    page = signed_in.get(address)
    assert "6 created, 0 updated, 0 unchanged, 2 refused" in page.text
    table = _lines_table(page)
    assert [row[:2] for row in table][:2] == [["2", "Created"], ["3", "Created"]]
    assert "This case reference is also on line 2" in table[6][2]
    assert "Enter the date the enquiry closed" in table[7][2]
    assert len(reload(session) or session.scalars(select(Enquiry)).all()) == 6
    job = session.get(ImportJob, job.id, populate_existing=True)
    assert job.content is None and job.done_lines == 8  # the file is not kept once imported


def test_the_import_runs_in_a_thread_of_its_own(signed_in, session, council, small_limits, app):
    app.config["IMPORT_IN_BACKGROUND"] = True
    address = _start(signed_in)
    for _ in range(100):
        if signed_in.client.get(f"{address}/progress.json").json["finished"]:
            break
        time.sleep(0.1)
    assert "6 created" in signed_in.get(address).text


def test_an_import_stopped_part_way_is_finished_by_the_jobs_runner(signed_in, session, council, small_limits):
    address = _start(signed_in)
    job_id = int(address.rsplit("/", 1)[1])
    # A first chunk done, then the process stopped.
    job = session.get(ImportJob, job_id)
    job.status, job.moved_at = "running", utcnow() - timedelta(minutes=30)
    session.commit()
    assert import_jobs.resume_stalled_imports(session) == 1
    assert "6 created, 0 updated, 0 unchanged, 2 refused" in signed_in.get(address).text
    # Run again: nothing more to do, and nothing made twice.
    assert import_jobs.resume_stalled_imports(session) == 0
    assert len(session.scalars(select(Enquiry)).all()) == 6


def test_a_job_that_is_still_moving_is_left_to_whoever_runs_it(session, council, practitioner):
    job = import_jobs.start_import(session, council, LONG.decode(), 8, practitioner)
    job.status, job.moved_at = "running", utcnow()
    session.commit()
    assert import_jobs.resume_stalled_imports(session) == 0
    assert not import_jobs.run_import(session, job.id)


def test_another_council_cannot_see_the_import(signed_in, client_request, session, council, small_limits):
    address = _start(signed_in)
    other = create_user(session, create_organisation(session, name="Southshire Council"), Role.PRACTITIONER,
                        password=PASSWORD)
    client_request.login(other, PASSWORD)
    assert client_request.client.get(address).status_code == 404
    assert client_request.client.get(f"{address}/progress.json").status_code == 404

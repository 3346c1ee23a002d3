"""The W3C Nu HTML checker finds no errors on the comment pages, in any state."""
import json
import shutil
import subprocess

from sqlalchemy import select

from feedback_app.models import CommentTheme
from tests.test_html_validity import VNU

from .conftest import review_of, write_comment


def _pages(signed_in, session, council):
    responses = [write_comment(session, council, f"Comment {n}: ring 07700900123, from Ann.\nSecond line")
                 for n in range(26)]
    welsh = write_comment(session, council, "Diolch i Ann", language="cy")
    urdu = write_comment(session, council, "شکریہ Ann", language="ur")
    yield "list", signed_in.client.get("/reports/comments/?quarter=2025-26-q2")
    first, second = review_of(session, responses[0]), review_of(session, responses[1])
    theme = session.scalar(select(CommentTheme).where(CommentTheme.organisation_id == council.id).limit(1))
    signed_in.client.post(f"/reports/comments/{second.id}", data={"decision": "approved", "themes": [theme.id],
                                                                 "text": "[removed]"})
    for language in ("en", "cy", "ar"):
        yield f"list {language}", signed_in.client.get(f"/reports/comments/?quarter=2025-26-q2&page=2&lang={language}")
        yield f"pending {language}", signed_in.client.get(f"/reports/comments/{first.id}")
        yield f"approved {language}", signed_in.client.get(f"/reports/comments/{second.id}")
        yield f"welsh comment {language}", signed_in.client.get(f"/reports/comments/{review_of(session, welsh).id}")
        yield f"urdu comment {language}", signed_in.client.get(f"/reports/comments/{review_of(session, urdu).id}")
        yield f"themes {language}", signed_in.client.get("/reports/comments/themes")
        yield f"theme {language}", signed_in.client.get(f"/reports/comments/themes/{theme.id}")
    yield "filtered", signed_in.client.get(f"/reports/comments/?quarter=2025-26-q2&status=approved&theme={theme.id}")
    yield "empty", signed_in.client.get("/reports/comments/?quarter=2024-25-q1")
    yield "bad quarter", signed_in.client.get("/reports/comments/?quarter=soon")
    yield "review errors", signed_in.client.post(f"/reports/comments/{first.id}", data={"text": "Made up words"})
    yield "theme error", signed_in.client.post("/reports/comments/themes", data={"add-label": ""})
    yield "words error", signed_in.client.post("/reports/comments/themes", data={"words-words": "x" * 90})
    signed_in.client.post(f"/reports/comments/themes/{theme.id}/active", data={"active": "no"})
    yield "retired theme", signed_in.client.get(f"/reports/comments/themes/{theme.id}")
    yield "rename error", signed_in.client.post(f"/reports/comments/themes/{theme.id}", data={"label": ""})


def test_comment_pages_are_valid_html(signed_in, session, council, tmp_path):
    assert shutil.which("java"), "Java is needed for the HTML checker: apt-get install default-jre-headless"
    assert VNU.exists(), f"{VNU} is missing: run `npm ci`"
    files = {}
    for index, (name, response) in enumerate(_pages(signed_in, session, council)):
        assert response.status_code == 200, (name, response.status_code)
        path = tmp_path / f"page{index}.html"
        path.write_bytes(response.get_data())
        files[str(path)] = name
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [f"{files.get(m.get('url', '').replace('file:', ''), m.get('url'))}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []

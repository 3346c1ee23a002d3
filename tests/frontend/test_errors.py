"""Error pages: real pages in the person's language, never a stack trace; JSON for APIs."""
from __future__ import annotations

import logging

import pytest

from feedback_app import errors


@pytest.mark.parametrize("code, heading", [
    (400, "Sorry, something went wrong"),
    (403, "You cannot see this page"),
    (404, "Page not found"),
    (413, "What you sent was too big"),
    (429, "Too many attempts"),
    (500, "Sorry, there is a problem with the service"),
    (410, "Sorry, something went wrong"),
    (503, "Sorry, there is a problem with the service"),
])
def test_error_pages(client_request, code, heading):
    page = client_request.get(f"/test/abort/{code}", expected_status=code)
    assert page.h1 == heading
    assert page.title == f"{heading} – Safeguarding feedback"


def test_unknown_page(client_request):
    page = client_request.get("/no/such/page", expected_status=404)
    assert page.h1 == "Page not found"
    assert "If you typed the web address, check it is correct." in page.text


def test_welsh_404_has_welsh_language(client_request):
    page = client_request.get("/no/such/page?lang=cy", expected_status=404, expected_lang="cy")
    assert page.tree.get("dir") == "ltr"


def test_urdu_404_is_right_to_left(client_request):
    page = client_request.get("/no/such/page?lang=ur", expected_status=404, expected_lang="ur")
    assert page.tree.get("dir") == "rtl"


def test_too_many_attempts(client_request):
    page = client_request.get("/test/abort/429", expected_status=429)
    assert "Wait a minute and try again." in page.text


def test_method_not_allowed_keeps_allow_header(client_request):
    page = client_request.post("/test/plain", expected_status=405)
    assert page.h1 == "Sorry, that did not work"
    assert "GET" in page.response.headers["Allow"]


def test_csrf_failure_is_a_friendly_page(client_request):
    page = client_request.post("/test/form", data={"name": "Sam"}, expected_status=400)
    assert page.h1 == "This form was out of date"
    assert "Your answers have not been lost; please try again." in page.text
    back = page.find(".//main//a")
    assert back.get("href") == "/test/form"
    assert back.text == "Go back to the form"


def test_csrf_failure_keeps_language(client_request):
    client_request.get("/test/plain?lang=cy")
    client_request.post("/test/form", data={"name": "Sam"}, expected_status=400, expected_lang="cy")


def test_request_too_large(app, client_request):
    app.config["MAX_CONTENT_LENGTH"] = 100
    page = client_request.post("/test/form", data={"name": "x" * 500}, expected_status=413)
    assert page.h1 == "What you sent was too big"


def test_unhandled_exception_shows_no_traceback_and_is_logged(app, client_request, caplog):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        page = client_request.get("/test/boom?lang=ur", expected_status=500, expected_lang="ur")
    with app.test_request_context("/?lang=ur"):
        from flask_babel import gettext

        assert page.h1 == gettext("Sorry, there is a problem with the service") != "Sorry, there is a problem with the service"
    for leak in ("Traceback", "RuntimeError", "secret detail", "File \"", "line "):
        assert leak not in page.html
    logged = [record for record in caplog.records if record.exc_info]
    assert logged, "the exception was not logged"
    assert "secret detail 8731" in str(logged[0].exc_info[1])


def test_broken_error_template_falls_back_to_a_plain_page(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template trouble")

    monkeypatch.setattr(errors, "render_template", broken)
    response = client.get("/no/such/page?lang=cy")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert '<html lang="cy" dir="ltr">' in html
    assert "<h1>" in html
    assert "template trouble" not in html


@pytest.mark.parametrize("path, status", [
    ("/api/test/abort/404", 404),
    ("/api/no-such-thing", 404),
    ("/api/test/abort/403", 403),
    ("/api/test/abort/429", 429),
])
def test_api_errors_are_json(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.is_json
    assert set(response.get_json()) == {"error"}
    assert response.get_json()["error"]


def test_api_too_many_attempts_message(client):
    response = client.get("/api/test/abort/429")
    assert response.get_json() == {"error": "Too many attempts. Wait a minute and try again."}


def test_api_unhandled_exception_is_json_without_detail(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/api/test/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.get_data(as_text=True)
    assert response.get_json()["error"]


def test_json_when_the_client_accepts_only_json(client):
    response = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json() == {"error": "Page not found."}


def test_html_for_browsers(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/no/such/page", headers={"Accept": accept})
    assert response.mimetype == "text/html"


def test_csrf_failure_as_json(client):
    response = client.post("/api/test/echo", data={"x": "1"})
    assert response.status_code == 400
    assert response.get_json() == {
        "error": "This form was out of date. Your answers have not been lost; please try again."
    }


def test_rate_limit_from_the_limiter(rate_limited_app):
    client = rate_limited_app.test_client()
    assert client.get("/test/limited").status_code == 200
    response = client.get("/test/limited?lang=cy")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert '<html lang="cy"' in html
    assert "Arhoswch funud" in html
    assert "1 per 1 minute" not in html
    assert response.headers.get("Retry-After")

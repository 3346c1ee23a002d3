"""Save as you go: leaving, coming back, double submits, back buttons and two tabs lose nothing."""
from sqlalchemy import func, select

from feedback_app.models import Answer

from .conftest import answer


def _count(session):
    session.expire_all()
    return session.scalar(select(func.count(Answer.id)))


def test_leave_and_resume_on_another_device(app, client_request, session, invited):
    client_request.client.get(invited.link)
    answer(client_request.client, "consent", "yes")
    answer(client_request.client, "who", "adult")
    assert client_request.client.get("/questionnaire/stop").status_code == 200
    # The first browser has forgotten the link ...
    assert client_request.client.get("/questionnaire").status_code == 404
    # ... and a different device opening the same link carries on where the person stopped.
    other = app.test_client()
    other.get(invited.link)
    assert other.get("/questionnaire").headers["Location"] == "/questionnaire/q/listened"


def test_double_submit_and_refresh_keep_one_answer(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    answer(client, "consent", "yes")
    for _ in range(3):
        assert answer(client, "who", "adult").status_code == 302
    assert _count(session) == 2


def test_back_button_shows_the_answer_given_and_changing_it_replaces_it(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    answer(client, "consent", "yes")
    answer(client, "who", "adult")
    answer(client, "listened", "a_bit")
    page = client_request.get("/questionnaire/q/listened", allow_checked_radios=True)
    assert page.by_id("answer-a_bit").get("checked") is not None
    assert page.find(".//a[@class='govuk-back-link']").get("href") == "/questionnaire/q/who"
    answer(client, "listened", "yes")
    assert _count(session) == 3
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "listened")) == "yes"


def test_two_tabs_answering_the_same_question_keep_one_answer(app, session, invited):
    first, second = app.test_client(), app.test_client()
    first.get(invited.link)
    second.get(invited.link)
    answer(first, "consent", "yes")
    answer(second, "consent", "yes")
    answer(first, "who", "adult")
    answer(second, "who", "adult_with_help")
    assert _count(session) == 2
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "who")) == "adult_with_help"


def test_change_links_return_to_check_your_answers(client_request, invited):
    from .test_questionnaire import _answer_all

    client = client_request.client
    client.get(invited.link)
    _answer_all(client)
    check = client_request.get("/questionnaire/check")
    change = [a.get("href") for a in check.findall(".//a") if "change=1" in (a.get("href") or "")]
    assert "/questionnaire/q/listened?change=1" in change
    page = client_request.get("/questionnaire/q/listened?change=1", allow_checked_radios=True)
    assert page.find(".//a[@class='govuk-back-link']").get("href") == "/questionnaire/check"
    response = answer(client, "listened", "no", change="1")
    assert response.headers["Location"] == "/questionnaire/check"


def test_switching_language_keeps_the_place_and_the_answers(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    answer(client, "consent", "yes")
    answer(client, "who", "adult")
    page = client_request.get("/questionnaire/q/listened?lang=cy", expected_lang="cy")
    assert page.lang == "cy"
    assert client.get("/questionnaire").headers["Location"] == "/questionnaire/q/listened"
    assert _count(session) == 2


def test_a_file_still_arriving_from_the_page_before_cannot_undo_the_session(app, session, invited):
    """On a slow phone a symbol from the previous page can arrive after the next page has set
    the session (with its form token). Files never send the session cookie back, so that late
    file cannot put back the older session and have the answer refused as out of date."""
    client = app.test_client()
    client.get(invited.link)
    assert client.get("/questionnaire").status_code == 200
    before = client.get_cookie("session").value
    page = client.get("/questionnaire/q/consent")
    assert page.headers.getlist("Set-Cookie"), "a page still refreshes the session"
    # The start page's files, sent with the session as it was before the question page.
    late = app.test_client()
    late.set_cookie("session", before)
    for path in ("/symbols/tick.svg", "/assets/app.css", "/assets/app.js", "/assets/favicon.svg"):
        response = late.get(path)
        assert response.status_code == 200, path
        assert not response.headers.getlist("Set-Cookie"), path
    assert answer(client, "consent", "yes").headers["Location"] == "/questionnaire/q/who"

"""Tampered or broken answers get a clear message on the same page, and nothing is written."""
import pytest
from sqlalchemy import func, select

from feedback_app.models import Answer
from tests.conftest import make_test_app

from .conftest import answer


def _count(session):
    session.expire_all()
    return session.scalar(select(func.count(Answer.id)))


@pytest.fixture
def started(client_request, invited):
    client_request.client.get(invited.link)
    answer(client_request.client, "consent", "yes")
    answer(client_request.client, "who", "adult")
    return invited


@pytest.mark.parametrize("data, message", [
    ({"question": "listened", "answer": "definitely"}, "Choose one of the answers on this page"),
    ({"question": "listened"}, "Choose an answer, or choose ‘Skip this question’"),
    ({"question": "favourite_colour", "answer": "yes"}, "This page was out of date"),
])
def test_tampered_choices(client_request, session, started, data, message):
    # The person's own choice, if any, is shown again so nothing has to be redone.
    page = client_request.post("/questionnaire/q/listened", data=data, expected_status=200,
                               allow_checked_radios=True)
    assert page.title.startswith("Error: ")
    assert message in " ".join(page.error_messages())
    assert page.error_messages() and page.find(".//a[@href='#answer-yes']") is not None
    assert _count(session) == 2


def test_text_sent_with_a_choice_question_is_not_stored(client, session, started):
    assert answer(client, "listened", "yes", text="sneaky").status_code == 302
    session.expire_all()
    stored = session.scalar(select(Answer).where(Answer.question_key == "listened"))
    assert stored.choice_key == "yes" and stored.free_text is None


def test_a_question_from_another_survey_is_not_a_page(client, started):
    assert client.get("/questionnaire/q/favourite_colour").headers["Location"] == "/questionnaire"


def _to_own_words(client):
    for key, choice in [("listened", "yes"), ("involved", "yes"), ("respect", "yes"), ("safer", "yes"),
                        ("happy_now", "yes"), ("contact_safety", "no"), ("quote_ok", "no")]:
        answer(client, key, choice)


def test_oversized_text_keeps_what_was_typed(client_request, session, started):
    _to_own_words(client_request.client)
    long_text = "I want to say " + "a lot " * 400
    page = client_request.post("/questionnaire/q/own_words", data={"question": "own_words", "text": long_text},
                               expected_status=200)
    assert "too long" in page.error_messages()[0]
    assert page.by_id("text").text == long_text
    assert _count(session) == 9


def test_unreadable_text_is_refused(client, client_request, session, started):
    _to_own_words(client)
    response = client.post("/questionnaire/q/own_words", data=b"question=own_words&text=caf%C3%A9%FF%FE",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "could not be read" in response.get_data(as_text=True)
    assert _count(session) == 9


def test_a_missing_csrf_token_shows_the_same_page_and_keeps_answers(database_url, session, invited):
    app = make_test_app(database_url, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.get(invited.link)
    page = client.get("/questionnaire/q/consent").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert answer(client, "consent", "yes", csrf_token=token).status_code == 302
    response = answer(client, "who", "adult")
    assert response.status_code == 200
    assert "This page was out of date" in response.get_data(as_text=True)
    assert _count(session) == 1
    response = answer(client, "who", "adult", csrf_token="stale-token")
    assert response.status_code == 200 and _count(session) == 1
    app.extensions["database_engine"].dispose()

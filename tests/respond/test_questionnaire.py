"""The whole questionnaire through its pages, as a person would answer it."""
import pytest
from sqlalchemy import func, select

from feedback_app.consent import consent_state
from feedback_app.models import (
    Alert, AlertKind, Answer, ConsentState, Invitation, InvitationStatus, ParticipantRole, Response,
    ResponseStatus,
)

from .conftest import answer

ROUTE = [
    ("consent", "yes"), ("who", "adult"), ("listened", "yes"), ("involved", "a_bit"), ("respect", "yes"),
    ("safer", "no"), ("happy_now", "skip"), ("contact_safety", "no"), ("quote_ok", "yes"),
]


def _answer_all(client, route=ROUTE, own_words="Thank you"):
    for key, choice in route:
        response = answer(client, key, choice)
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:300])
    return answer(client, "own_words", text=own_words)


def _responses(session):
    session.expire_all()
    return session.scalars(select(Response)).all()


def test_start_page_says_who_is_asking_and_what_happens(client_request, invited):
    client_request.client.get(invited.link)
    page = client_request.get("/questionnaire")
    assert page.h1 == "Tell us what you think"
    text = page.text
    assert "Northshire County Council" in text
    # What happens to the answers, as it is: shared without the person's name, words quoted only
    # with what could identify them taken out; never "nobody will know".
    assert "We share your answers without your name" in text and "take out anything that could show who" in text
    assert "Nobody will know" not in text
    assert "in danger" in text and "get in touch" in text
    assert "10 minutes" in text
    assert "stop at any time" in text
    # The tab names no council and no safeguarding.
    assert "Northshire" not in page.title and "afeguard" not in page.title
    assert page.find(".//*[@class='govuk-exit-this-page']") is not None


def test_a_person_answers_every_question_checks_and_sends(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    first = client_request.get("/questionnaire/q/consent")
    assert first.h1 == "Do you want to answer some questions?"
    labels = [" ".join(label.itertext()).split() for label in first.findall(".//label")]
    # Words, not the numbers printed on paper and used by text.
    assert ["Yes,", "I", "want", "to", "answer"] == labels[0]
    # Agreeing to answer needs yes, not now or no: no "Skip", no "I'd rather not say".
    assert [" ".join(words) for words in labels] == [
        "Yes, I want to answer", "Not now. Ask me another time", "No, I do not want to answer"]
    refused = client_request.post("/questionnaire/q/consent", data={"question": "consent"}, expected_status=200)
    assert refused.error_messages() == ["Choose one of the answers: yes, not now, or no"]
    assert _answer_all(client).headers["Location"] == "/questionnaire/check"

    check = client_request.get("/questionnaire/check")
    assert check.h1 == "Check your answers"
    rows = check.findall(".//div[@class='govuk-summary-list__row']")
    assert len(rows) == 9  # every question asked but the agreement to take part
    assert "You skipped this question" in check.text and "Thank you" in check.text
    # Each chosen answer shows its picture beside its words; words typed in have none.
    pictures = [[img.get("src").rsplit("/", 1)[-1] for img in row.iter("img")] for row in rows]
    assert pictures == [["person.svg"], ["face-happy.svg"], ["face-in-between.svg"], ["face-happy.svg"],
                        ["face-sad.svg"], ["skip.svg"], ["cross.svg"], ["tick.svg"], []]
    assert all(img.get("alt") == "" for row in rows for img in row.iter("img"))

    sent = client.post("/questionnaire/check")
    assert sent.headers["Location"] == "/questionnaire/sent"
    confirmation = client_request.get("/questionnaire/sent")
    assert confirmation.h1 == "Your answers have been sent"
    assert "What happens next" in confirmation.text
    assert "0300 123 4567" in confirmation.text
    assert "Someone will get in touch" not in confirmation.text
    shown = [img.get("src").rsplit("/", 1)[-1] for img in confirmation.findall(".//img")]
    assert {"together.svg", "private.svg", "phone.svg"} <= set(shown) and "tell-council.svg" not in shown

    [response] = _responses(session)
    assert response.status == ResponseStatus.SUBMITTED and response.submitted_at
    assert session.get(Invitation, invited.invitation.id).status == InvitationStatus.COMPLETED
    assert session.scalar(select(func.count(Answer.id))) == 10
    # Once sent, the link no longer opens the answers and nothing more can be written.
    assert client.get(invited.link).status_code == 404
    assert answer(client, "listened", "no").status_code == 404
    assert session.scalar(select(Answer.choice_key).where(Answer.question_key == "listened")) == "yes"


def test_a_safety_answer_reaches_the_duty_desk_and_the_person_is_told(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    route = [(k, "yes" if k == "contact_safety" else c) for k, c in ROUTE]
    _answer_all(client, route, own_words="Please ring me")
    # The alert is raised when the answer is saved, before the answers are sent.
    assert [a.kind for a in session.scalars(select(Alert))] == [AlertKind.SAFETY_REQUEST]
    client.post("/questionnaire/check")
    page = client_request.get("/questionnaire/sent")
    assert "Someone will get in touch" in page.text
    assert "tell-council.svg" in {img.get("src").rsplit("/", 1)[-1] for img in page.findall(".//img")}


def test_not_now_and_no_are_recorded_and_respected(client_request, session, make_invited):
    later, declined = make_invited(), make_invited()
    client = client_request.client
    client.get(later.link)
    assert answer(client, "consent", "not_now").headers["Location"] == "/questionnaire/closed"
    assert client_request.get("/questionnaire/closed").h1 == "That is fine"
    assert consent_state(session, later.participant.id) == ConsentState.LATER
    # "Not now" leaves the link usable, so the person can come back by choice.
    assert client.get(later.link).status_code == 302

    client.get(declined.link)
    answer(client, "consent", "no")
    assert client_request.get("/questionnaire/closed").h1 == "Thank you for telling us"
    assert consent_state(session, declined.participant.id) == ConsentState.DECLINED
    session.expire_all()
    assert session.get(Invitation, declined.invitation.id).status == InvitationStatus.CANCELLED
    assert client.get(declined.link).status_code == 404


def test_representatives_get_their_own_wording(client_request, make_invited):
    invited = make_invited(role=ParticipantRole.REPRESENTATIVE)
    client = client_request.client
    client.get(invited.link)
    answer(client, "consent", "yes")
    answer(client, "who", "representative")
    assert client_request.get("/questionnaire/q/listened").h1 == "Did people listen to the person you are answering for?"


def test_an_adult_link_answered_by_someone_else_switches_wording(client_request, invited):
    client = client_request.client
    client.get(invited.link)
    answer(client, "consent", "yes")
    assert client_request.get("/questionnaire/q/listened").h1 == "Did people listen to you?"
    answer(client, "who", "representative")
    assert client_request.get("/questionnaire/q/listened").h1 == "Did people listen to the person you are answering for?"


def test_outcomes_review_only_when_outcomes_were_recorded(client_request, make_invited):
    with_outcomes = make_invited(outcomes="To see my grandson again")
    client = client_request.client
    client.get(with_outcomes.link)
    for key, choice in ROUTE[:7]:
        response = answer(client, key, choice)
    assert response.headers["Location"] == "/questionnaire/q/outcomes_review"
    page = client_request.get("/questionnaire/q/outcomes_review")
    assert "To see my grandson again" in page.text

    without = make_invited()
    client.get(without.link)
    for key, choice in ROUTE[:7]:
        response = answer(client, key, choice)
    assert response.headers["Location"] == "/questionnaire/q/contact_safety"
    assert client.get("/questionnaire/q/outcomes_review").headers["Location"] == "/questionnaire"


def test_the_browser_tab_never_shows_what_a_question_asks(client_request, invited):
    client = client_request.client
    client.get(invited.link)
    for key, choice in ROUTE[:7]:
        answer(client, key, choice)
    page = client_request.get("/questionnaire/q/contact_safety")
    assert "safety" in page.h1
    assert page.title == "Question 8 of 10 – Your views"


def test_an_empty_free_text_answer_counts_as_skipped(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    for key, choice in ROUTE:
        answer(client, key, choice)
    # The page says "You do not have to write anything": Continue with nothing written moves on.
    response = answer(client, "own_words", text="   ")
    assert response.headers["Location"] == "/questionnaire/check"
    session.expire_all()
    stored = session.scalar(select(Answer).where(Answer.question_key == "own_words"))
    assert (stored.choice_key, stored.free_text) == ("skip", None)


def test_changing_an_answer_from_the_check_page_comes_straight_back(client_request, session, invited):
    client = client_request.client
    client.get(invited.link)
    _answer_all(client)
    check = client_request.get("/questionnaire/check")
    change_link = next(a.get("href") for a in check.findall(".//a") if "/q/listened" in (a.get("href") or ""))
    assert change_link.endswith("change=1")
    page = client_request.get(change_link, allow_checked_radios=True)
    assert page.find(".//input[@name='change']").get("value") == "1"
    back = client.post("/questionnaire/q/listened", data={"question": "listened", "answer": "no", "change": "1"})
    assert back.headers["Location"] == "/questionnaire/check"
    # A question on the route with no answer (as when a change opens one) is asked first, then back.
    session.execute(Answer.__table__.delete().where(Answer.question_key == "safer"))
    session.commit()
    asked = client.post("/questionnaire/q/listened", data={"question": "listened", "answer": "yes", "change": "1"})
    assert asked.headers["Location"] == "/questionnaire/q/safer?change=1"
    assert client.get("/questionnaire/check").headers["Location"].endswith("/questionnaire/q/safer")
    done = client.post("/questionnaire/q/safer", data={"question": "safer", "answer": "yes", "change": "1"})
    assert done.headers["Location"] == "/questionnaire/check"
    # Coming back later goes to the check page, not through the questions again.
    assert client.get("/questionnaire").headers["Location"] == "/questionnaire/check"


def test_someone_who_asked_about_their_safety_is_told_when_and_how_they_will_hear(client_request, session, invited):
    from feedback_app.models import ContactKind, ContactPoint, Organisation, Role, utcnow
    from tests.factories import create_user

    invitation = session.get(Invitation, invited.invitation.id)
    council = session.get(Organisation, invitation.organisation_id)
    council.settings = {**(council.settings or {}), "safety_callback_hours": 4}
    checker = create_user(session, council, Role.PRACTITIONER)
    session.add(ContactPoint(organisation_id=council.id, participant_id=invitation.participant_id,
                             kind=ContactKind.PHONE, value="+447400123456", is_private=True,
                             safe_checked_by_id=checker.id, safe_checked_at=utcnow()))
    session.commit()
    client = client_request.client
    client.get(invited.link)
    route = [(key, "yes" if key == "contact_safety" else choice) for key, choice in ROUTE]
    _answer_all(client, route=route)
    client.post("/questionnaire/check")
    page = client_request.get("/questionnaire/sent")
    assert "They will get in touch with you within 4 hours." in page.text
    assert "They will phone you on the number you said is safe." in page.text
    assert "We share your answers without your name." in page.text


@pytest.mark.parametrize("setting, may_name_council, shown", [
    (True, True, True), (True, False, False), (False, True, False)])
def test_the_first_page_can_say_when_the_help_ended_and_who_the_worker_was(client_request, session, invited, setting,
                                                                           may_name_council, shown):
    from datetime import date

    from feedback_app.models import Channel, ContactKind, ContactPoint, Enquiry, Organisation, Role, utcnow
    from tests.factories import create_user

    council = session.get(Organisation, invited.council.id)
    council.settings = {**council.settings, "orientation": setting}
    worker = create_user(session, council, Role.PRACTITIONER, name="Sam Okafor")
    enquiry = session.get(Enquiry, invited.enquiry.id)
    enquiry.lead_user_id, enquiry.closed_on = worker.id, date(2026, 10, 14)
    session.get(Invitation, invited.invitation.id).channel = Channel.SMS
    session.add(ContactPoint(organisation_id=council.id, participant_id=invited.participant.id,
                             kind=ContactKind.PHONE, value="+447400123456", is_private=True,
                             may_name_council=may_name_council, safe_checked_by_id=worker.id,
                             safe_checked_at=utcnow()))
    session.commit()
    client_request.client.get(invited.link)
    page = client_request.get("/questionnaire")
    assert ("The help ended in October 2026." in page.text) is shown
    assert ("Sam was your worker." in page.text) is shown
    assert "Okafor" not in page.text

"""An alert's page: what was said, who said it, and how to reach them safely."""
from sqlalchemy import select, text

from feedback_app.duty.display import highlight
from feedback_app.pagination import page_numbers
from feedback_app.models import AuditEvent, Channel, Participant, Response
from feedback_app.answers import erase_response

from .conftest import raise_alerts, reload


def _summary(page):
    """Every summary list row on the page, key to value."""
    rows = {}
    for row in page.findall(".//div[@class='govuk-summary-list__row']"):
        key, value = row.find("dt"), row.find("dd")
        rows[" ".join("".join(key.itertext()).split())] = " ".join("".join(value.itertext()).split())
    return rows


def test_worrying_words_are_shown_with_the_phrase_marked(desk, session, council, duty_user):
    safety, flagged = raise_alerts(session, council, reference="REF-4410", checked_by=duty_user)
    page = desk.get(f"/duty/alerts/{flagged.id}")
    assert page.h1 == "Worrying words in an answer"
    quote = page.find(".//div[@class='govuk-inset-text']")
    assert "".join(quote.itertext()).split() == ["He", "still", "hits", "me"]
    assert [mark.text for mark in quote.iter("mark")] == ["hits me"]
    assert quote.get("lang") == "en"
    assert "Words that raised the alert: hits me" in page.text
    assert "Tell us in your own words" in page.text
    assert "Open" in page.find(".//strong[@class='govuk-tag govuk-tag--red']").text


def test_the_contact_details_are_decrypted_with_their_safety_check(desk, session, council, duty_user):
    [alert] = raise_alerts(session, council, words=None, checked_by=duty_user)
    page = desk.get(f"/duty/alerts/{alert.id}")
    rows = _summary(page)
    assert rows["Phone"] == "07700 900123"
    assert rows["Private to them"] == "Yes"
    assert rows["May we say we are from the council"] == "No"
    assert rows["Safe times"] == "09:00 to 17:30"
    assert rows["Code word"] == "bluebell"
    assert rows["Checked as safe"].startswith("Yes, ")
    stored = session.execute(text("SELECT value, code_word FROM contact_point")).one()
    assert "7700900123" not in stored.value and "bluebell" not in stored.code_word


def test_a_route_not_checked_as_safe_says_not_to_use_it(desk, session, council):
    [alert] = raise_alerts(session, council, words=None, checked_by=None)
    rows = _summary(desk.get(f"/duty/alerts/{alert.id}"))
    assert rows["Checked as safe"] == "No: do not use this route until it has been checked"


def test_a_safety_request_shows_the_question_and_the_answer(desk, session, council):
    [alert] = raise_alerts(session, council, words=None, phone=False, reference="REF-1234")
    page = desk.get(f"/duty/alerts/{alert.id}")
    assert page.h1 == "Asked to be contacted about their safety"
    assert page.title.startswith("Asked to be contacted about their safety")
    rows = _summary(page)
    assert rows["Question"] == "Do you want someone to contact you about your safety?"
    assert rows["Answer"] == "Yes, please contact me"
    assert rows["How they answered"] == "Online"
    assert rows["Language of the answers"] == "English"
    assert rows["Who they are"] == "The adult the enquiry is about"
    assert rows["Case"] == "…1234"
    assert rows["Kind of enquiry"] == "Section 42 enquiry"
    assert "No contact details are held." in page.text


def test_the_persons_language_and_needs_are_shown(desk, session, council):
    [alert] = raise_alerts(session, council, words=None, language="cy")
    person = session.get(Participant, alert.participant_id)
    person.format_needs = ["easy_read", "large_print"]
    person.communication_notes = "Uses a communication board.\nPrefers mornings."
    session.commit()
    page = desk.get(f"/duty/alerts/{alert.id}")
    rows = _summary(page)
    assert rows["Their language"] == "Welsh"
    assert rows["Language of the answers"] == "Welsh"
    assert rows["Format needs"] == "Easy read, Large print"
    assert rows["Communication needs"] == "Uses a communication board. Prefers mornings."


def test_viewing_an_alert_is_audited_with_the_person_viewed(desk, session, council, duty_user):
    [alert] = raise_alerts(session, council, words=None)
    desk.get(f"/duty/alerts/{alert.id}")
    reload(session)
    events = session.scalars(select(AuditEvent).where(
        AuditEvent.action.in_(["alert_viewed", "participant_viewed"])).order_by(AuditEvent.id)).all()
    assert [(e.action, e.target_type, e.user_id) for e in events] == [
        ("alert_viewed", "Alert", duty_user.id), ("participant_viewed", "Participant", duty_user.id)]
    assert events[0].target_id == alert.id and events[1].target_id == alert.participant_id
    assert events[0].organisation_id == council.id
    assert events[1].detail == {"reason": "duty_alert", "alert_id": alert.id}


def test_an_answer_deleted_at_the_persons_request_is_not_shown(desk, session, council):
    [_, flagged] = raise_alerts(session, council)
    erase_response(session, flagged.response_id, Channel.WEB)
    session.commit()
    page = desk.get(f"/duty/alerts/{flagged.id}")
    assert "The answer is no longer held." in page.text
    assert "He still hits me" not in page.text
    assert page.findall(".//mark") == []


def test_highlighting_escapes_the_text_and_marks_every_occurrence():
    marked = highlight("<b>He HITS  me</b>\nand he hits me again", "hits me")
    assert str(marked) == ("&lt;b&gt;He <mark>HITS  me</mark>&lt;/b&gt;<br>\n"
                           "and he <mark>hits me</mark> again")
    assert str(highlight("shits meat", "hits me")) == "shits meat"
    assert str(highlight("text", None)) == "text"


def test_page_numbers_leave_gaps_between_far_pages():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 3) == [1, 2, 3]
    assert page_numbers(5, 9) == [1, None, 4, 5, 6, None, 9]

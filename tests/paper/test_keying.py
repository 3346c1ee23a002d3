"""Keying a returned paper form at /paper/key: the code first, then every question as printed,
recorded through record_answer as channel paper; and, when the council asks for it, a second
keying by someone else, with any difference settled before the answers count."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from feedback_app.consent import consent_state
from feedback_app.models import (
    Alert, Answer, Channel, ConsentKind, ConsentState, InvitationStatus, KeyingStatus, PaperKeying, Response,
    ResponseStatus,
)
from feedback_app.consent import record_consent
from feedback_app.tokens import new_reference_code

from tests.factories import answer, create_organisation, create_user

from .conftest import PASSWORD, audit_events, paper_invitation, reload

# The adult form without the outcomes question: what a person ticked, question by question.
TICKED = {"q-consent": "yes", "q-who": "adult", "q-listened": "a_bit", "q-involved": "yes",
          "q-respect": "-several", "q-safer": "no", "q-happy_now": "-unreadable", "q-contact_safety": "no",
          "q-quote_ok": "yes", "words-own_words": "The social worker came every week."}


def keying_data(received=None, **changes):
    received = received or date.today() - timedelta(days=1)
    data = {"received-day": str(received.day), "received-month": str(received.month),
            "received-year": str(received.year), **TICKED}
    for name, value in changes.items():
        name = name.replace("__", "-")
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def enter_code(client_request, code, expected_status=302):
    return client_request.post("/paper/key", {"code": code}, expected_status=expected_status)


def key_form(client_request, invitation, data, expected_status=302):
    # A form sent back with errors keeps what was chosen, so its radios may be checked.
    return client_request.post(f"/paper/key/{invitation.id}", data, expected_status=expected_status,
                               allow_checked_radios=True)


def stored(session, invitation):
    reload(session)
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if response is None:
        return None, {}
    rows = session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    return response, {row.question_key: (row.choice_key, row.free_text) for row in rows}


def test_a_typed_code_leads_to_its_form(signed_in, invitation):
    page = signed_in.get("/paper/key")
    assert page.h1 == "Key a returned paper form"
    typed = " " + invitation.reference_code.replace("-", " ").lower() + " "
    response = enter_code(signed_in, typed)
    assert response.headers["Location"] == f"/paper/key/{invitation.id}"
    form = signed_in.get(f"/paper/key/{invitation.id}")
    legends = [" ".join(legend.itertext()).strip() for legend in form.findall(".//legend")]
    assert legends[1:4] == ["Question 1: Do you want to answer some questions?",
                            "Question 2: Who is answering these questions?", "Question 3: Did people listen to you?"]
    assert form.by_id("q-listened").get("data-key") == "1"
    labels = [" ".join(label.itertext()).strip() for label in form.findall(".//label[@class='govuk-label govuk-radios__label']")]
    assert labels[:8] == ["1 Yes, I want to answer", "2 Not now. Ask me another time", "3 No, I do not want to answer",
                          "0 No tick", "More than one tick", "Cannot tell what is ticked", "1 Me",
                          "2 Me, with help from someone"]


@pytest.mark.parametrize("typed, message", [
    ("", "Enter the form code"),
    ("not a code", "This form code is not right: check each character against the form"),
])
def test_a_missing_or_mistyped_code_says_so(signed_in, typed, message):
    page = enter_code(signed_in, typed, expected_status=400)
    assert page.error_messages() == [message]


def test_a_code_with_one_character_wrong_is_mistyped_not_unknown(signed_in, invitation):
    code = invitation.reference_code
    wrong = code[:2] + ("X" if code[2] != "X" else "Y") + code[3:]
    assert enter_code(signed_in, wrong, 400).error_messages() == [
        "This form code is not right: check each character against the form"]


def test_another_councils_code_reads_as_unknown(signed_in, session):
    elsewhere = paper_invitation(session, create_organisation(session, name="Southbay Council"))
    assert enter_code(signed_in, elsewhere.reference_code, 400).error_messages() == [
        "There is no form with this code. Check it against the form"]
    assert enter_code(signed_in, new_reference_code(), 400).error_messages() == [
        "There is no form with this code. Check it against the form"]
    signed_in.get(f"/paper/key/{elsewhere.id}", expected_status=404)


def test_a_withdrawn_or_used_code_says_which(signed_in, session, invitation, council):
    record_consent(session, invitation.participant, ConsentKind.WITHDRAWN, Channel.STAFF)
    session.commit()
    assert enter_code(signed_in, invitation.reference_code, 400).error_messages() == [
        "Do not key this form: the request was cancelled, or the person said no or asked for their answers "
        "to be deleted"]
    used = paper_invitation(session, council)
    answer(session, used, ("consent", "yes"), channel=Channel.WEB, submit=True)
    assert enter_code(signed_in, used.reference_code, 400).error_messages() == [
        "The answers on this form are already recorded, keyed or given online"]


def test_keying_records_the_form_as_paper_answers(signed_in, session, invitation, practitioner):
    received = date.today() - timedelta(days=3)
    response = key_form(signed_in, invitation, keying_data(received))
    assert response.headers["Location"] == "/paper/key"
    assert f"Form {invitation.reference_code} is recorded." in signed_in.get("/paper/key").text
    stored_response, answers = stored(session, invitation)
    assert answers == {"consent": ("yes", None), "who": ("adult", None), "listened": ("a_bit", None),
                       "involved": ("yes", None), "respect": ("skip", None), "safer": ("no", None),
                       "happy_now": ("skip", None), "contact_safety": ("no", None),
                       "quote_ok": ("yes", None), "own_words": (None, "The social worker came every week.")}
    assert (stored_response.channel, stored_response.status) == (Channel.PAPER, ResponseStatus.SUBMITTED)
    assert stored_response.entered_by_id == practitioner.id
    assert stored_response.submitted_at == datetime.combine(received, datetime.min.time().replace(hour=12),
                                                            tzinfo=timezone.utc)
    assert {row.channel for row in session.scalars(select(Answer))} == {Channel.PAPER}
    assert consent_state(session, invitation.participant_id) == ConsentState.GIVEN
    assert reload(session, invitation).status == InvitationStatus.COMPLETED
    [keyed] = audit_events(session, "paper_form_keyed")
    assert keyed.user_id == practitioner.id
    keying = session.scalar(select(PaperKeying))
    assert (keying.status, keying.entries) == (KeyingStatus.RECORDED, None)
    # The same form cannot be keyed again.
    assert enter_code(signed_in, invitation.reference_code, 400).error_messages() == [
        "The answers on this form are already recorded, keyed or given online"]


def test_words_in_the_margin_are_kept_and_read_for_worrying_words(signed_in, session, invitation):
    key_form(signed_in, invitation, keying_data(**{"words__safer": "he still hits me when nobody is here"}))
    _, answers = stored(session, invitation)
    assert answers["safer"] == ("no", "he still hits me when nobody is here")
    alert = session.scalar(select(Alert))
    assert (alert.question_key, alert.matched_phrase) == ("safer", "hits me")


def test_a_form_that_does_not_say_yes_at_question_1_records_only_that(signed_in, session, invitation):
    key_form(signed_in, invitation, keying_data(q__consent="-none"))
    assert "Question 1 was not answered yes" in signed_in.get("/paper/key").text
    _, answers = stored(session, invitation)
    assert answers == {"consent": ("skip", None)}


def test_every_question_needs_a_mark_and_nothing_is_lost(signed_in, session, invitation):
    data = keying_data(q__listened=None, q__safer="definitely", words__own_words="Kept while fixing.")
    data["received-day"] = "31"
    data["received-month"] = "2"
    page = key_form(signed_in, invitation, data, expected_status=400)
    assert page.error_messages() == ["The date the form came back must be a real date",
                                   "Choose what is ticked for question 3, or ‘No tick’",
                                   "Choose one of the answers listed for question 6"]
    assert page.title.startswith("Error: ")
    assert page.by_id("q-involved").get("checked") is not None
    assert page.by_id("words-own_words").text == "Kept while fixing."
    assert stored(session, invitation) == (None, {})
    future = date.today() + timedelta(days=2)
    page = key_form(signed_in, invitation, keying_data(future), expected_status=400)
    assert page.error_messages() == ["The date the form came back must be today or in the past"]


def test_staff_of_other_roles_cannot_key(client_request, session, council):
    from feedback_app.models import Role
    from tests.factories import create_user

    analyst = create_user(session, council, Role.ANALYST, password=PASSWORD)
    client_request.login(analyst, PASSWORD)
    client_request.get("/paper/key", expected_status=403)


class TestSecondKeying:
    @pytest.fixture(autouse=True)
    def second_keying(self, session, council):
        council.settings = {**council.settings, "second_keying": True}
        session.commit()

    def _as(self, client_request, user):
        client_request.client.post("/logout")
        client_request.login(user, PASSWORD)
        return client_request

    def test_the_answers_count_once_two_people_agree(self, signed_in, session, invitation, second_practitioner):
        key_form(signed_in, invitation, keying_data())
        assert "A different person must now key it a second time" in signed_in.get("/paper/key").text
        assert stored(session, invitation) == (None, {})
        # The first person cannot be the second.
        assert enter_code(signed_in, invitation.reference_code).headers["Location"] == "/paper/key"
        assert "A different person must key it the second time" in signed_in.get("/paper/key").text

        second = self._as(signed_in, second_practitioner)
        assert enter_code(second, invitation.reference_code).headers["Location"] == f"/paper/key/{invitation.id}"
        blind = second.get(f"/paper/key/{invitation.id}")
        assert blind.title_caption == "Second keying" or "Second keying" in blind.text
        assert not [radio for radio in blind.findall(".//input[@type='radio']") if radio.get("checked") is not None]
        assert "The social worker came every week." not in blind.html
        key_form(second, invitation, keying_data())
        response, answers = stored(session, invitation)
        assert response.status == ResponseStatus.SUBMITTED and answers["listened"] == ("a_bit", None)
        assert {k.status for k in session.scalars(select(PaperKeying))} == {KeyingStatus.RECORDED}

    def test_differences_are_settled_side_by_side(self, signed_in, session, invitation, second_practitioner):
        key_form(signed_in, invitation, keying_data())
        second = self._as(signed_in, second_practitioner)
        response = key_form(second, invitation, keying_data(q__listened="yes", words__safer="Not at night"))
        assert response.headers["Location"] == f"/paper/key/{invitation.id}/settle"
        assert stored(session, invitation) == (None, {})
        page = second.get(f"/paper/key/{invitation.id}/settle")
        rows = [["".join(cell.itertext()).strip() for cell in row] for row in page.findall(".//tbody/tr")]
        assert rows == [["3. Did people listen to you?", "2 A bit", "1 Yes"],
                        ["6. Do you feel safer now?", "3 No", "3 No: “Not at night”"]]
        page = second.post(f"/paper/key/{invitation.id}/settle", {"pick-listened": "second"}, expected_status=400,
                           allow_checked_radios=True)
        assert page.by_id("pick-listened-2").get("checked") is not None
        assert page.error_messages() == ["Choose which keying of question 6 matches the form"]
        second.post(f"/paper/key/{invitation.id}/settle", {"pick-listened": "second", "pick-safer": "first"})
        response, answers = stored(session, invitation)
        assert answers["listened"] == ("yes", None) and answers["safer"] == ("no", None)
        assert response.status == ResponseStatus.SUBMITTED
        assert [e.action for e in audit_events(session) if e.action.startswith("paper_")] == [
            "paper_form_keyed", "paper_form_keyed", "paper_keying_settled"]


def test_the_quarter_shows_forms_waiting_for_a_second_keying(client_request, session, council, invitation,
                                                              practitioner):
    from feedback_app.models import Role
    from feedback_app.reports.periods import quarter_of

    council.settings = {**council.settings, "second_keying": True}
    session.commit()
    client_request.login(practitioner, PASSWORD)
    received = date.today() - timedelta(days=1)
    key_form(client_request, invitation, keying_data(received))
    client_request.client.post("/logout")
    analyst = create_user(session, council, Role.ANALYST, password=PASSWORD)
    client_request.login(analyst, PASSWORD)
    quarter = quarter_of(received)
    page = client_request.get(f"/reports/{quarter.slug}")
    assert ("1 paper form that came back in this period waits for a second keying, or for a difference "
            "between two keyings to be settled. Its answers are not in these figures yet.") in page.text
    earlier = client_request.get(f"/reports/{quarter.previous().slug}")
    assert "waits for a second keying" not in earlier.text

"""Contact details and the safe-contact check that must come before any use of them."""
from datetime import time

import pytest
from sqlalchemy import select

from feedback_app.models import ContactKind, ContactPoint

from .conftest import audit_events, reload


def contacts(session):
    reload(session)
    return session.scalars(select(ContactPoint).order_by(ContactPoint.id)).all()


def test_a_phone_number_is_stored_normalised_and_cannot_be_used_until_checked(signed_in, session, adult):
    assert signed_in.get(f"/casework/participants/{adult.id}/phone/new").h1 == "Add a phone number"
    response = signed_in.post(f"/casework/participants/{adult.id}/phone/new", {"phone": "07911 123 456"})
    [contact] = contacts(session)
    assert response.headers["Location"] == f"/casework/contact-points/{contact.id}/safe-contact-check"
    assert (contact.kind, contact.value, contact.safe_checked_at) == (ContactKind.PHONE, "+447911123456", None)
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "Cannot be used: safe-contact check not done" in page.text
    assert "There is no mobile phone number or postal address with a completed safe-contact check" in page.text
    assert audit_events(session, "contact_point_added")[0].detail == {"kind": "phone", "participant_id": adult.id}


@pytest.mark.parametrize("phone, message", [
    ("", "Enter a phone number"),
    ("12345", "Enter a phone number, like 07700 900 982 or +44 7700 900 982"),
    ("call me", "Enter a phone number, like 07700 900 982 or +44 7700 900 982"),
])
def test_invalid_phone_numbers_are_refused(signed_in, session, adult, phone, message):
    page = signed_in.post(f"/casework/participants/{adult.id}/phone/new", {"phone": phone}, expected_status=200)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == "#phone"
    assert contacts(session) == []


def test_a_postal_address_with_a_tidied_postcode(signed_in, session, adult):
    signed_in.post(f"/casework/participants/{adult.id}/address/new", {
        "address_line_1": "1 High Street", "address_line_2": "", "town": "Northtown", "postcode": "nt11aa"})
    [contact] = contacts(session)
    assert contact.value == "1 High Street\nNorthtown\nNT1 1AA"


@pytest.mark.parametrize("data, field, message", [
    ({"postcode": "NOT A CODE"}, "postcode", "Enter a real postcode"),
    ({"postcode": "SW1A 1AAA"}, "postcode", "Enter a real postcode"),
    ({"postcode": ""}, "postcode", "Enter postcode"),
    ({"address_line_1": ""}, "address_line_1", "Enter address line 1, typically the building and street"),
    ({"town": "x" * 101}, "town", "Each line of the address must be 100 characters or fewer"),
])
def test_bad_addresses_are_refused(signed_in, session, adult, data, field, message):
    address = {"address_line_1": "1 High Street", "town": "Northtown", "postcode": "NT1 1AA", **data}
    page = signed_in.post(f"/casework/participants/{adult.id}/address/new", address, expected_status=200)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert contacts(session) == []


def _add_phone(signed_in, session, adult, number="07911 123456"):
    signed_in.post(f"/casework/participants/{adult.id}/phone/new", {"phone": number})
    return contacts(session)[-1]


def test_completing_the_safe_contact_check(signed_in, session, practitioner, adult):
    contact = _add_phone(signed_in, session, adult)
    page = signed_in.get(f"/casework/contact-points/{contact.id}/safe-contact-check")
    assert page.h1 == "Safe-contact check" and "07911 123456" in page.text
    signed_in.post(f"/casework/contact-points/{contact.id}/safe-contact-check", {
        "is_private": "yes", "may_name_council": "no", "safe_from": "9.30am", "safe_until": "17:00",
        "code_word": "Ask for Sam from the library"})
    contact = reload(session, contact)
    assert contact.safe_check_complete and contact.safe_checked_by_id == practitioner.id
    assert (contact.safe_from, contact.safe_until) == (time(9, 30), time(17, 0))
    assert contact.code_word == "Ask for Sam from the library" and contact.may_name_council is False
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "Can be used" in page.text and "09:30 to 17:00" in page.text and "Can receive text messages" in page.text
    assert audit_events(session, "safe_contact_checked")[0].detail == {"private": True}


def test_a_route_that_is_not_private_is_never_usable(signed_in, session, adult):
    contact = _add_phone(signed_in, session, adult)
    signed_in.post(f"/casework/contact-points/{contact.id}/safe-contact-check",
                   {"is_private": "no", "may_name_council": "yes", "code_word": "ignored"})
    contact = reload(session, contact)
    assert contact.is_private is False and contact.safe_checked_at and not contact.safe_check_complete
    assert contact.code_word is None and contact.may_name_council is False
    assert "Cannot be used: not private to the person" in signed_in.get(f"/casework/participants/{adult.id}").text


def test_a_landline_can_be_checked_but_not_texted(signed_in, session, adult):
    contact = _add_phone(signed_in, session, adult, "0121 496 0000")
    signed_in.post(f"/casework/contact-points/{contact.id}/safe-contact-check",
                   {"is_private": "yes", "may_name_council": "no"})
    page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "Cannot receive text messages: not a mobile number" in page.text
    assert "There is no mobile phone number or postal address with a completed safe-contact check" in page.text


@pytest.mark.parametrize("data, field, message", [
    ({"is_private": ""}, "is_private", "Select whether this is private to the person"),
    ({"may_name_council": ""}, "may_name_council", "Select whether a message may say it is from the council"),
    ({"safe_from": "teatime", "safe_until": "18:00"}, "safe_from", "Enter the time it is safe from, like 09:30"),
    ({"safe_from": "09:00", "safe_until": "25:00"}, "safe_until", "Enter the time it is safe until, like 17:00"),
    ({"safe_from": "09:00"}, "safe_until", "Enter both safe times, or leave both empty"),
    ({"safe_from": "18:00", "safe_until": "09:00"}, "safe_until",
     "The time it is safe until must be after the time it is safe from"),
    ({"code_word": "x" * 201}, "code_word", "Code word or instruction must be 200 characters or fewer"),
])
def test_bad_safe_contact_answers_are_refused(signed_in, session, adult, data, field, message):
    contact = _add_phone(signed_in, session, adult)
    answers = {"is_private": "yes", "may_name_council": "no", **data}
    page = signed_in.post(f"/casework/contact-points/{contact.id}/safe-contact-check", answers,
                          expected_status=200, allow_checked_radios=True)
    assert page.error_messages() == [message]
    assert page.find(".//div[@class='govuk-error-summary']//a").get("href") == f"#{field}"
    assert reload(session, contact).safe_checked_at is None


def test_an_administrator_sees_contact_details_and_code_words_masked(signed_in, client_request, session, council,
                                                                      adult):
    contact = _add_phone(signed_in, session, adult)
    signed_in.post(f"/casework/contact-points/{contact.id}/safe-contact-check", {
        "is_private": "yes", "may_name_council": "no", "code_word": "Ask for Sam from the library"})
    practitioner_page = signed_in.get(f"/casework/participants/{adult.id}")
    assert "07911 123456" in practitioner_page.text and "Ask for Sam" in practitioner_page.text

    from feedback_app.models import Role
    from tests.factories import create_user
    from .conftest import PASSWORD
    admin = create_user(session, council, Role.ADMIN, password=PASSWORD)
    client_request.login(admin, PASSWORD)
    page = client_request.get(f"/casework/participants/{adult.id}")
    assert "07911" not in page.text and "123456" not in page.text and "Ask for Sam" not in page.text
    assert "Ending in 456" in page.text and "only practitioners working with the person see them" in page.text
    # The pages that show a route whole are not theirs.
    assert client_request.client.get(f"/casework/contact-points/{contact.id}/safe-contact-check").status_code == 403

import pytest

from feedback_app.phones import InvalidPhoneNumber, display_phone, normalise_phone


@pytest.mark.parametrize("typed", ["07911 123456", "+44 7911 123456", "(07911) 123-456", "0044 7911 123456"])
def test_uk_numbers_are_normalised(typed):
    assert normalise_phone(typed) == "+447911123456"


@pytest.mark.parametrize("typed", ["", "hello", "0770", "+44 20 7946 00000000"])
def test_invalid_numbers_are_refused(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)


def test_landlines_cannot_receive_texts():
    assert normalise_phone("020 7946 0000") == "+442079460000"
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone("020 7946 0000", mobile_only=True)


def test_display_is_national_format():
    assert display_phone("+447911123456") == "07911 123456"


@pytest.mark.parametrize("typed", ["07700 900 982", "+44 7700 900982", "07700900000", "07700 900999"])
def test_ofcom_s_drama_mobile_numbers_are_mobile_numbers(typed):
    # The examples in our own hints, and the numbers the demonstration data texts.
    from feedback_app.casework.records.contacts import can_receive_texts
    from feedback_app.models import ContactKind, ContactPoint

    e164 = normalise_phone(typed, mobile_only=True)
    assert e164.startswith("+447700900") and len(e164) == 13
    assert can_receive_texts(ContactPoint(kind=ContactKind.PHONE, value=e164))


@pytest.mark.parametrize("typed", ["07700 901 000", "07700 900 9999", "+1 7700 900 982"])
def test_only_the_drama_range_is_let_through(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)

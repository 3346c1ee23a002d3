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

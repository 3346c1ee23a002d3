"""Phone numbers: validated and normalised to E.164, UK numbers by default."""
from __future__ import annotations

import phonenumbers
from flask_babel import lazy_gettext as _l


class InvalidPhoneNumber(ValueError):
    pass


def normalise_phone(raw: str, region: str = "GB", mobile_only: bool = False) -> str:
    """Return the number in E.164 form (``+447700900123``) or raise ``InvalidPhoneNumber``."""
    try:
        number = phonenumbers.parse((raw or "").strip(), region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(_l("Enter a phone number, like 07700 900 982 or +44 7700 900 982"))
    if mobile_only and phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhoneNumber(_l("Enter a mobile phone number so that we can send a text message"))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
